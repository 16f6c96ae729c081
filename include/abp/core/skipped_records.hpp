#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "abp/core/record_to_fact.hpp"

namespace abp {

/// Line numbers of skipped records of one kind: how many, and the first few.
struct SkippedLines {
  static constexpr std::size_t kMaxListed = 10;
  std::uint64_t count = 0;
  std::vector<std::uint64_t> first;  // at most kMaxListed line numbers, in file order

  void add(std::uint64_t line);
};

/// What happens to records that are no fact, and the notes that tell the user (SPEC §2):
/// `--skip-bad-rows` is applied here. A record whose field count differs from the header's is
/// a data error, or with --skip-bad-rows left out and counted; a record that repeats the
/// header line (two exports joined with `cat`) is always left out and counted.
class SkippedRecords {
 public:
  SkippedRecords() = default;
  SkippedRecords(bool skip_bad_rows, std::size_t header_fields, std::string file);

  /// Leaves out a record of `kind` (not kFact) that has `fields` fields and starts on `line`.
  /// Throws Error(kDataErr, file, line) for kWrongFieldCount without --skip-bad-rows.
  void leave_out(RecordKind kind, std::size_t fields, std::uint64_t line);

  const SkippedLines& wrong_field_count() const { return wrong_field_count_; }
  const SkippedLines& repeated_header() const { return repeated_header_; }

  /// One line for each kind of record left out, for stderr, e.g. "skipped 4 records whose
  /// field count differs from the header's 3 (lines 3, 9, 12, 20)"; none when none was.
  std::vector<std::string> notes() const;

 private:
  bool skip_bad_rows_ = false;
  std::size_t header_fields_ = 0;
  std::string file_;
  SkippedLines wrong_field_count_;
  SkippedLines repeated_header_;
};

}  // namespace abp
