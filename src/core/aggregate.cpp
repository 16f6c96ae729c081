#include "abp/core/aggregate.hpp"

#include <algorithm>

namespace abp {
namespace {

// The ranks with a count, as Line{rank, count}, ordered by (count, rank) in `order`. Ranks
// follow byte-wise name order, so (count, rank) is (count, name).
template <typename Line>
std::vector<Line> ordered(const std::vector<std::uint64_t>& counts, SortOrder order) {
  std::vector<Line> out;
  out.reserve(counts.size());
  for (std::size_t rank = 0; rank < counts.size(); ++rank) {
    if (counts[rank] > 0) out.push_back(Line{static_cast<Id>(rank), counts[rank]});
  }
  // Lines are made in rank order: a stable sort by count alone keeps ranks ascending within
  // a count, and reversing the ascending order gives the descending one.
  std::stable_sort(out.begin(), out.end(),
                   [](const Line& a, const Line& b) { return a.count < b.count; });
  if (order == SortOrder::kDescending) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<PublisherCount> books_by_publisher(const Catalogue& catalogue, SortOrder order) {
  // Facts are distinct, so the facts of a publisher are its distinct (author, title) books.
  std::vector<std::uint64_t> counts(catalogue.publisher_count(), 0);
  for (const RankedFact& fact : catalogue.facts()) ++counts[fact.publisher];
  return ordered<PublisherCount>(counts, order);
}

std::vector<PublisherCount> authors_by_publisher(const Catalogue& catalogue, SortOrder order) {
  // Facts come grouped by author, so a publisher meets each of its authors in one run:
  // remembering the last author counted per publisher is enough to count each once.
  constexpr Id kNone = 0xFFFFFFFFu;
  std::vector<std::uint64_t> counts(catalogue.publisher_count(), 0);
  std::vector<Id> last_author(catalogue.publisher_count(), kNone);
  for (const RankedFact& fact : catalogue.facts()) {
    if (last_author[fact.publisher] != fact.author) {
      last_author[fact.publisher] = fact.author;
      ++counts[fact.publisher];
    }
  }
  return ordered<PublisherCount>(counts, order);
}

std::vector<AuthorCount> books_by_author(const Catalogue& catalogue, SortOrder order) {
  // Facts come in tree order: an author's books are the runs of equal titles in its facts.
  std::vector<std::uint64_t> counts(catalogue.author_count(), 0);
  const std::vector<RankedFact>& facts = catalogue.facts();
  for (std::size_t i = 0; i < facts.size(); ++i) {
    if (i == 0 || facts[i].author != facts[i - 1].author || facts[i].title != facts[i - 1].title) {
      ++counts[facts[i].author];
    }
  }
  return ordered<AuthorCount>(counts, order);
}

}  // namespace abp
