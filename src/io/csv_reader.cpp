#include "abp/io/csv_reader.hpp"

#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/fast/field_split.hpp"

namespace abp {
namespace {

bool ends_with_tsv(const std::string& path) {
  if (path.size() < 4) return false;
  std::string tail = path.substr(path.size() - 4);
  for (char& c : tail) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return tail == ".tsv";
}

}  // namespace

char delimiter_from_flag(const std::string& flag) {
  if (flag == "\\t") return '\t';
  const char c = flag.empty() ? '\0' : flag[0];
  if (flag.size() != 1 || static_cast<unsigned char>(c) >= 0x80 || c == '"' || c == '\r' ||
      c == '\n' || c == '\0') {
    throw Error(ExitCode::kUsage,
                fmt::format("--delimiter takes one ASCII character other than a quote, CR or LF, "
                            "or \\t for tab (got '{}')",
                            flag));
  }
  return c;
}

Dialect dialect_for(const std::string& path, const std::string& delimiter_flag) {
  Dialect dialect;
  if (ends_with_tsv(path)) dialect.delimiter = '\t';
  if (!delimiter_flag.empty()) dialect.delimiter = delimiter_from_flag(delimiter_flag);
  return dialect;
}

CsvReader::CsvReader(LineSource& lines, Dialect dialect, std::string file_name)
    : lines_(lines), dialect_(dialect), file_name_(std::move(file_name)) {}

void CsvReader::move_line_fields_to_buffer(std::string_view line) {
  for (Span& span : spans_) {
    if (span.where != Where::kLine) continue;
    const std::size_t at = saved_.size();
    saved_.append(line.data() + span.begin, span.size);
    span = Span{Where::kSaved, at, span.size};
  }
}

// Parses a quoted field whose opening quote has been consumed; on return `rest` starts at the
// delimiter or is empty at the end of the record.
void CsvReader::parse_quoted(std::string_view& rest, std::uint64_t field_line) {
  Span& span = spans_.back();
  for (;;) {
    const auto* quote = static_cast<const char*>(std::memchr(rest.data(), '"', rest.size()));
    if (quote == nullptr) {
      // SPEC §2: a line break inside quotes is data; the record goes on on the next line.
      quoted_.append(rest.data(), rest.size());
      quoted_.append(line_break(current_.end));
      move_line_fields_to_buffer(current_.bytes);
      if (!lines_.next(current_)) {
        throw Error(ExitCode::kDataErr,
                    "quoted field is never closed (the file ends inside it); check for a stray "
                    "\" in this field",
                    file_name_, field_line);
      }
      ++line_no_;
      rest = current_.bytes;
      continue;
    }
    const auto n = static_cast<std::size_t>(quote - rest.data());
    // Most quoted fields hold no quote and end at their closing quote: when nothing of the
    // field has been copied yet, it is the bytes between its quotes, read in the line.
    if (quoted_.size() == span.begin &&
        (n + 1 == rest.size() || rest[n + 1] == dialect_.delimiter)) {
      span = Span{Where::kLine, static_cast<std::size_t>(rest.data() - current_.bytes.data()), n};
      rest.remove_prefix(n + 1);
      return;
    }
    quoted_.append(rest.data(), n);
    rest.remove_prefix(n + 1);
    if (!rest.empty() && rest.front() == '"') {
      quoted_ += '"';
      rest.remove_prefix(1);
      continue;
    }
    // Closing quote: what follows up to the delimiter is kept as it is (Python's csv, xsv).
    const auto* delim =
        static_cast<const char*>(std::memchr(rest.data(), dialect_.delimiter, rest.size()));
    const std::size_t tail = delim ? static_cast<std::size_t>(delim - rest.data()) : rest.size();
    quoted_.append(rest.data(), tail);
    rest.remove_prefix(tail);
    span.size = quoted_.size() - span.begin;
    return;
  }
}

bool CsvReader::next(Record& record) {
  do {
    if (!lines_.next(current_)) return false;
    ++line_no_;
  } while (current_.bytes.empty());  // SPEC §2: an empty line is skipped anywhere

  record.line = line_no_;
  // Most lines hold no quote: split in one pass. The rest take the full parse below.
  const UnquotedSplit split =
      split_unquoted_line(current_.bytes, dialect_.delimiter, record.fields);
  record.fields_normalised = split.normalised;
  record.fields_adjacent = split.split;
  if (split) return true;
  spans_.clear();
  quoted_.clear();
  saved_.clear();
  const char delimiter = dialect_.delimiter;
  std::string_view rest = current_.bytes;
  for (;;) {
    // A quote opens a field when it is the first character other than space or tab.
    std::size_t lead = 0;
    while (lead < rest.size() && (rest[lead] == ' ' || rest[lead] == '\t') &&
           rest[lead] != delimiter) {
      ++lead;
    }
    if (lead < rest.size() && rest[lead] == '"') {
      const std::uint64_t field_line = line_no_;
      rest.remove_prefix(lead + 1);
      spans_.push_back(Span{Where::kQuoted, quoted_.size(), 0});
      parse_quoted(rest, field_line);
    } else {
      const auto* delim =
          static_cast<const char*>(std::memchr(rest.data(), delimiter, rest.size()));
      const std::size_t size = delim ? static_cast<std::size_t>(delim - rest.data()) : rest.size();
      spans_.push_back(
          Span{Where::kLine, static_cast<std::size_t>(rest.data() - current_.bytes.data()), size});
      rest.remove_prefix(size);
    }
    if (rest.empty()) break;
    rest.remove_prefix(1);  // the delimiter
    if (rest.empty()) {
      spans_.push_back(Span{Where::kLine, 0, 0});  // a trailing delimiter leaves one empty field
      break;
    }
  }

  record.fields.clear();
  for (const Span& span : spans_) {
    const char* base = span.where == Where::kLine     ? current_.bytes.data()
                       : span.where == Where::kQuoted ? quoted_.data()
                                                      : saved_.data();
    record.fields.emplace_back(base + span.begin, span.size);
  }
  return true;
}

}  // namespace abp
