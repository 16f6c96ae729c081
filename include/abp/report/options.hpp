#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
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

/// Throws Error(kUsage) when `options` cannot be written: csv, tsv and ndjson take exactly one
/// section (ndjson defaults to the tree). Returns the options with that default applied.
RenderOptions validate_render_options(RenderOptions options, bool sections_given);

}  // namespace abp
