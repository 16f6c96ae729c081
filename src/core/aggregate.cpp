#include "abp/core/aggregate.hpp"

#include <algorithm>
#include <utility>

#include "abp/fast/parallel.hpp"

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

// Counts by rank (`ranks` of them) made by count(facts, begin, end, counts) over the facts,
// each half on a thread of its own (when there are many) and added up. The halves meet where
// an author's facts begin, so no author's run is split between them.
template <typename Count>
std::vector<std::uint64_t> counted_in_halves(const Catalogue& catalogue, std::size_t ranks,
                                             Count count) {
  const std::vector<RankedFact>& facts = catalogue.facts();
  std::size_t middle = facts.size() / 2;
  while (middle > 0 && middle < facts.size() && facts[middle].author == facts[middle - 1].author) {
    ++middle;
  }
  std::vector<std::uint64_t> counts[2] = {std::vector<std::uint64_t>(ranks, 0),
                                          std::vector<std::uint64_t>(ranks, 0)};
  on_two_threads(facts.size(), [&](int part) {
    count(facts, part == 0 ? 0 : middle, part == 0 ? middle : facts.size(), counts[part]);
  });
  for (std::size_t rank = 0; rank < ranks; ++rank) counts[0][rank] += counts[1][rank];
  return std::move(counts[0]);
}

}  // namespace

std::vector<PublisherCount> books_by_publisher(const Catalogue& catalogue, SortOrder order) {
  // Facts are distinct, so the facts of a publisher are its distinct (author, title) books.
  return ordered<PublisherCount>(
      counted_in_halves(catalogue, catalogue.publisher_count(),
                        [](const std::vector<RankedFact>& facts, std::size_t begin, std::size_t end,
                           std::vector<std::uint64_t>& counts) {
                          for (std::size_t i = begin; i < end; ++i) ++counts[facts[i].publisher];
                        }),
      order);
}

std::vector<PublisherCount> authors_by_publisher(const Catalogue& catalogue, SortOrder order) {
  // Facts come grouped by author, so a publisher meets each of its authors in one run:
  // remembering the last author counted per publisher is enough to count each once.
  return ordered<PublisherCount>(
      counted_in_halves(catalogue, catalogue.publisher_count(),
                        [](const std::vector<RankedFact>& facts, std::size_t begin, std::size_t end,
                           std::vector<std::uint64_t>& counts) {
                          constexpr Id kNone = 0xFFFFFFFFu;
                          std::vector<Id> last_author(counts.size(), kNone);
                          for (std::size_t i = begin; i < end; ++i) {
                            const RankedFact& fact = facts[i];
                            if (last_author[fact.publisher] != fact.author) {
                              last_author[fact.publisher] = fact.author;
                              ++counts[fact.publisher];
                            }
                          }
                        }),
      order);
}

std::vector<AuthorCount> books_by_author(const Catalogue& catalogue, SortOrder order) {
  // Facts come in tree order: an author's books are the runs of equal titles in its facts.
  return ordered<AuthorCount>(
      counted_in_halves(catalogue, catalogue.author_count(),
                        [](const std::vector<RankedFact>& facts, std::size_t begin, std::size_t end,
                           std::vector<std::uint64_t>& counts) {
                          for (std::size_t i = begin; i < end; ++i) {
                            if (i == begin || facts[i].author != facts[i - 1].author ||
                                facts[i].title != facts[i - 1].title) {
                              ++counts[facts[i].author];
                            }
                          }
                        }),
      order);
}

}  // namespace abp
