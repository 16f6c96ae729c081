#pragma once

#include <string_view>
#include <vector>

namespace abp {

/// What split_unquoted_line() made of a line.
struct UnquotedSplit {
  bool split = false;  // the line held no quote: its fields were put in `fields`
  /// When split: true when every field is normalised already (SPEC §1: no blank at either
  /// end, no tab, no two spaces side by side), so callers need not look at each again.
  /// False means not known: always for a line under sixteen bytes.
  bool normalised = false;
  explicit operator bool() const { return split; }
};

/// The whole parse of a CSV line that holds no double quote: no field of it can be quoted, so
/// its fields are what lies between its delimiters (SPEC §2), leading and trailing blanks
/// kept, a trailing delimiter leaving one empty field. Puts them in `fields` (cleared first)
/// as views into `line`; when the line holds a quote anywhere it is not split (`fields` then
/// unspecified), for the full parser to read. `line` is not empty.
///
/// Looks for delimiters and quotes sixteen bytes at a time (SSE2, on every x86-64) in one
/// pass, where the full parser asks memchr() once per field; elsewhere a byte at a time. The
/// same pass finds the blanks that would make a field not normalised: most lines have none,
/// and then no field is looked at again.
UnquotedSplit split_unquoted_line(std::string_view line, char delimiter,
                                  std::vector<std::string_view>& fields);

}  // namespace abp
