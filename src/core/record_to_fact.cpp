#include "abp/core/record_to_fact.hpp"

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/skipped_records.hpp"
#include "abp/core/text.hpp"

namespace abp {
namespace {

// Returns `raw` normalised: itself when it already is (known to be, or found so), else a copy
// made in `copy`.
std::string_view normalized(std::string_view raw, std::string& copy, bool known_normalised) {
  if (known_normalised || is_normalized(raw)) return raw;
  normalize_value_into(raw, copy);
  return copy;
}

std::string_view field(const std::string_view* fields, int column) {
  return fields[static_cast<std::size_t>(column)];
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `value` without the UTF-8 byte-order marks it starts with.
std::string_view without_boms(std::string_view value) {
  while (value.substr(0, 3) == "\xEF\xBB\xBF") value.remove_prefix(3);
  return value;
}

}  // namespace

std::string_view publisher_of_publication(std::string_view publication) {
  for (std::size_t at = publication.find(" ("); at != std::string_view::npos;
       at = publication.find(" (", at + 1)) {
    if (at + 7 <= publication.size() && is_digit(publication[at + 2]) &&
        is_digit(publication[at + 3]) && is_digit(publication[at + 4]) &&
        is_digit(publication[at + 5]) && publication[at + 6] == ')') {
      return publication.substr(0, at);
    }
  }
  std::string_view before_comma = publication.substr(0, publication.find(','));
  if (!before_comma.empty() && before_comma.back() == ' ') before_comma.remove_suffix(1);
  return before_comma;
}

RecordRules::RecordRules(const std::vector<std::string>& header, ColumnMap columns,
                         std::string split_authors, std::string file)
    : header_fields_(header.size()),
      columns_(columns),
      split_(std::move(split_authors)),
      file_(std::move(file)) {
  header_.reserve(header.size());
  for (const std::string& name : header) header_.push_back(normalize_value(name));
  if (!header_.empty()) header_[0] = std::string(without_boms(header_[0]));
}

RecordKind RecordRules::classify(const std::string_view* fields, std::size_t count) const {
  // SPEC §2: a record whose number of fields differs from the header's is no fact.
  if (count != header_fields_) return RecordKind::kWrongFieldCount;
  // Issue 12.25: the header line again is no book by an author named `Author`.
  return repeats_header(fields) ? RecordKind::kRepeatedHeader : RecordKind::kFact;
}

bool RecordRules::repeats_header(const std::string_view* fields) const {
  // The first field decides for nearly every record, at its first byte: one that is neither
  // a blank nor a byte-order mark's must be the header's first byte. This runs for every
  // record on the reading thread, which sets the pace of loading.
  if (!fields[0].empty()) {
    const char first = fields[0].front();
    if (!is_blank(first) && first != '\xEF' &&
        (header_[0].empty() || first != header_[0].front())) {
      return false;
    }
  }
  if (!equals_normalized(without_boms(fields[0]), header_[0])) return false;
  for (std::size_t i = 1; i < header_fields_; ++i) {
    if (!equals_normalized(fields[i], header_[i])) return false;
  }
  return true;
}

RecordKind RecordRules::apply(const std::string_view* fields, std::size_t count, std::uint64_t line,
                              FactScratch& scratch, FactValues& out,
                              SkippedRecords& skipped) const {
  const RecordKind kind = classify(fields, count);
  if (kind != RecordKind::kFact) {
    skipped.leave_out(kind, count, line);
    return kind;
  }
  // SPEC §2: the field count is checked before the UTF-8 of the values.
  out.title = title(fields, scratch.title);
  check_title(out.title, line);
  out.publisher = publisher(fields, scratch.publisher);
  check_publisher(out.publisher, line);
  check_author(fields, line);
  out.author = author(fields, scratch);
  return kind;
}

std::string_view RecordRules::title(const std::string_view* fields, std::string& scratch,
                                    bool fields_normalised) const {
  return normalized(field(fields, columns_.title), scratch, fields_normalised);
}

std::string_view RecordRules::publisher(const std::string_view* fields, std::string& scratch,
                                        bool fields_normalised) const {
  const std::string_view publisher =
      normalized(field(fields, columns_.publisher), scratch, fields_normalised);
  return columns_.publication ? publisher_of_publication(publisher) : publisher;
}

std::pair<std::string_view, std::string_view> RecordRules::name_parts(
    const std::string_view* fields, FactScratch& scratch, bool fields_normalised) const {
  return {normalized(field(fields, columns_.first_name), scratch.first_name, fields_normalised),
          normalized(field(fields, columns_.last_name), scratch.last_name, fields_normalised)};
}

std::string_view RecordRules::joined_name(std::string_view first, std::string_view last,
                                          std::string& scratch) {
  if (last.empty()) return first;
  if (first.empty()) return last;
  scratch.assign(first);
  scratch += ' ';
  scratch.append(last);
  return scratch;
}

std::string_view RecordRules::author(const std::string_view* fields, FactScratch& scratch,
                                     bool fields_normalised) const {
  if (!columns_.first_last) {
    return normalized(field(fields, columns_.author), scratch.author, fields_normalised);
  }
  const auto [first, last] = name_parts(fields, scratch, fields_normalised);
  return joined_name(first, last, scratch.author);
}

void RecordRules::check_title(std::string_view title, std::uint64_t line) const {
  check_utf8(title, "title", line);
}

void RecordRules::check_publisher(std::string_view publisher, std::uint64_t line) const {
  check_utf8(publisher, "publisher", line);
}

void RecordRules::check_author(const std::string_view* fields, std::uint64_t line) const {
  if (columns_.first_last) {
    check_utf8(field(fields, columns_.first_name), "first name", line);
    check_utf8(field(fields, columns_.last_name), "last name", line);
  } else {
    check_utf8(field(fields, columns_.author), "author", line);
  }
}

void RecordRules::check_utf8(std::string_view value, const char* what, std::uint64_t line) const {
  if (!is_valid_utf8(value)) {
    throw Error(ExitCode::kDataErr,
                fmt::format("the {} is not valid UTF-8; name the file's encoding with --encoding "
                            "(e.g. --encoding cp1252)",
                            what),
                file_, line);
  }
}

}  // namespace abp
