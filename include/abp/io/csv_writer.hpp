#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "abp/io/line_source.hpp"

namespace abp {

/// Appends `value` as one field: quoted (quotes doubled) only when it holds the delimiter, a
/// quote, CR or LF, or starts or ends with a space or tab that a reader would trim.
void append_csv_field(std::string& out, std::string_view value, char delimiter);

/// Returns one whole record: the fields joined by `delimiter`, ended by `end`'s line break.
std::string encode_record(const std::vector<std::string>& fields, char delimiter, LineEnd end);

}  // namespace abp
