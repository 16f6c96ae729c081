#include "abp/core/skipped_records.hpp"

#include <utility>

#include <fmt/format.h>

#include "abp/core/error.hpp"

namespace abp {
namespace {

// "s" for a count other than one.
const char* plural(std::uint64_t count) { return count == 1 ? "" : "s"; }

// "line 4" / "lines 3, 9, ..." for the lines of skipped records.
std::string listed_lines(const SkippedLines& lines) {
  std::string listed = lines.count == 1 ? "line " : "lines ";
  for (std::size_t i = 0; i < lines.first.size(); ++i) {
    if (i > 0) listed += ", ";
    listed += std::to_string(lines.first[i]);
  }
  if (lines.count > lines.first.size()) listed += ", ...";
  return listed;
}

}  // namespace

void SkippedLines::add(std::uint64_t line) {
  if (first.size() < kMaxListed) first.push_back(line);
  ++count;
}

SkippedRecords::SkippedRecords(bool skip_bad_rows, std::size_t header_fields, std::string file)
    : skip_bad_rows_(skip_bad_rows), header_fields_(header_fields), file_(std::move(file)) {}

void SkippedRecords::leave_out(RecordKind kind, std::size_t fields, std::uint64_t line) {
  if (kind == RecordKind::kWrongFieldCount) {
    if (!skip_bad_rows_) {
      throw Error(ExitCode::kDataErr,
                  fmt::format("this record has {} field{} but the header has {}; fix it, or "
                              "pass --skip-bad-rows to leave such records out",
                              fields, plural(fields), header_fields_),
                  file_, line);
    }
    wrong_field_count_.add(line);
  } else if (kind == RecordKind::kRepeatedHeader) {
    repeated_header_.add(line);
  }
}

std::vector<std::string> SkippedRecords::notes() const {
  std::vector<std::string> notes;
  if (wrong_field_count_.count > 0) {
    notes.push_back(
        fmt::format("skipped {} record{} whose field count differs from the header's "
                    "{} ({})",
                    wrong_field_count_.count, plural(wrong_field_count_.count), header_fields_,
                    listed_lines(wrong_field_count_)));
  }
  if (repeated_header_.count > 0) {
    notes.push_back(fmt::format(
        "skipped {} record{} equal to the header line, as where two "
        "files were joined into one ({})",
        repeated_header_.count, plural(repeated_header_.count), listed_lines(repeated_header_)));
  }
  return notes;
}

}  // namespace abp
