#include "abp/fast/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/progress.hpp"
#include "abp/io/record_stream.hpp"

namespace abp {
namespace {

// A record's values, normalised and hashed ahead of interning; owns its normalised copies.
struct Prepared {
  std::string_view title;
  std::string_view publisher;
  std::string_view author;  // empty and unhashed with --split-authors (done in add())
  std::uint64_t title_hash = 0;
  std::uint64_t publisher_hash = 0;
  std::uint64_t author_hash = 0;
  std::uint32_t first_length = 0;  // reference layout: bytes of the first-name part
  Id author_id = 0;                // interned on the reading thread, unless --split-authors
  bool author_added = false;       // ... and new there: its UTF-8 is checked in add()
  std::string title_copy;
  std::string publisher_copy;
  std::string author_copy;
  std::string first_copy;
  std::string last_copy;
};

// Turns raw field values into interned ids, reusing its buffers across records. Records go
// through in steps so work can overlap: on the reading thread prepare_author() normalises
// and hashes the author and intern_author() interns it (without --split-authors the author
// pool is that thread's alone); on the loading thread prepare_title() does the same for
// title and publisher, and add() interns them, checks UTF-8 and keeps the fact, throwing in
// the order a record's values are used, exactly as one thread doing everything in file order
// would. Only add() throws data errors.
class FactMaker {
 public:
  FactMaker(Loaded& loaded, const ColumnMap& columns, const LoadOptions& options,
            const std::string& file)
      : catalogue_(loaded.catalogue),
        first_name_lengths_(loaded.first_name_lengths),
        columns_(columns),
        split_(options.split_authors),
        file_(file) {}

  // Title and publisher: done on the loading thread, which interns them.
  void prepare_title(const RecordView& record, Prepared& p) const {
    p.title = normalized_hashed(record.fields[field(columns_.title)], p.title_copy, p.title_hash);
    p.publisher = normalized_hashed(record.fields[field(columns_.publisher)], p.publisher_copy,
                                    p.publisher_hash);
  }

  // The author: done on the reading thread, which interns it.
  void prepare_author(const RecordView& record, Prepared& p) const {
    p.author = {};
    if (!split_.empty()) return;
    if (columns_.first_last) {
      // SPEC §1: first + " " + last, each part normalised, an empty part dropped.
      const std::string_view first =
          normalized(record.fields[field(columns_.first_name)], p.first_copy);
      const std::string_view last =
          normalized(record.fields[field(columns_.last_name)], p.last_copy);
      p.first_length = static_cast<std::uint32_t>(first.size());
      // The reference layout has last_name right after first_name: both as they stand in
      // the batch, the name is there already.
      p.author = RecordBatch::adjacent_joined(first, last);
      if (p.author.empty()) {
        p.author_copy.assign(first);
        if (!first.empty() && !last.empty()) p.author_copy += ' ';
        p.author_copy.append(last);
        p.author = p.author_copy;
      }
    } else {
      p.author = normalized(record.fields[field(columns_.author)], p.author_copy);
    }
    p.author_hash = hash_bytes(p.author);
  }

  bool authors_ahead() const { return split_.empty(); }

  void prefetch_author(const Prepared& p, bool entry) const {
    entry ? catalogue_.authors().prefetch_entry(p.author_hash)
          : catalogue_.authors().prefetch_slot(p.author_hash);
  }

  void intern_author(Prepared& p) {
    p.author_id = catalogue_.authors().intern(p.author, p.author_hash, &p.author_added);
    // Ids are dense and handed out here in order, so the index of a length is its author id.
    if (p.author_added && columns_.first_last) first_name_lengths_.push_back(p.first_length);
  }

  void prefetch_title(const Prepared& p, bool entry) const {
    entry ? catalogue_.titles().prefetch_entry(p.title_hash)
          : catalogue_.titles().prefetch_slot(p.title_hash);
  }

