#include "abp/core/columns.hpp"

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"

namespace abp {
namespace {

int find_column(const std::vector<std::string>& keys, std::string_view name) {
  const std::string key = column_key(name);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return static_cast<int>(i);
  }
  return -1;
}

std::string found_list(const std::vector<std::string>& header) {
  std::string out;
  for (const std::string& name : header) {
    if (!out.empty()) out += ", ";
    std::string shown;
    append_terminal_safe(shown, normalize_value(name));
    out += shown.empty() ? "(empty)" : shown;
  }
  return out;
}

// A file read with the wrong delimiter has a one-column header full of the right one.
std::string delimiter_hint(const std::vector<std::string>& header) {
  if (header.size() != 1) return {};
  for (const char c : {';', '\t', '|', ','}) {
    if (header[0].find(c) != std::string::npos) {
      return fmt::format("; the header is one column holding '{}': try --delimiter {}",
                         c == '\t' ? "\\t" : std::string(1, c),
                         c == '\t' ? "'\\t'" : fmt::format("'{}'", c));
    }
  }
  return {};
}

}  // namespace

ColumnMap resolve_columns(const std::vector<std::string>& header, const ColumnFlags& flags,
                          const std::string& file, std::uint64_t header_line) {
  std::vector<std::string> keys;
  keys.reserve(header.size());
  for (const std::string& name : header) keys.push_back(column_key(name));

  auto missing = [&](std::string_view what, std::string_view flag, std::string_view given) {
    const std::string looked_for =
        given.empty() ? std::string(what) : fmt::format("'{}' (from {})", given, flag);
    return Error(ExitCode::kDataErr,
                 fmt::format("no {} column; columns found: {}; name the right one with {}{}",
                             looked_for, found_list(header), flag, delimiter_hint(header)),
                 file, header_line);
  };

  ColumnMap map;
  const bool first_last_flags = !flags.first_name.empty() || !flags.last_name.empty();
  if (!flags.author.empty()) {
    map.author = find_column(keys, flags.author);
    if (map.author < 0) throw missing("author", "--author-column", flags.author);
  } else {
    const std::string first = flags.first_name.empty() ? "first_name" : flags.first_name;
    const std::string last = flags.last_name.empty() ? "last_name" : flags.last_name;
    map.first_name = find_column(keys, first);
    map.last_name = find_column(keys, last);
    if (first_last_flags || (map.first_name >= 0 && map.last_name >= 0)) {
      map.first_last = true;
      if (map.first_name < 0) {
        throw missing("first_name", "--first-name-column", flags.first_name);
      }
      if (map.last_name < 0) throw missing("last_name", "--last-name-column", flags.last_name);
    } else {
      map.first_name = map.last_name = -1;
      for (const char* name : {"author", "authors", "author_name"}) {
        map.author = find_column(keys, name);
        if (map.author >= 0) break;
      }
      if (map.author < 0) {
        throw missing("author (author, authors, author_name, or first_name and last_name)",
                      "--author-column", "");
      }
    }
  }
  map.title = find_column(keys, flags.title.empty() ? "title" : flags.title);
  if (map.title < 0) throw missing("title", "--title-column", flags.title);
  map.publisher = find_column(keys, flags.publisher.empty() ? "publisher" : flags.publisher);
  if (map.publisher < 0) throw missing("publisher", "--publisher-column", flags.publisher);
  return map;
}

}  // namespace abp
