#pragma once

#include <string>
#include <vector>

namespace abp {

/// Column names the user gave with the --*-column flags; empty means "detect" (SPEC §2).
/// An author column wins over the name parts (the command line refuses both at once).
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
};

/// Finds the columns in `header` (raw header fields) by name: first_name + last_name, else the
/// first of author, authors, author_name; title and publisher always. Names match after
/// column_key(); the leftmost of equal names wins. Throws Error(kDataErr, file, line) listing
/// the columns found and the flag that would fix it when a column is missing.
ColumnMap resolve_columns(const std::vector<std::string>& header, const ColumnFlags& flags,
                          const std::string& file, std::uint64_t header_line);

}  // namespace abp
