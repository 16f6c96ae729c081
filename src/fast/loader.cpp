#include "abp/fast/loader.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "abp/core/error.hpp"
#include "abp/core/record_to_fact.hpp"
#include "abp/fast/cache_line.hpp"
#include "abp/fast/table_sizing.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/progress.hpp"
#include "abp/io/record_stream.hpp"

namespace abp {
namespace {

// One record of a batch on its way to a fact: its kind, and its values as the rules make them,
// hashed ahead of interning. Kept small: one is written on one thread and read on the other
// for every record, and a batch's worth should stay in the cache between the two. The copies
// a value needs when the rules change it live apart, in a FactScratch of the same index, which
// most records never touch.
struct Prepared {
  std::string_view author;  // empty with --split-authors (done in add())
  std::string_view title;
  std::string_view publisher;
  std::uint64_t author_hash = 0;
  std::uint64_t title_hash = 0;
  std::uint64_t publisher_hash = 0;
  std::uint32_t first_name_length = 0;  // reference layout: bytes of the first-name part
  Id author_id = 0;                     // interned on the reading thread, unless --split-authors
  RecordKind kind = RecordKind::kFact;
  bool author_added = false;  // ... and new there: its UTF-8 is checked in add()
};

// Feeds records through core's RecordRules into the catalogue, in steps so work can overlap:
// on the reading thread prepare_author() takes the record's kind and normalises and hashes
// the author, and intern_author() interns it (without --split-authors the author pool is that
// thread's alone); on the loading thread prepare_title() does the same for title and
// publisher, and add() interns them, checks UTF-8 and keeps the fact. add() meets records in
// file order and throws exactly where RecordRules::apply() over each record would: a value
// is checked when its pool first sees it, since one seen before was found valid then.
//
// Both threads read the maker and its rules for every record. Kept on the stack among the
// loading thread's own variables, which it writes for every record, they could share a cache
// line with one of them, and the reading thread would then wait for that line record after
// record: whole runs took 5.3 s of CPU instead of 4.4 s, depending on where in a cache line
// the stack happened to begin (see bench/README.md, eleventh round). So the maker owns the
// rules, and its cache lines are its own.
class alignas(kCacheLine) FactMaker {
 public:
  FactMaker(Loaded& loaded, RecordRules rules, bool keep_first_name_lengths)
      : rules_(std::move(rules)),
        catalogue_(loaded.catalogue),
        skipped_(loaded.skipped),
        first_name_lengths_(keep_first_name_lengths && rules_.joins_names() &&
                                    !rules_.splits_authors()
                                ? &loaded.first_name_lengths
                                : nullptr) {}

  // The reading thread: the record's kind, and its author ready to intern.
  void prepare_author(const RecordView& record, Prepared& p, FactScratch& scratch) const {
    p.kind = rules_.classify(record.fields, record.size);
    p.author = {};
    if (p.kind != RecordKind::kFact || rules_.splits_authors()) return;
    if (rules_.joins_names()) {
      const auto [first, last] =
          rules_.name_parts(record.fields, scratch, record.fields_normalised);
      p.first_name_length = static_cast<std::uint32_t>(first.size());
      // The batch keeps a record's fields side by side, a space between: when first_name and
      // last_name are adjacent and already normalised, the joined name is there already.
      p.author = RecordBatch::adjacent_joined(first, last);
      if (p.author.empty()) p.author = RecordRules::joined_name(first, last, scratch.author);
    } else {
      p.author = rules_.author(record.fields, scratch, record.fields_normalised);
    }
    p.author_hash = hash_bytes(p.author);
  }

  bool authors_ahead() const { return !rules_.splits_authors(); }

  void prefetch_author(const Prepared& p, bool entry) const {
    entry ? catalogue_.authors().prefetch_entry(p.author_hash)
          : catalogue_.authors().prefetch_slot(p.author_hash);
  }

