#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
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

/// Returns the format named `name`; Error(kUsage) suggesting the nearest for any other name.
Format parse_format(const std::string& name);

/// Returns the sections named in `names` (each may be a comma-separated list): books,
/// authors, author-books, tree; an empty list means the article's three (not author-books).
/// Error(kUsage) suggesting the nearest for an unknown name.
Sections parse_sections(const std::vector<std::string>& names);

/// Throws Error(kUsage) when `options` cannot be written: csv, tsv and ndjson take exactly one
/// section (ndjson defaults to the tree). Returns the options with that default applied.
RenderOptions validate_render_options(RenderOptions options, bool sections_given);

}  // namespace abp
