#include "abp/serve/params.hpp"

#include <fmt/format.h>

#include "abp/core/text.hpp"
#include "abp/serve/http_types.hpp"

namespace abp {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `what` names the part in messages: the raw name, cut short, is all a person can recognise.
std::string decode(std::string_view raw, std::string_view what) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      const int high = i + 2 < raw.size() ? hex_value(raw[i + 1]) : -1;
      const int low = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
      if (high < 0 || low < 0) {
        throw HttpError(
            400, fmt::format("the parameter '{}' has a '%' not followed by two hex digits", what));
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  if (out.find('\0') != std::string::npos) {
    throw HttpError(400, fmt::format("the parameter '{}' holds a NUL byte", what));
  }
  if (!is_valid_utf8(out)) {
    throw HttpError(400, fmt::format("the parameter '{}' is not valid UTF-8", what));
  }
  return out;
}

// The raw name as it can be shown in a message: short, and only printable ASCII.
std::string shown_name(std::string_view raw) {
  std::string out;
  for (const char c : raw.substr(0, 40)) out += (c > 0x20 && c < 0x7F) ? c : '?';
  return out;
}

}  // namespace

Params Params::parse(std::string_view text) {
  Params params;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('&', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(begin, end - begin);
    if (!pair.empty()) {
      const std::size_t equals = pair.find('=');
      const std::string_view raw_name = pair.substr(0, equals);
      const std::string name = decode(raw_name, shown_name(raw_name));
      std::string value;
      if (equals != std::string_view::npos) value = decode(pair.substr(equals + 1), name);
      params.items_.emplace_back(name, std::move(value));
    }
    begin = end + 1;
  }
  return params;
}

const std::string* Params::find(std::string_view name) const {
  for (const auto& [key, value] : items_) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string Params::get(std::string_view name, std::string_view fallback) const {
  const std::string* value = find(name);
  return value != nullptr ? *value : std::string(fallback);
}

std::vector<std::string> Params::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : items_) {
    if (key == name) out.push_back(value);
  }
  return out;
}

}  // namespace abp