  void add(const RecordView& record, const Prepared& p) {
    line_ = record.line;
    const Id title = intern(catalogue_.titles(), p.title, p.title_hash, "title");
    const Id publisher =
        intern(catalogue_.publishers(), p.publisher, p.publisher_hash, "publisher");
    if (columns_.first_last) {
      // An author seen before was checked then: its name is valid UTF-8, so the parts it was
      // joined from now are too (blanks are ASCII and never split a character). Only a new
      // author's parts need a look, which keeps the errors where a check of every record
      // would put them.
      if (!split_.empty() || p.author_added) {
        check_utf8(record.fields[field(columns_.first_name)], "first name");
        check_utf8(record.fields[field(columns_.last_name)], "last name");
      }
      if (split_.empty()) {
        catalogue_.add(Fact{p.author_id, title, publisher});
        return;
      }
      normalize_value_into(record.fields[field(columns_.first_name)], first_);
      normalize_value_into(record.fields[field(columns_.last_name)], last_);
      if (!first_.empty() && !last_.empty()) first_ += ' ';
      first_ += last_;
      add_authors(first_, title, publisher);
    } else if (split_.empty()) {
      if (p.author_added) check_utf8(p.author, "author");
      catalogue_.add(Fact{p.author_id, title, publisher});
    } else {
      const std::string_view author = record.fields[field(columns_.author)];
      check_utf8(author, "author");
      normalize_value_into(author, first_);
      add_authors(first_, title, publisher);
    }
  }

 private:
  static std::size_t field(int column) { return static_cast<std::size_t>(column); }

  // Returns `raw` normalised: itself when it already is, else a copy made in `copy`.
  static std::string_view normalized(std::string_view raw, std::string& copy) {
    if (is_normalized(raw)) return raw;
    normalize_value_into(raw, copy);
    return copy;
  }

  // normalized(), and sets `hash` to its hash: in one pass over a value that is normalised.
  static std::string_view normalized_hashed(std::string_view raw, std::string& copy,
                                            std::uint64_t& hash) {
    if (hash_if_normalized(raw, hash)) return raw;
    normalize_value_into(raw, copy);
    hash = hash_bytes(copy);
    return copy;
  }

  // --split-authors: each part is an author of its own; empty parts are dropped.
  void add_authors(std::string_view authors, Id title, Id publisher) {
    bool any = false;
    std::size_t begin = 0;
    for (;;) {
      const std::size_t end = authors.find(split_, begin);
      normalize_value_into(authors.substr(begin, end - begin), part_);
      if (!part_.empty() || (end == std::string_view::npos && !any)) {
        catalogue_.add(Fact{catalogue_.authors().intern(part_), title, publisher});
        any = true;
      }
      if (end == std::string_view::npos) break;
      begin = end + split_.size();
    }
  }

  // Interns a normalised value; its UTF-8 is checked once, when the pool first sees it.
  Id intern(StringPool& pool, std::string_view value, std::uint64_t hash, const char* what) {
    bool added = false;
    const Id id = pool.intern(value, hash, &added);
    if (added) check_utf8(value, what);
    return id;
  }

  void check_utf8(std::string_view value, const char* what) const {
    if (!is_valid_utf8(value)) throw_invalid_utf8(what, file_, line_);
  }

  CatalogueBuilder& catalogue_;
  std::vector<std::uint32_t>& first_name_lengths_;
  const ColumnMap& columns_;
  const std::string& split_;
  const std::string& file_;
  std::uint64_t line_ = 0;
  std::string first_;
  std::string last_;
  std::string part_;
};

// Calls use(i) for i in [0, n), with the memory loads of upcoming records started early:
// prefetch(j, false) asks for record j's table slot kSlotAhead records before use(j),
// prefetch(j, true) for the entry in that slot kEntryAhead records before it, so every
// lookup finds both in the cache. Each happens exactly once per j, in that order, before
// use(j).
template <typename Prefetch, typename Use>
void pipelined(std::size_t n, Prefetch prefetch, Use use) {
  constexpr std::size_t kSlotAhead = 16;
  constexpr std::size_t kEntryAhead = 8;
  for (std::size_t j = 0; j < std::min(n, kSlotAhead); ++j) prefetch(j, false);
  for (std::size_t j = 0; j < std::min(n, kEntryAhead); ++j) prefetch(j, true);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kSlotAhead < n) prefetch(i + kSlotAhead, false);
    if (i + kEntryAhead < n) prefetch(i + kEntryAhead, true);
    use(i);
  }
}

}  // namespace

