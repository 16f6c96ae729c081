#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "abp/io/line_source.hpp"

namespace abp {

/// Appends `value` as one field: quoted (quotes doubled) only when it holds the delimiter, a
/// quote, CR or LF, or starts or ends with a space or tab that a reader would trim.
void append_csv_field(std::string& out, std::string_view value, char delimiter);

/// Returns the field `raw` (as it stands in a record) holding `value` instead, written as
/// `raw` was: the blanks around the value kept, quoted when `raw` was quoted (with the blanks
/// inside the quotes kept too), else quoted only where `value` needs it. So a value renamed
/// and renamed back gets its bytes back. `value` has no blanks at its ends (it is normalised).
/// A quoted field with text after its closing quote is written anew, by append_csv_field.
std::string replace_csv_field_value(std::string_view raw, std::string_view value, char delimiter);

/// Returns one whole record: the fields joined by `delimiter`, ended by `end`'s line break.
std::string encode_record(const std::vector<std::string>& fields, char delimiter, LineEnd end);

}  // namespace abp
