#include "abp/loader.hpp"

#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "abp/encoding.hpp"
#include "abp/error.hpp"
#include "abp/progress.hpp"
#include "abp/text.hpp"

namespace abp {
namespace {

// Turns raw field values into interned ids, reusing its buffers across records.
class FactMaker {
 public:
  FactMaker(Loaded& loaded, const ColumnMap& columns, const LoadOptions& options,
            const std::string& file)
      : catalogue_(loaded.catalogue),
        first_name_lengths_(loaded.first_name_lengths),
        columns_(columns),
        split_(options.split_authors),
        file_(file) {}

  void add(const Record& record) {
    line_ = record.line;
    const Id title = intern(catalogue_.titles(), record.fields[field(columns_.title)], "title");
    const Id publisher =
        intern(catalogue_.publishers(), record.fields[field(columns_.publisher)], "publisher");
    if (columns_.first_last) {
      // SPEC §1: first + " " + last, each part normalised, an empty part dropped.
      check_utf8(record.fields[field(columns_.first_name)], "first name");
      check_utf8(record.fields[field(columns_.last_name)], "last name");
      normalize_value_into(record.fields[field(columns_.first_name)], first_);
      normalize_value_into(record.fields[field(columns_.last_name)], last_);
      const auto first_length = static_cast<std::uint32_t>(first_.size());
      if (!first_.empty() && !last_.empty()) first_ += ' ';
      first_ += last_;
      if (split_.empty()) {
        bool added = false;
        const Id author = catalogue_.authors().intern(first_, &added);
        if (added) first_name_lengths_.push_back(first_length);  // ids are dense: index = id
        catalogue_.add(Fact{author, title, publisher});
      } else {
        add_authors(first_, title, publisher);
      }
    } else {
      const std::string_view author = record.fields[field(columns_.author)];
      if (split_.empty()) {
        const Id id = intern(catalogue_.authors(), author, "author");
        catalogue_.add(Fact{id, title, publisher});
      } else {
        check_utf8(author, "author");
        normalize_value_into(author, first_);
        add_authors(first_, title, publisher);
      }
    }
  }

 private:
  static std::size_t field(int column) { return static_cast<std::size_t>(column); }

  void add_authors(std::string_view authors, Id title, Id publisher) {
    // --split-authors: each part is an author of its own; empty parts are dropped.
    bool any = false;
    std::size_t begin = 0;
    for (;;) {
      const std::size_t end = authors.find(split_, begin);
      normalize_value_into(authors.substr(begin, end - begin), part_);
      if (!part_.empty() || (end == std::string_view::npos && !any)) {
        catalogue_.add(Fact{intern_clean(part_), title, publisher});
        any = true;
      }
      if (end == std::string_view::npos) break;
      begin = end + split_.size();
    }
  }

  Id intern_clean(std::string_view value) { return catalogue_.authors().intern(value); }

  // Interns a raw value; its UTF-8 is checked once, when the pool first sees it.
  Id intern(StringPool& pool, std::string_view raw, const char* what) {
    std::string_view value = raw;
    if (!is_normalized(raw)) {
      normalize_value_into(raw, scratch_);
      value = scratch_;
    }
    bool added = false;
    const Id id = pool.intern(value, &added);
    if (added) check_utf8(value, what);
    return id;
  }

  void check_utf8(std::string_view value, const char* what) const {
    if (!is_valid_utf8(value)) {
      throw Error(ExitCode::kDataErr,
                  fmt::format("the {} is not valid UTF-8; name the file's encoding with "
                              "--encoding (e.g. --encoding cp1252)",
                              what),
                  file_, line_);
    }
  }

  CatalogueBuilder& catalogue_;
  std::vector<std::uint32_t>& first_name_lengths_;
  const ColumnMap& columns_;
  const std::string& split_;
  const std::string& file_;
  std::uint64_t line_ = 0;
  std::string scratch_;
  std::string first_;
  std::string last_;
  std::string part_;
};

}  // namespace

Loaded load_catalogue(std::unique_ptr<ByteSource> source, const std::string& file,
                      const LoadOptions& options) {
  ProgressMeter* const progress = options.progress;
  if (progress != nullptr) source = progress->watch(std::move(source));  // the file's bytes
  if (!options.encoding.empty()) {
    source = make_transcoding_source(std::move(source), options.encoding, file);
  }
  LineSource lines(std::move(source), file);
  CsvReader reader(lines, options.dialect, file);

  Loaded loaded;
  Record record;
  // SPEC §2: the first record that is not blank is the header.
  if (!reader.next(record)) {
    throw Error(ExitCode::kDataErr, "no header: the file is empty or holds only blank lines",
                file);
  }
  const std::uint64_t header_line = record.line;
  loaded.shape.header.assign(record.fields.begin(), record.fields.end());
  loaded.shape.columns = resolve_columns(loaded.shape.header, options.columns, file, header_line);
  const std::size_t width = loaded.shape.header.size();

  FactMaker maker(loaded, loaded.shape.columns, options, file);
  std::uint64_t records = 0;
  while (reader.next(record)) {
    if (progress != nullptr) progress->set_records(++records);
    if (record.fields.size() != width) {
      if (!options.skip_bad_rows) {
        throw Error(ExitCode::kDataErr,
                    fmt::format("this record has {} fields but the header has {}; fix it, or "
                                "pass --skip-bad-rows to leave such records out",
                                record.fields.size(), width),
                    file, record.line);
      }
      SkippedRows& skipped = loaded.skipped;
      if (skipped.first_lines.size() < SkippedRows::kMaxListed) {
        skipped.first_lines.push_back(record.line);
      }
      ++skipped.count;
      continue;
    }
    maker.add(record);
  }
  loaded.shape.line_end = lines.first_line_end();
  return loaded;
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