Loaded load_catalogue(std::unique_ptr<ByteSource> source, const std::string& file,
                      const LoadOptions& options) {
  // A row of a real catalogue takes well over 16 bytes; a file of tiny rows grows the list
  // once or twice more, as a pipe does.
  const std::uint64_t size_hint = source->size_hint();
  // A file cannot keep a reading thread waiting; a pipe can (see RecordStream).
  const bool threaded = source->is_regular_file();
  ProgressMeter* const progress = options.progress;
  if (progress != nullptr) source = progress->watch(std::move(source));  // the file's bytes
  if (!options.encoding.empty()) {
    source = make_transcoding_source(std::move(source), options.encoding, file);
  }
  LineSource lines(std::move(source), file);
  CsvReader reader(lines, options.dialect, file);

  Loaded loaded;
  Record header;
  // SPEC §2: the first record that is not blank is the header.
  if (!reader.next(header)) {
    throw_no_header(file);
  }
  const std::uint64_t header_line = header.line;
  loaded.shape.header.assign(header.fields.begin(), header.fields.end());
  loaded.shape.columns = resolve_columns(loaded.shape.header, options.columns, file, header_line);
  const std::size_t width = loaded.shape.header.size();

  loaded.catalogue.reserve(static_cast<std::size_t>(size_hint / 16));
  {
    // Tables sized up front are not rehashed as they fill. A catalogue row takes some 50
    // bytes; guess a new title for every other row and a new author for every eighth. A
    // guess too small only leaves some growing to do; one too large costs memory the strings
    // never use, so no more than 6M strings (a 64 MiB table) are reserved for.
    constexpr std::size_t kMostReserved = 6u << 20;
    const auto rows = static_cast<std::size_t>(size_hint / 48);
    loaded.catalogue.titles().reserve(std::min(rows / 2, kMostReserved));
    loaded.catalogue.authors().reserve(std::min(rows / 8, kMostReserved));
  }
  FactMaker maker(loaded, loaded.shape.columns, options, file);
  std::uint64_t records = 0;
  {
    // For a file, records are split and their authors normalised, hashed and interned on a
    // second thread while this one does the same for titles and publishers; otherwise the
    // same steps run here, one batch at a time.
    std::vector<Prepared> prepared[RecordStream::kBatches];
    RecordStream stream(
        reader,
        [&](const RecordBatch& batch) {
          std::vector<Prepared>& out = prepared[batch.slot()];
          if (out.size() < batch.size()) out.resize(batch.size());
          for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].size == width) maker.prepare_author(batch[i], out[i]);
          }
          if (!maker.authors_ahead()) return;
          pipelined(
              batch.size(),
              [&](std::size_t j, bool entry) {
                if (batch[j].size == width) maker.prefetch_author(out[j], entry);
              },
              [&](std::size_t i) {
                if (batch[i].size == width) maker.intern_author(out[i]);
              });
        },
        threaded);
    while (const RecordBatch* batch = stream.next()) {
      records += batch->size();
      if (progress != nullptr) progress->set_records(records);
      std::vector<Prepared>& ready = prepared[batch->slot()];
      pipelined(
          batch->size(),
          [&](std::size_t j, bool entry) {
            if ((*batch)[j].size != width) return;
            if (!entry) maker.prepare_title((*batch)[j], ready[j]);
            maker.prefetch_title(ready[j], entry);
          },
          [&](std::size_t i) {
            const RecordView record = (*batch)[i];
            if (record.size != width) {
              if (!options.skip_bad_rows) {
                throw_wrong_field_count(record.size, width, file, record.line);
              }
              loaded.skipped.add(record.line);
              return;
            }
            maker.add(record, ready[i]);
          });
    }
  }
  loaded.shape.line_end = lines.first_line_end();
  return loaded;
}

void throw_no_header(const std::string& file) {
  throw Error(ExitCode::kDataErr, "no header: the file is empty or holds only blank lines", file);
}

void throw_wrong_field_count(std::size_t fields, std::size_t header_fields, const std::string& file,
                             std::uint64_t line) {
  throw Error(ExitCode::kDataErr,
              fmt::format("this record has {} fields but the header has {}; fix it, or pass "
                          "--skip-bad-rows to leave such records out",
                          fields, header_fields),
              file, line);
}

void throw_invalid_utf8(const char* what, const std::string& file, std::uint64_t line) {
  throw Error(ExitCode::kDataErr,
              fmt::format("the {} is not valid UTF-8; name the file's encoding with --encoding "
                          "(e.g. --encoding cp1252)",
                          what),
              file, line);
}

std::string describe_skipped(const SkippedRows& skipped, std::size_t header_fields) {
  std::string lines;
  for (const std::uint64_t line : skipped.first_lines) {
    lines += lines.empty() ? "" : ", ";
    lines += std::to_string(line);
  }
  if (skipped.count > skipped.first_lines.size()) lines += ", ...";
  return fmt::format("skipped {} record{} whose field count differs from the header's {} ({} {})",
                     skipped.count, skipped.count == 1 ? "" : "s", header_fields,
                     skipped.count == 1 ? "line" : "lines", lines);
}

}  // namespace abp
