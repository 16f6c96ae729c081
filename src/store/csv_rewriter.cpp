#include "abp/store/csv_rewriter.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/edit_miss.hpp"
#include "abp/core/error.hpp"
#include "abp/core/record_to_fact.hpp"
#include "abp/core/skipped_records.hpp"
#include "abp/core/text.hpp"
#include "abp/io/csv_writer.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/progress.hpp"
#include "abp/io/raw_csv_reader.hpp"

namespace abp {
namespace {

// Reads a catalogue record by record, raw, and gives each row's used values as the loader
// sees them: converted from --encoding, checked as UTF-8, normalised (SPEC §1-2).
class RowReader {
 public:
  RowReader(ByteSource& source, const std::string& file, const LoadOptions& options)
      : file_(file), options_(options) {
    if (!options.encoding.empty()) decoder_ = std::make_unique<Utf8Decoder>(options.encoding);
    reader_ = std::make_unique<RawCsvReader>(source, options.dialect, file, skips_bom());
    // SPEC §2: the first record that is not blank is the header.
    if (!reader_->next(record_)) throw_no_header(file);
    check_encoding();
    std::vector<std::string> header;
    for (const std::string_view field : record_.fields) header.emplace_back(decoded(field));
    check_header_start(header[0], record_.line, decoder_ != nullptr, file);
    columns_ = resolve_columns(header, options.columns, file, record_.line);
    rules_ = std::make_unique<RecordRules>(header, columns_, options.split_authors, file);
    skipped_ = SkippedRecords(options.skip_bad_rows, header.size(), file);
    width_ = header.size();
  }

  const ColumnMap& columns() const { return columns_; }
  std::size_t width() const { return width_; }
  const RawRecord& record() const { return record_; }
  std::string_view rest() const { return reader_->rest(); }

  /// Reads the next record; false at the end. A record with the wrong number of fields is
  /// an error, or with --skip-bad-rows counted in skipped() and given with is_row() false.
  bool next() {
    if (!reader_->next(record_)) return false;
    if (options_.progress != nullptr) options_.progress->set_records(++records_);
    check_encoding();
    const std::string_view* fields = record_.fields.data();
    const std::size_t count = record_.fields.size();
    if (decoder_) {
      // The rules see the values in UTF-8, as the loader gives them after converting.
      decoded_.resize(count);
      decoded_views_.resize(count);
      for (std::size_t i = 0; i < count; ++i) {
        if (!decoder_->decode(record_.fields[i], decoded_[i])) fail_encoding();
        decoded_views_[i] = decoded_[i];
      }
      fields = decoded_views_.data();
    }
    // The loader's rules, so a record is a fact, skipped or an error exactly as for a report.
    const RecordKind kind = rules_->classify(fields, count);
    is_row_ = kind == RecordKind::kFact;
    if (!is_row_) {
      skipped_.leave_out(kind, count, record_.line);
      return true;
    }
    ready_ = 0;
    if (!decoder_ && !is_ascii(record_.bytes)) {
      rules_->check_title(field(columns_.title), record_.line);
      // The publisher as the loader checks it: in LibraryThing's Publication only its start.
      rules_->check_publisher(publisher(), record_.line);
      rules_->check_author(fields, record_.line);
    }
    return true;
  }

  bool is_row() const { return is_row_; }

  // Whether a used value, normalised, is `normal`; most values differ in their first bytes,
  // so this rarely normalises anything.
  bool title_is(std::string_view normal) const {
    return equals_normalized(used(columns_.title), normal);
  }
  bool publisher_is(std::string_view normal) {
    if (columns_.publication) return publisher() == normal;
    return equals_normalized(used(columns_.publisher), normal);
  }
  bool author_is(std::string_view normal) {
    if (!columns_.first_last) return equals_normalized(used(columns_.author), normal);
    // SPEC §1: first + " " + last, an empty part dropped.
    const std::string_view first = first_name();
    if (first.empty()) return equals_normalized(used(columns_.last_name), normal);
    if (normal.substr(0, first.size()) != first) return false;
    const std::string_view rest = normal.substr(first.size());
    if (rest.empty()) return last_name().empty();
    return rest.size() > 1 && rest[0] == ' ' &&
           equals_normalized(used(columns_.last_name), rest.substr(1));
  }

