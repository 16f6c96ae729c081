#include "abp/report/catalogue_source.hpp"

#include <algorithm>
#include <string>

#include "abp/core/aggregate.hpp"

namespace abp {

CatalogueLeaves::CatalogueLeaves(const Catalogue& catalogue, std::size_t begin, std::size_t end,
                                 std::pair<std::size_t, std::size_t> ends)
    : catalogue_(catalogue),
      cursor_(FactRuns{catalogue.facts().data()}, catalogue.facts().size(), begin, end, ends),
      ahead_(catalogue, end),
      next_(begin) {}

bool CatalogueLeaves::next_leaf(TreeLeaf& leaf) {
  ahead_.before(next_++);
  std::size_t i = 0;
  if (!cursor_.next(i, leaf.at)) return false;
  const RankedFact& fact = catalogue_.facts()[i];
  leaf.author = catalogue_.author_name(fact.author);
  leaf.title = catalogue_.fact_title(i);
  leaf.publisher = catalogue_.publisher_name(fact.publisher);
  return true;
}

CatalogueSource::CatalogueSource(const Catalogue& catalogue)
    : catalogue_(catalogue), leaves_(catalogue, 0, catalogue.facts().size(), {0, 0}) {}

std::vector<CountLine> CatalogueSource::counts(bool books, SortOrder order, std::size_t limit) {
  const std::vector<PublisherCount> ranked =
      books ? books_by_publisher(catalogue_, order) : authors_by_publisher(catalogue_, order);
  const std::size_t n = std::min(limit, ranked.size());
  std::vector<CountLine> lines;
  lines.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    lines.push_back(
        CountLine{std::string(catalogue_.publisher_name(ranked[i].publisher)), ranked[i].count});
  }
  return lines;
}

std::vector<CountLine> CatalogueSource::author_book_counts(SortOrder order, std::size_t limit) {
  const std::vector<AuthorCount> ranked = books_by_author(catalogue_, order);
  const std::size_t n = std::min(limit, ranked.size());
  std::vector<CountLine> lines;
  lines.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    lines.push_back(
        CountLine{std::string(catalogue_.author_name(ranked[i].author)), ranked[i].count});
  }
  return lines;
}

std::vector<std::unique_ptr<LeafSource>> CatalogueSource::split_tree(std::size_t leaves) {
  // Pieces of exactly `leaves` leaves (the last one shorter), even inside one author or
  // book: an author of millions of books still makes pieces of the same size.
  const std::vector<RankedFact>& facts = catalogue_.facts();
  const FactCursor whole(FactRuns{facts.data()}, facts.size());
  const std::size_t step = std::max<std::size_t>(leaves, 1);
  std::vector<std::unique_ptr<LeafSource>> pieces;
  std::pair<std::size_t, std::size_t> ends{0, 0};
  for (std::size_t begin = 0; begin < facts.size(); begin += step) {
    ends = whole.run_ends(begin, ends);
    pieces.push_back(std::make_unique<CatalogueLeaves>(catalogue_, begin,
                                                       std::min(facts.size(), begin + step), ends));
  }
  return pieces;
}

}  // namespace abp
