#include "abp/io/csv_writer.hpp"

namespace abp {

void append_csv_field(std::string& out, std::string_view value, char delimiter) {
  const char specials[] = {delimiter, '"', '\r', '\n', '\0'};
  const bool padded = !value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                         value.back() == ' ' || value.back() == '\t');
  if (!padded && value.find_first_of(specials) == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string encode_record(const std::vector<std::string>& fields, char delimiter, LineEnd end) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += delimiter;
    append_csv_field(out, fields[i], delimiter);
  }
  out += line_break(end);
  return out;
}

}  // namespace abp