  // The used values normalised, made when first asked for.
  std::string_view title() { return normalized(kTitle, columns_.title); }
  std::string_view publisher() {
    const std::string_view value = normalized(kPublisher, columns_.publisher);
    return columns_.publication ? publisher_of_publication(value) : value;
  }

  /// The publisher field rewritten for a publisher renamed to `to`: in LibraryThing's
  /// Publication only the publisher at its start changes, and the rest (year, edition, pages)
  /// stays as written.
  std::string renamed_publisher(const std::string& to) {
    if (!columns_.publication) return to;
    // The field's own blanks around the value stay where they are (replace_csv_field_value).
    const std::string raw = raw_value(columns_.publisher);
    const std::size_t begin = std::min(raw.find_first_not_of(" \t"), raw.size());
    const std::size_t end = raw.find_last_not_of(" \t") + 1;
    const std::string_view value = std::string_view(raw).substr(begin, end - begin);
    const std::string_view cut = publisher_of_publication(value);
    if (normalize_value(cut) == publisher()) return to + std::string(value.substr(cut.size()));
    // Blanks inside the publisher moved the cut: the rest as normalised is the same text.
    const std::string_view normal = normalized(kPublisher, columns_.publisher);
    return to + std::string(normal.substr(publisher().size()));
  }
  std::string_view first_name() { return normalized(kFirst, columns_.first_name); }
  std::string_view last_name() { return normalized(kLast, columns_.last_name); }
  std::string_view author() {
    if (!columns_.first_last) return normalized(kAuthor, columns_.author);
    if ((ready_ & (1u << kAuthor)) == 0) {
      const std::string_view first = first_name();
      const std::string_view last = last_name();
      std::string& joined = values_[kAuthor];
      joined.assign(first);
      if (!first.empty() && !last.empty()) joined += ' ';
      joined.append(last);
      views_[kAuthor] = joined;
      ready_ |= 1u << kAuthor;
    }
    return views_[kAuthor];
  }

  /// The value of field `column` as written (quotes removed), in UTF-8, not normalised.
  std::string raw_value(int column) {
    return std::string(decoded(record_.fields[static_cast<std::size_t>(column)]));
  }

  /// `bytes` of the file in UTF-8 (for showing a row).
  std::string_view decoded(std::string_view bytes) {
    if (!decoder_) return bytes;
    if (!decoder_->decode(bytes, scratch_)) fail_encoding();
    return scratch_;
  }

  const SkippedRecords& skipped() const { return skipped_; }

 private:
  // A UTF-8 byte-order mark is skipped when the input, converted, starts with one: always
  // without --encoding, and for encodings that are UTF-8 under another name.
  bool skips_bom() {
    if (!decoder_) return true;
    std::string bom;
    return decoder_->decode("\xEF\xBB\xBF", bom) && bom == "\xEF\xBB\xBF";
  }

  // Bytes that do not convert are an error wherever they are, as when reading for a report.
  void check_encoding() {
    if (decoder_ && !decoder_->decode(record_.consumed, scratch_)) fail_encoding();
  }

  [[noreturn]] void fail_encoding() const {
    throw Error(ExitCode::kDataErr,
                fmt::format("the input holds bytes that are not valid in encoding {}; check "
                            "--encoding",
                            options_.encoding),
                file_, record_.line);
  }

  enum Value { kTitle, kPublisher, kFirst, kLast, kAuthor, kValues };

  std::string_view field(int column) const {
    return record_.fields[static_cast<std::size_t>(column)];
  }

  // A used value as written (quotes removed), converted from --encoding.
  std::string_view used(int column) const {
    return decoder_ ? std::string_view(decoded_[static_cast<std::size_t>(column)]) : field(column);
  }

