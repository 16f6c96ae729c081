#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/aggregate.hpp"
#include "abp/core/catalogue.hpp"
#include "abp/core/tree.hpp"
#include "abp/io/output.hpp"

namespace abp {

enum class Format { kText, kCsv, kTsv, kJson, kNdjson };
enum class TreeStyle { kUnicode, kAscii };

/// Which of the three report sections to print; always printed in this order (SPEC §3).
struct Sections {
  bool books = true;
  bool authors = true;
  bool tree = true;

  int count() const { return int{books} + int{authors} + int{tree}; }
};

/// How a report is written.
struct RenderOptions {
  Sections sections;
  Format format = Format::kText;
  SortOrder order = SortOrder::kDescending;
  TreeStyle style = TreeStyle::kUnicode;
  std::size_t top = SIZE_MAX;  // keep the first N lines of each count section
  bool bars = false;           // text: a bar after each count
  std::size_t width = 80;      // terminal columns, for bars
  // The tree is written in pieces of about this many leaves on two threads when the source
  // can split it (0: one thread). Changes only the speed, never a byte of the output.
  std::size_t piece_leaves = std::size_t{1} << 15;
};

/// Throws Error(kUsage) when `options` cannot be written: csv, tsv and ndjson take exactly one
/// section (ndjson defaults to the tree). Returns the options with that default applied.
RenderOptions validate_render_options(RenderOptions options, bool sections_given);

/// One line of a count section: a publisher's name and its count.
struct CountLine {
  std::string publisher;
  std::uint64_t count;
};

/// One leaf of the tree (a distinct fact) by name, and where it sits.
struct TreeLeaf {
  std::string_view author;
  std::string_view title;
  std::string_view publisher;
  LeafPosition at;
};

/// The leaves of a tree, or of a piece of one, in tree order.
class LeafSource {
 public:
  virtual ~LeafSource() = default;

  /// Fills `leaf` with the next leaf in tree order and returns true; false after the last.
  /// One pass only; the views stay valid until the next call.
  virtual bool next_leaf(TreeLeaf& leaf) = 0;
};

/// What a report is written from: a catalogue in memory, or a database (sqlite_report.hpp).
/// The writers see only this, so every source produces the same bytes.
class ReportSource : public LeafSource {
 public:
  /// Returns the lines of "books by publisher" (`books`) or "authors by publisher", ordered
  /// by (count, name) in `order` (SPEC §3), at most `limit` of them (SIZE_MAX: all).
  virtual std::vector<CountLine> counts(bool books, SortOrder order, std::size_t limit) = 0;

  /// Splits the tree into consecutive pieces of about `leaves` leaves that may be read on
  /// different threads at once. Empty where the source cannot split (then next_leaf() is
  /// read).
  virtual std::vector<std::unique_ptr<LeafSource>> split_tree(std::size_t leaves) {
    static_cast<void>(leaves);
    return {};
  }
};

/// Writes the report of `source` to `out` (SPEC §3-4); asks it only for the sections wanted.
void render_report(ReportSource& source, const RenderOptions& options, Output& out);

/// Writes the report of `catalogue` to `out` (SPEC §3-4).
void render_report(const Catalogue& catalogue, const RenderOptions& options, Output& out);

}  // namespace abp
