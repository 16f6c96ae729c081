#include "abp/core/aggregate.hpp"

#include <algorithm>

namespace abp {
namespace {

std::vector<PublisherCount> ordered(const std::vector<std::uint64_t>& counts, SortOrder order) {
  std::vector<PublisherCount> out;
  out.reserve(counts.size());
  for (std::size_t rank = 0; rank < counts.size(); ++rank) {
    if (counts[rank] > 0) out.push_back(PublisherCount{static_cast<Id>(rank), counts[rank]});
  }
  // Publisher ranks follow byte-wise name order, so (count, rank) is (count, name).
  auto ascending = [](const PublisherCount& a, const PublisherCount& b) {
    return a.count != b.count ? a.count < b.count : a.publisher < b.publisher;
  };
  if (order == SortOrder::kAscending) {
    std::sort(out.begin(), out.end(), ascending);
  } else {
    std::sort(out.begin(), out.end(),
              [&](const PublisherCount& a, const PublisherCount& b) { return ascending(b, a); });
  }
  return out;
}

}  // namespace

std::vector<PublisherCount> books_by_publisher(const Catalogue& catalogue, SortOrder order) {
  // Facts are distinct, so the facts of a publisher are its distinct (author, title) books.
  std::vector<std::uint64_t> counts(catalogue.publisher_count(), 0);
  for (const RankedFact& fact : catalogue.facts()) ++counts[fact.publisher];
  return ordered(counts, order);
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
  return ordered(counts, order);
}

}  // namespace abp