  void intern_author(Prepared& p) {
    p.author_id = catalogue_.authors().intern(p.author, p.author_hash, &p.author_added);
    // Ids are dense and handed out here in order, so the index of a length is its author id.
    if (p.author_added && first_name_lengths_ != nullptr) {
      first_name_lengths_->push_back(p.first_name_length);
    }
  }

  // The loading thread: title and publisher, normalised and hashed.
  void prepare_title(const RecordView& record, Prepared& p, FactScratch& scratch) const {
    p.title = rules_.title(record.fields, scratch.title, record.fields_normalised);
    p.title_hash = hash_bytes(p.title);
    p.publisher = rules_.publisher(record.fields, scratch.publisher, record.fields_normalised);
    p.publisher_hash = hash_bytes(p.publisher);
  }

  void prefetch_title(const Prepared& p, bool entry) const {
    entry ? catalogue_.titles().prefetch_entry(p.title_hash)
          : catalogue_.titles().prefetch_slot(p.title_hash);
  }

  void add(const RecordView& record, Prepared& p, FactScratch& scratch) {
    if (p.kind != RecordKind::kFact) {
      skipped_.leave_out(p.kind, record.size, record.line);
      return;
    }
    bool added = false;
    const Id title = catalogue_.titles().intern(p.title, p.title_hash, &added);
    if (added) rules_.check_title(p.title, record.line);
    const Id publisher = catalogue_.publishers().intern(p.publisher, p.publisher_hash, &added);
    if (added) rules_.check_publisher(p.publisher, record.line);
    if (rules_.splits_authors()) {
      rules_.check_author(record.fields, record.line);
      rules_.for_each_author(
          rules_.author(record.fields, scratch, record.fields_normalised), part_,
          [&](std::string_view author) {
            catalogue_.add(Fact{catalogue_.authors().intern(author), title, publisher});
          });
      return;
    }
    if (p.author_added) rules_.check_author(record.fields, record.line);
    catalogue_.add(Fact{p.author_id, title, publisher});
  }

 private:
  const RecordRules rules_;
  CatalogueBuilder& catalogue_;
  SkippedRecords& skipped_;
  std::vector<std::uint32_t>* first_name_lengths_;  // null unless asked for and meaningful
  // Written by the loading thread for every record with --split-authors: not on a line the
  // reading thread reads.
  alignas(kCacheLine) std::string part_;
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

// Sizes a string table once (fast/table_sizing.hpp) from the first kSampleRows rows of a
// large file: early, because every string interned before is interned again when the table
// grows (at 1M rows, sizing after 2^16 rows instead of 2^18 made the whole report 0.95x).
class TableSizing {
 public:
  TableSizing(std::uint64_t file_bytes, std::size_t rows_per_string)
      : file_bytes_(file_bytes), rows_per_string_(rows_per_string) {}

  // Called before each batch of `rows` rows (`bytes` of fields) is interned into `pool`, by
  // the thread that interns them.
  void before_batch(std::size_t rows, std::size_t bytes, StringPool& pool) {
    if (done_) return;
    if (sample_.rows >= kSampleRows) {
      done_ = true;
      sample_.strings = pool.size();
      const std::size_t strings = strings_to_reserve(sample_, file_bytes_, rows_per_string_);
      if (strings > 0) pool.reserve(strings);
    }
    sample_.rows += rows;
    sample_.bytes += bytes;
  }

