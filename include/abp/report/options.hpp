#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "abp/core/aggregate.hpp"

namespace abp {

enum class Format { kText, kCsv, kTsv, kJson, kNdjson, kHtml };
enum class TreeStyle { kUnicode, kAscii };

/// Which report sections to print; always printed in the order books, authors, author_books,
/// tree (SPEC §7), whatever the order of the members.
struct Sections {
  bool books = true;
  bool authors = true;
  bool tree = true;
  bool author_books = false;  // SPEC §7: only when asked for

  int count() const { return int{books} + int{authors} + int{author_books} + int{tree}; }
};

/// How a report is written: what the user asked for, nothing about how fast.
struct RenderOptions {
  Sections sections;
  Format format = Format::kText;
  SortOrder order = SortOrder::kDescending;
  TreeStyle style = TreeStyle::kUnicode;
  std::size_t top = SIZE_MAX;  // keep the first N lines of each count section
  bool bars = false;           // text: a bar after each count
  std::size_t width = 80;      // terminal columns, for bars
  bool color = false;          // text: authors, titles, publishers, counts and bars in colour
};

/// The names of the formats (`--format NAME`), in the order the help lists them.
const std::vector<std::pair<std::string, Format>>& format_names();

/// The format called `name` (one of format_names()), or nullopt; the caller words the refusal.
std::optional<Format> format_named(std::string_view name);

/// The names of the sections (`--section NAME`), in the order they are printed.
const std::vector<std::string>& section_names();

/// The sections `names` name, each one of section_names(); every section but author-books
/// when `names` is empty. nullopt when a name is not a section's; the caller words the refusal.
std::optional<Sections> sections_named(const std::vector<std::string>& names);

/// The whole number `text` writes in decimal digits (`--top N`): nullopt when it is empty or
/// holds anything but digits; a number too large to hold is SIZE_MAX, more than any count.
std::optional<std::size_t> whole_number(std::string_view text);

/// Throws Error(kUsage) when `options` cannot be written: csv, tsv and ndjson take exactly one
/// section (ndjson defaults to the tree). Returns the options with that default applied.
RenderOptions validate_render_options(RenderOptions options, bool sections_given);

}  // namespace abp