  std::string_view normalized(Value which, int column) {
    if ((ready_ & (1u << which)) == 0) {
      const std::string_view raw = used(column);
      if (is_normalized(raw)) {
        views_[which] = raw;
      } else {
        normalize_value_into(raw, values_[which]);
        views_[which] = values_[which];
      }
      ready_ |= 1u << which;
    }
    return views_[which];
  }

  const std::string& file_;
  const LoadOptions& options_;
  std::unique_ptr<Utf8Decoder> decoder_;
  std::unique_ptr<RawCsvReader> reader_;
  RawRecord record_;
  ColumnMap columns_;
  std::size_t width_ = 0;
  bool is_row_ = false;
  std::unique_ptr<RecordRules> rules_;
  std::vector<std::string> decoded_;  // --encoding: the record's values in UTF-8
  std::vector<std::string_view> decoded_views_;
  unsigned ready_ = 0;  // which of views_ hold this row's values
  std::string_view views_[kValues];
  std::string values_[kValues];  // normalised copies behind views_
  std::uint64_t records_ = 0;
  SkippedRecords skipped_;
  std::string scratch_;
};

// The authors of a value under --split-authors, as the loader makes them
// (for_each_author_part).
std::vector<std::string> author_parts(std::string_view value, const std::string& separator) {
  std::vector<std::string> parts;
  std::string scratch;
  for_each_author_part(value, separator, scratch,
                       [&](std::string_view part) { parts.emplace_back(part); });
  return parts;
}

// `raw` cut at every `separator`, each part as written (empty ones too).
std::vector<std::string_view> cut_at(std::string_view raw, const std::string& separator) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = raw.find(separator, begin);
    parts.push_back(raw.substr(begin, end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + separator.size();
  }
}

// Returns `raw` (an author value as written) with every part equal to `from` replaced by
// `to`. Each part keeps the blanks around it and every other part stays as written, unless
// cutting `raw` itself gives other parts than cutting its normal form (a separator with
// blank runs), when the parts are joined normalised instead.
std::string replace_author_part(const std::string& raw, const std::string& separator,
                                const std::string& from, const std::string& to) {
  const std::vector<std::string> parts = author_parts(normalize_value(raw), separator);
  const std::vector<std::string_view> raw_parts = cut_at(raw, separator);
  std::string out;
  if (author_parts(raw, separator) == parts) {
    for (std::size_t i = 0; i < raw_parts.size(); ++i) {
      if (i > 0) out += separator;
      const std::string_view part = raw_parts[i];
      if (normalize_value(part) != from) {
        out += part;
        continue;
      }
      std::size_t lead = 0;
      while (lead < part.size() && is_blank(part[lead])) ++lead;
      std::size_t trail = part.size();
      while (trail > lead && is_blank(part[trail - 1])) --trail;
      out += part.substr(0, lead);
      out += to;
      out += part.substr(trail);
    }
    return out;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i] == from ? to : parts[i];
  }
  return out;
}

// A field of a row and the value (UTF-8) it is rewritten with.
struct FieldChange {
  int column;
  std::string value;
};

enum class RowAction { kKeep, kRemove, kRewrite };

// Decides what an edit does to one row (SPEC §6).
class RowMatcher {
 public:
  RowMatcher(const CatalogueEdit& edit, const ColumnMap& columns, const std::string& split)
      : edit_(edit), columns_(columns), split_(split) {}

  RowAction decide(RowReader& row, std::vector<FieldChange>& changes) const {
    changes.clear();
    switch (edit_.kind) {
      case CatalogueEdit::Kind::kRenamePublisher:
        if (!row.publisher_is(edit_.from)) return RowAction::kKeep;
        changes.push_back({columns_.publisher, row.renamed_publisher(edit_.to)});
        return RowAction::kRewrite;
      case CatalogueEdit::Kind::kRenameTitle:
        if (!row.title_is(edit_.from) || !has_author(row, edit_.author)) return RowAction::kKeep;
        changes.push_back({columns_.title, edit_.to});
        return RowAction::kRewrite;
      case CatalogueEdit::Kind::kRemove:
        if (!row.title_is(edit_.title) || !has_author(row, edit_.author)) return RowAction::kKeep;
        if (edit_.has_publisher && !row.publisher_is(edit_.publisher)) return RowAction::kKeep;
        return RowAction::kRemove;
      case CatalogueEdit::Kind::kRenameAuthor:
        if (!has_author(row, edit_.from)) return RowAction::kKeep;
        rename_author(row, changes);
        return changes.empty() ? RowAction::kKeep : RowAction::kRewrite;
    }
    return RowAction::kKeep;
  }

