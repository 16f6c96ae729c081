#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/core/tree.hpp"
#include "abp/fast/names_ahead.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// The leaves of facts [begin, end) of a catalogue, in the order it already keeps them.
class CatalogueLeaves : public LeafSource {
 public:
  /// `ends`: where the author and the book of facts[begin] end (FactCursor::run_ends).
  CatalogueLeaves(const Catalogue& catalogue, std::size_t begin, std::size_t end,
                  std::pair<std::size_t, std::size_t> ends);

  bool next_leaf(TreeLeaf& leaf) override;

 private:
  const Catalogue& catalogue_;
  FactCursor cursor_;
  NamesAhead ahead_;
  std::size_t next_;
};

/// A catalogue in memory as a report source: counts from core/aggregate.hpp, leaves in the
/// order the catalogue already keeps them. The tree splits anywhere, so pieces are even.
class CatalogueSource : public ReportSource {
 public:
  /// The catalogue must outlive the source.
  explicit CatalogueSource(const Catalogue& catalogue);

  std::vector<CountLine> counts(bool books, SortOrder order, std::size_t limit) override;
  std::vector<CountLine> author_book_counts(SortOrder order, std::size_t limit) override;
  bool next_leaf(TreeLeaf& leaf) override { return leaves_.next_leaf(leaf); }
  std::vector<std::unique_ptr<LeafSource>> split_tree(std::size_t leaves) override;

 private:
  const Catalogue& catalogue_;
  CatalogueLeaves leaves_;
};

}  // namespace abp
