#include "abp/core/columns.hpp"

#include <cstdint>
#include <string_view>

#include <fmt/format.h>
#include <utf8proc.h>

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

// Issue 12.13: a header can be a whole file's first line (megabytes of it when the delimiter
// is wrong), so the list is capped.
std::string found_list(const std::vector<std::string>& header) {
  std::string out;
  for (std::size_t i = 0; i < header.size() && i < kListedNames; ++i) {
    if (i > 0) out += ", ";
    out += shown_column_name(header[i]);
  }
  if (header.size() > kListedNames)
    out += fmt::format(", and {} more", header.size() - kListedNames);
  return out;
}

// True for a character a terminal shows as nothing or as a plain space: space separators
// other than U+0020, line and paragraph separators, and format characters (U+FEFF, U+200B,
// the bidirectional controls, ...).
bool is_invisible(utf8proc_int32_t c) {
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS:
      return c != ' ';
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CF:
      return true;
    default:
      return false;
  }
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

// LibraryThing's export: no author or publisher column, but these two (SOURCES.md).
constexpr const char* kLibraryThingAuthor = "Primary Author";
constexpr const char* kLibraryThingPublication = "Publication";

}  // namespace

std::string shown_column_name(std::string_view name) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string normal = normalize_value(name);
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < normal.size(); ++chars) {
    if (chars == kShownNameChars) {
      out += "...";
      break;
    }
    const auto* at = reinterpret_cast<const utf8proc_uint8_t*>(normal.data() + i);
    utf8proc_int32_t c = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(at, static_cast<utf8proc_ssize_t>(normal.size() - i), &c);
    if (n <= 0) {  // not UTF-8: the byte in hex, like a control
      const auto byte = static_cast<unsigned char>(normal[i]);
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
      ++i;
      continue;
    }
    const auto size = static_cast<std::size_t>(n);
    if (is_invisible(c)) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      append_terminal_safe(out, std::string_view(normal).substr(i, size));
    }
    i += size;
  }
  return out.empty() ? "(empty)" : out;
}

void check_header_start(std::string_view first_field, std::uint64_t line, bool encoding_given,
                        const std::string& file) {
  if (line != 1) return;  // a mark or a file header is at the very start or nowhere
  auto starts = [&](std::string_view prefix) {
    return first_field.substr(0, prefix.size()) == prefix;
  };
  // The 16 bytes every SQLite database starts with, NUL included.
  if (starts(std::string_view("SQLite format 3\0", 16))) {
    throw Error(ExitCode::kDataErr,
                "this is an SQLite database, not a CSV catalogue: abp reads a database only "
                "from a file named as FILE (e.g. abp report books.db), not from standard input "
                "or a pipe",
                file, line);
  }
  if (encoding_given) return;
  // Byte-order marks cannot begin UTF-8 text: 0xFF and 0xFE never occur in it. UTF-32LE's
  // begins like UTF-16LE's, so it is tried first.
  struct Mark {
    std::string_view bytes;
    const char* encoding;
    const char* flag;
  };
  static constexpr Mark kMarks[] = {{std::string_view("\xFF\xFE\0\0", 4), "UTF-32", "utf-32"},
                                    {std::string_view("\0\0\xFE\xFF", 4), "UTF-32", "utf-32"},
                                    {"\xFF\xFE", "UTF-16", "utf-16"},
                                    {"\xFE\xFF", "UTF-16", "utf-16"}};
  for (const Mark& mark : kMarks) {
    if (starts(mark.bytes)) {
      throw Error(ExitCode::kDataErr,
                  fmt::format("the file starts with a {0} byte-order mark: it is {0}, not UTF-8; "
                              "read it with --encoding {1}",
                              mark.encoding, mark.flag),
                  file, line);
    }
  }
}

void check_column_flags(const ColumnFlags& flags) {
  if (!flags.author.empty() && (!flags.first_name.empty() || !flags.last_name.empty())) {
    throw Error(ExitCode::kUsage,
                "--author-column cannot be combined with --first-name-column or "
                "--last-name-column: name one author column, or the two name parts");
  }
}

ColumnMap resolve_columns(const std::vector<std::string>& header, const ColumnFlags& flags,
                          const std::string& file, std::uint64_t header_line) {
  std::vector<std::string> keys;
  keys.reserve(header.size());
  for (const std::string& name : header) keys.push_back(column_key(name));

  auto missing = [&](std::string_view what, std::string_view flag, std::string_view given) {
    const std::string looked_for =
        given.empty() ? std::string(what)
                      : fmt::format("'{}' (from {})", shown_column_name(given), flag);
    return Error(ExitCode::kDataErr,
                 fmt::format("no {} column; columns found: {}; name the right one with {}{}",
                             looked_for, found_list(header), flag, delimiter_hint(header)),
                 file, header_line);
  };

  ColumnMap map;
  // Issue 12.24: a LibraryThing export has neither an author nor a publisher column.
  const int primary_author = find_column(keys, kLibraryThingAuthor);
  const int publication = find_column(keys, kLibraryThingPublication);
  const bool library_thing = primary_author >= 0 && publication >= 0;
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
      if (map.author < 0 && library_thing) map.author = primary_author;
      if (map.author < 0) {
        throw missing("author (author, authors, author_name, or first_name and last_name)",
                      "--author-column", "");
      }
    }
  }
  map.title = find_column(keys, flags.title.empty() ? "title" : flags.title);
  if (map.title < 0) throw missing("title", "--title-column", flags.title);
  map.publisher = find_column(keys, flags.publisher.empty() ? "publisher" : flags.publisher);
  if (map.publisher < 0 && flags.publisher.empty() && library_thing) map.publisher = publication;
  if (map.publisher < 0) throw missing("publisher", "--publisher-column", flags.publisher);
  // Named by a flag or found, LibraryThing's Publication holds more than the publisher.
  map.publication = library_thing && map.publisher == publication;
  return map;
}

}  // namespace abp