 private:
  bool has_author(RowReader& row, const std::string& author) const {
    if (split_.empty()) return row.author_is(author);
    for (const std::string& part : author_parts(row.author(), split_)) {
      if (part == author) return true;
    }
    return false;
  }

  void rename_author(RowReader& row, std::vector<FieldChange>& changes) const {
    if (!columns_.first_last) {
      if (split_.empty()) {
        changes.push_back({columns_.author, edit_.to});
        return;
      }
      // The field's own blanks around the value stay where they are (replace_csv_field_value).
      const std::string value =
          replace_author_part(row.raw_value(columns_.author), split_, edit_.from, edit_.to);
      const std::size_t begin = value.find_first_not_of(" \t");
      const std::size_t end = value.find_last_not_of(" \t");
      changes.push_back({columns_.author, value.substr(begin, end + 1 - begin)});
      return;
    }
    const std::string author = split_.empty() ? edit_.to
                                              : replace_author_part(std::string(row.author()),
                                                                    split_, edit_.from, edit_.to);
    // SPEC §6: the new name is split at its first space, as add splits it; a name field that
    // already holds its part stays as written.
    const auto [first, last] = split_author_name(author);
    if (row.first_name() != first) changes.push_back({columns_.first_name, std::string(first)});
    if (row.last_name() != last) changes.push_back({columns_.last_name, std::string(last)});
  }

  const CatalogueEdit& edit_;
  const ColumnMap& columns_;
  const std::string& split_;
};

// Buffers the new file for the sink in large writes, and can take back the line break it
// ends with (kept out of the sink for that). Until the first change it only counts bytes: they
// are the input's (see ByteSink).
class NewFileWriter {
 public:
  explicit NewFileWriter(ByteSink& sink) : sink_(sink) {}

  void write(std::string_view bytes) {
    if (!changed_) {
      unchanged_ += bytes.size();
      tail_.append(bytes.substr(bytes.size() - std::min(bytes.size(), kKept)));
      tail_.erase(0, tail_.size() - std::min(tail_.size(), kKept));
      return;
    }
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushAt) flush(kKept);
  }

  // Called before the first byte that differs from the input is written.
  void mark_changed() {
    if (changed_) return;
    changed_ = true;
    buffer_.reserve(kFlushAt + 4096);
    // The last bytes stay in the buffer, where a line break can still be taken back.
    sink_.copy_input(unchanged_ - tail_.size());
    buffer_ = tail_;
  }

  void drop_trailing_line_break() {
    std::string& bytes = changed_ ? buffer_ : tail_;
    const std::size_t n = bytes.size();
    std::size_t drop = 0;
    if (n >= 2 && bytes.compare(n - 2, 2, "\r\n") == 0) {
      drop = 2;
    } else if (n >= 1 && (bytes.back() == '\n' || bytes.back() == '\r')) {
      drop = 1;
    }
    bytes.resize(n - drop);
    if (!changed_) unchanged_ -= drop;
  }

  void finish() {
    if (changed_) flush(0);
  }

 private:
  static constexpr std::size_t kFlushAt = 1u << 20;
  static constexpr std::size_t kKept = 2;  // "\r\n"

  void flush(std::size_t keep) {
    if (buffer_.size() <= keep) return;
    const std::size_t n = buffer_.size() - keep;
    sink_.write(std::string_view(buffer_.data(), n));
    buffer_.erase(0, n);
  }

