#include "abp/serve/fact_leaves.hpp"

namespace abp {
namespace {

std::vector<RankedFact> facts_at(const Catalogue& catalogue,
                                 const std::vector<std::uint32_t>& positions) {
  std::vector<RankedFact> facts;
  facts.reserve(positions.size());
  for (const std::uint32_t at : positions) facts.push_back(catalogue.facts()[at]);
  return facts;
}

}  // namespace

// The cursor is made after the facts it walks (members are initialised in order).
FactLeaves::FactLeaves(const Catalogue& catalogue, const std::vector<std::uint32_t>& positions)
    : catalogue_(catalogue),
      facts_(facts_at(catalogue, positions)),
      cursor_(FactRuns{facts_.data()}, facts_.size()) {}

FactLeaves::FactLeaves(const Catalogue& catalogue, std::size_t first, std::size_t last)
    : catalogue_(catalogue),
      facts_(catalogue.facts().begin() + static_cast<std::ptrdiff_t>(first),
             catalogue.facts().begin() + static_cast<std::ptrdiff_t>(last)),
      cursor_(FactRuns{facts_.data()}, facts_.size()) {}

std::vector<CountLine> FactLeaves::counts(bool, SortOrder, std::size_t) { return {}; }

std::vector<CountLine> FactLeaves::author_book_counts(SortOrder, std::size_t) { return {}; }

bool FactLeaves::next_leaf(TreeLeaf& leaf) {
  std::size_t at = 0;
  if (!cursor_.next(at, leaf.at)) return false;
  const RankedFact* fact = &facts_[at];
  leaf.author = catalogue_.author_name(fact->author);
  leaf.title = catalogue_.title_name(fact->title);
  leaf.publisher = catalogue_.publisher_name(fact->publisher);
  return true;
}

}  // namespace abp
