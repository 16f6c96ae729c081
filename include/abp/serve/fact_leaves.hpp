#pragma once

#include <cstdint>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/core/tree.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Some facts of a catalogue (an author's, a publisher's, a search's) as a report source, so
/// that their tree is written by the report writers, byte for byte as abp report writes a
/// tree (SPEC §8: /api/author answers as /api/report?section=tree would for those facts).
/// Only the tree: the count sections have no lines.
class FactLeaves final : public ReportSource {
 public:
  /// `positions` index catalogue.facts(), ascending (tree order). The catalogue must outlive
  /// this.
  FactLeaves(const Catalogue& catalogue, const std::vector<std::uint32_t>& positions);
  /// The facts [first, last) of the catalogue.
  FactLeaves(const Catalogue& catalogue, std::size_t first, std::size_t last);

  std::vector<CountLine> counts(bool books, SortOrder order, std::size_t limit) override;
  std::vector<CountLine> author_book_counts(SortOrder order, std::size_t limit) override;
  bool next_leaf(TreeLeaf& leaf) override;

 private:
  const Catalogue& catalogue_;
  std::vector<RankedFact> facts_;
  FactCursor cursor_;
};

}  // namespace abp
