#pragma once

#include <string_view>
#include <vector>

namespace abp {

/// The whole parse of a CSV line that holds no double quote: no field of it can be quoted, so
/// its fields are what lies between its delimiters (SPEC §2), leading and trailing blanks
/// kept, a trailing delimiter leaving one empty field. Puts them in `fields` (cleared first)
/// as views into `line` and returns true; returns false, `fields` then unspecified, when the
/// line holds a quote anywhere, for the full parser to read. `line` is not empty.
///
/// Looks for delimiters and quotes sixteen bytes at a time (SSE2, on every x86-64) in one
/// pass, where the full parser asks memchr() once per field; elsewhere a byte at a time.
bool split_unquoted_line(std::string_view line, char delimiter,
                         std::vector<std::string_view>& fields);

}  // namespace abp