  ByteSink& sink_;
  bool changed_ = false;
  std::uint64_t unchanged_ = 0;
  std::string tail_;  // the last bytes counted while unchanged
  std::string buffer_;
};

// Values as the file holds them: converted to --encoding, by one converter for the whole
// rewrite (callers have checked with check_rewrite_encoding() that it extends ASCII).
class FileEncoding {
 public:
  explicit FileEncoding(const std::string& encoding) {
    if (!encoding.empty()) encoder_ = std::make_unique<Utf8Encoder>(encoding);
  }
  std::string of(const std::string& utf8) const { return encoder_ ? encoder_->encode(utf8) : utf8; }

 private:
  std::unique_ptr<Utf8Encoder> encoder_;
};

}  // namespace

void check_rewrite_encoding(const std::string& encoding, const char* command) {
  if (encoding.empty() || extends_ascii(encoding)) return;
  throw Error(ExitCode::kUsage,
              fmt::format("abp {} cannot rewrite a file in {}, which does not extend ASCII; "
                          "convert the file to UTF-8 first (iconv -f {} -t UTF-8)",
                          command, encoding, encoding));
}

RewriteResult rewrite_catalogue(ByteSource& source, const std::string& file,
                                const LoadOptions& options, const CatalogueEdit& edit,
                                ByteSink& sink, const RowChangeVisitor& on_change) {
  // The new value as the file will hold it; a character the encoding lacks is refused (64)
  // before anything is read.
  const FileEncoding in_file(options.encoding);
  if (edit.is_rename()) in_file.of(edit.to);

  RowReader rows(source, file, options);
  NewFileWriter out(sink);
  out.write(rows.record().consumed);
  const char delimiter = options.dialect.delimiter;
  const RowMatcher matcher(edit, rows.columns(), options.split_authors);
  RewriteResult result;
  std::vector<FieldChange> changes;
  std::vector<std::string> encoded;
  std::string new_row;
  std::string before;
  std::string after;
  while (rows.next()) {
    const RawRecord& record = rows.record();
    const RowAction action = rows.is_row() ? matcher.decide(rows, changes) : RowAction::kKeep;
    if (action == RowAction::kKeep) {
      out.write(record.consumed);
      continue;
    }
    ++result.rows_changed;
    const std::string_view gap = record.consumed.substr(
        0, record.consumed.size() - record.bytes.size() - record.line_break.size());
    before.assign(rows.decoded(record.bytes));
    if (action == RowAction::kRemove) {
      if (record.line_break.empty()) {
        // The last row, without a line break: the file goes on ending without one.
        out.drop_trailing_line_break();
        out.mark_changed();
      } else {
        out.mark_changed();
        out.write(gap);
      }
      on_change(RowChange{before, {}, true});
      continue;
    }
    encoded.assign(record.raw_fields.begin(), record.raw_fields.end());
    for (const FieldChange& change : changes) {
      std::string& field = encoded[static_cast<std::size_t>(change.column)];
      field = replace_csv_field_value(field, in_file.of(change.value), delimiter);
    }
    new_row.clear();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
      if (i > 0) new_row += delimiter;
      new_row += encoded[i];
    }
    out.mark_changed();
    out.write(gap);
    out.write(new_row);
    out.write(record.line_break);
    after.assign(rows.decoded(new_row));
    on_change(RowChange{before, after, false});
  }
  out.write(rows.rest());
  out.finish();
  result.skipped = rows.skipped();
  return result;
}

std::string describe_csv_miss(ByteSource& source, const std::string& file,
                              const LoadOptions& options, const CatalogueEdit& edit) {
  RowReader rows(source, file, options);
  MissFinder finder(edit);
  while (rows.next()) {
    if (!rows.is_row()) continue;
    if (options.split_authors.empty()) {
      finder.add(rows.author(), rows.title(), rows.publisher());
      continue;
    }
    for (const std::string& part : author_parts(rows.author(), options.split_authors)) {
      finder.add(part, rows.title(), rows.publisher());
    }
  }
  return finder.note();
}

}  // namespace abp
