#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/aggregate.hpp"
#include "abp/core/tree.hpp"

namespace abp {

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

/// What a report is written from: a catalogue in memory (catalogue_source.hpp) or a database
/// (store/sqlite_report.hpp). The writers see only this, so every source produces the same
/// bytes.
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

/// A count section as the writers take it: its lines, and what is counted ("books" or
/// "authors"), which names its column or key.
struct CountSection {
  std::vector<CountLine> lines;
  const char* label;
};

/// Asks `source` for the books (`books`) or the authors section, ordered by `order`, at most
/// `top` lines.
CountSection count_section(ReportSource& source, bool books, SortOrder order, std::size_t top);

}  // namespace abp
