#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace abp {

/// Column names the user gave with the --*-column flags; empty means "detect" (SPEC §2).
struct ColumnFlags {
  std::string author;
  std::string first_name;
  std::string last_name;
  std::string title;
  std::string publisher;
};

/// Which header positions hold the values abp uses.
struct ColumnMap {
  bool first_last = false;  // reference layout: author = first_name + " " + last_name
  int author = -1;
  int first_name = -1;
  int last_name = -1;
  int title = -1;
  int publisher = -1;
  bool publication = false;  // LibraryThing: the publisher is the start of `Publication`
};

/// Throws Error(kUsage) when the flags contradict each other (--author-column with a
/// first/last flag). Checked before any file is opened.
void check_column_flags(const ColumnFlags& flags);

/// Finds the columns in `header` (raw header fields) by name: first_name + last_name, else the
/// first of author, authors, author_name; title and publisher always. A LibraryThing export
/// (`Primary Author` and `Publication`, no author or publisher column) is read with those two,
/// and its publisher taken from `Publication` (README). Names match after column_key(); the
/// leftmost of equal names wins. Throws Error(kDataErr, file, line) listing the columns found
/// (at most kListedNames, each cut, invisible characters escaped) and the flag that would fix
/// it when a column is missing.
ColumnMap resolve_columns(const std::vector<std::string>& header, const ColumnFlags& flags,
                          const std::string& file, std::uint64_t header_line);

/// How many header names a "columns found" list shows, and how many characters of each.
inline constexpr std::size_t kListedNames = 30;
inline constexpr std::size_t kShownNameChars = 40;

/// Returns a header name as messages show it: normalised, cut after kShownNameChars
/// characters (then `...`), `(empty)` when empty; controls escaped as text output escapes them
/// (SPEC §4), invisible characters (spaces other than U+0020, format characters such as U+FEFF
/// and U+200B, line and paragraph separators) as `\uHHHH`, bytes that are not UTF-8 as `\xHH`.
std::string shown_column_name(std::string_view name);

/// Refuses a header that shows the input is no UTF-8 text catalogue at all: with
/// `encoding_given` false, a first line starting with a UTF-16 or UTF-32 byte-order mark
/// (the message names the --encoding to use); in any case, the header of an SQLite database
/// (read from standard input or a pipe: abp opens a database only when FILE names it).
/// `first_field` is the header's first raw field; `line` its line. Throws Error(kDataErr).
void check_header_start(std::string_view first_field, std::uint64_t line, bool encoding_given,
                        const std::string& file);

}  // namespace abp