 private:
  static constexpr std::size_t kSampleRows = std::size_t{1} << 16;
  std::uint64_t file_bytes_;
  std::size_t rows_per_string_;
  TableSample sample_;
  bool done_ = false;
};

}  // namespace

Loaded load_catalogue(std::unique_ptr<ByteSource> source, const std::string& file,
                      const LoadOptions& options) {
  // A row of a real catalogue takes well over 16 bytes; a file of tiny rows grows the list
  // once or twice more, as a pipe does.
  const std::uint64_t size_hint = source->size_hint();
  ProgressMeter* const progress = options.progress;
  if (progress != nullptr) source = progress->watch(std::move(source));  // the file's bytes
  if (!options.encoding.empty()) {
    source = make_transcoding_source(std::move(source), options.encoding, file);
  }
  LineSource lines(std::move(source), file);
  CsvReader reader(lines, options.dialect, file);
  // Records are read on a thread of their own when nothing can keep it waiting once this one
  // stops: a file, or a pipe whose reads stop_waiting() ends (see RecordStream). A stream
  // read ahead whole into memory is small: one thread does.
  const bool threaded = lines.can_stop_waiting();

  Loaded loaded;
  Record header;
  // SPEC §2: the first record that is not blank is the header.
  if (!reader.next(header)) {
    throw_no_header(file);
  }
  check_header_start(header.fields[0], header.line, !options.encoding.empty(), file);
  loaded.shape.header.assign(header.fields.begin(), header.fields.end());
  loaded.shape.columns = resolve_columns(loaded.shape.header, options.columns, file, header.line);
  RecordRules rules(loaded.shape.header, loaded.shape.columns, options.split_authors, file);
  loaded.skipped = SkippedRecords(options.skip_bad_rows, rules.header_fields(), file);

  if (options.drop_repeated_facts) loaded.catalogue.drop_repeated_facts();
  // Nothing looks titles up by id while reading: their index is made after the table is gone.
  loaded.catalogue.titles().defer_ids();
  loaded.catalogue.reserve(static_cast<std::size_t>(size_hint / 16));
  FactMaker maker(loaded, std::move(rules), options.keep_first_name_lengths);
  std::uint64_t records = 0;
  {
    // For a file, records are split, classified and their authors normalised, hashed and
    // interned on a second thread while this one does the same for titles and publishers;
    // otherwise the same steps run here, one batch at a time.
    std::vector<Prepared> prepared[RecordStream::kBatches];
    std::vector<FactScratch> scratch[RecordStream::kBatches];  // index for index with prepared
    // Each thread sizes the tables it fills: authors on the reading thread unless
    // --split-authors leaves them to this one, titles here.
    TableSizing author_sizing(size_hint, 8);
    TableSizing title_sizing(size_hint, 2);
    RecordStream stream(
        reader,
        [&](const RecordBatch& batch) {
          if (maker.authors_ahead()) {
            author_sizing.before_batch(batch.size(), batch.bytes(), loaded.catalogue.authors());
          }
          std::vector<Prepared>& out = prepared[batch.slot()];
          std::vector<FactScratch>& copies = scratch[batch.slot()];
          if (out.size() < batch.size()) {
            out.resize(batch.size());
            copies.resize(batch.size());
          }
          for (std::size_t i = 0; i < batch.size(); ++i) {
            maker.prepare_author(batch[i], out[i], copies[i]);
          }
          if (!maker.authors_ahead()) return;
          pipelined(
              batch.size(),
              [&](std::size_t j, bool entry) {
                if (out[j].kind == RecordKind::kFact) maker.prefetch_author(out[j], entry);
              },
              [&](std::size_t i) {
                if (out[i].kind == RecordKind::kFact) maker.intern_author(out[i]);
              });
        },
        threaded, [&lines] { lines.stop_waiting(); });
    while (const RecordBatch* batch = stream.next()) {
      title_sizing.before_batch(batch->size(), batch->bytes(), loaded.catalogue.titles());
      if (!maker.authors_ahead()) {
        author_sizing.before_batch(batch->size(), batch->bytes(), loaded.catalogue.authors());
      }
      records += batch->size();
      if (progress != nullptr) progress->set_records(records);
      std::vector<Prepared>& ready = prepared[batch->slot()];
      std::vector<FactScratch>& copies = scratch[batch->slot()];
      pipelined(
          batch->size(),
          [&](std::size_t j, bool entry) {
            if (ready[j].kind != RecordKind::kFact) return;
            if (!entry) maker.prepare_title((*batch)[j], ready[j], copies[j]);
            maker.prefetch_title(ready[j], entry);
          },
          [&](std::size_t i) { maker.add((*batch)[i], ready[i], copies[i]); });
    }
  }
  loaded.shape.line_end = lines.first_line_end();
  return loaded;
}

}  // namespace abp
