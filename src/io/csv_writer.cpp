#include "abp/io/csv_writer.hpp"

#include <algorithm>

#include "abp/core/text.hpp"

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

namespace {

bool is_field_blank(char c, char delimiter) { return is_blank(c) && c != delimiter; }

}  // namespace

std::string replace_csv_field_value(std::string_view raw, std::string_view value, char delimiter) {
  std::size_t lead = 0;
  while (lead < raw.size() && is_field_blank(raw[lead], delimiter)) ++lead;
  std::string out(raw.substr(0, lead));
  if (lead < raw.size() && raw[lead] == '"') {
    // Where the quoted part ends: the first quote that is not one of a doubled pair.
    std::size_t close = lead + 1;
    while (close < raw.size()) {
      if (raw[close] == '"' && close + 1 < raw.size() && raw[close + 1] == '"') {
        close += 2;
      } else if (raw[close] == '"') {
        break;
      } else {
        ++close;
      }
    }
    const std::string_view tail = raw.substr(std::min(close + 1, raw.size()));
    const std::string_view inner = raw.substr(lead + 1, close - lead - 1);
    const bool tail_blank =
        std::all_of(tail.begin(), tail.end(), [&](char c) { return is_field_blank(c, delimiter); });
    if (close < raw.size() && tail_blank) {
      // Inside the quotes the delimiter is data: a blank there is padding that SPEC §1 trims
      // from the value even when it is the delimiter (a tab in a quoted TSV field).
      std::size_t inner_lead = 0;
      while (inner_lead < inner.size() && is_blank(inner[inner_lead])) ++inner_lead;
      std::size_t inner_end = inner.size();
      while (inner_end > inner_lead && is_blank(inner[inner_end - 1])) --inner_end;
      out += '"';
      out += inner.substr(0, inner_lead);
      for (const char c : value) {
        if (c == '"') out += '"';
        out += c;
      }
      out += inner.substr(inner_end);
      out += '"';
      out += tail;
      return out;
    }
    out.clear();
    append_csv_field(out, value, delimiter);
    return out;
  }
  std::size_t end = raw.size();
  while (end > lead && is_field_blank(raw[end - 1], delimiter)) --end;
  append_csv_field(out, value, delimiter);
  out += raw.substr(end);
  return out;
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
