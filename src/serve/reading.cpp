#include "abp/serve/reading.hpp"

#include <algorithm>
#include <utility>

#include "abp/serve/http_types.hpp"

namespace abp {
namespace {

// Groups fact positions by `key_of(fact)`: a counting sort, filled from the back so that each
// group's end moves down to its start, with no second table of where each group is filled.
template <typename KeyOf>
FactGroups group_facts(const std::vector<RankedFact>& facts, std::size_t keys, KeyOf key_of) {
  FactGroups groups;
  groups.offsets.assign(keys + 1, 0);
  for (const RankedFact& fact : facts) ++groups.offsets[key_of(fact) + 1];
  for (std::size_t k = 0; k < keys; ++k) groups.offsets[k + 1] += groups.offsets[k];
  groups.positions.resize(facts.size());
  for (std::size_t i = facts.size(); i-- > 0;) {
    groups.positions[--groups.offsets[key_of(facts[i]) + 1]] = static_cast<std::uint32_t>(i);
  }
  // Each offsets[k + 1] now holds group k's start: move them down one place.
  for (std::size_t k = 0; k < keys; ++k) groups.offsets[k] = groups.offsets[k + 1];
  groups.offsets[keys] = static_cast<std::uint32_t>(facts.size());
  return groups;
}

}  // namespace

std::shared_ptr<const Reading> Reading::fresh(Catalogue catalogue) {
  SearchNames search(catalogue);
  return std::shared_ptr<const Reading>(new Reading(std::move(catalogue), std::move(search)));
}

std::shared_ptr<const Reading> Reading::merged(std::shared_ptr<const Reading>& old,
                                               const Catalogue& more) {
  MergedRanks ranks;
  Catalogue catalogue = Catalogue::merge(old->catalogue_, more, &ranks);
  SearchNames search(old->search_, catalogue, ranks);
  if (old.use_count() == 1) old.reset();
  return std::shared_ptr<const Reading>(new Reading(std::move(catalogue), std::move(search)));
}

Reading::Reading(Catalogue catalogue, SearchNames search)
    : catalogue_(std::move(catalogue)), search_(std::move(search)) {
  const std::vector<RankedFact>& facts = catalogue_.facts();
  totals_.facts = facts.size();
  author_first_.assign(catalogue_.author_count() + 1, 0);
  for (std::size_t i = 0; i < facts.size(); ++i) {
    if (i == 0 || facts[i].title != facts[i - 1].title || facts[i].author != facts[i - 1].author) {
      ++totals_.books;
    }
    ++author_first_[facts[i].author + 1];
  }
  for (std::size_t r = 0; r < catalogue_.author_count(); ++r) {
    if (author_first_[r + 1] > 0) listed_authors_.push_back(static_cast<Id>(r));
    author_first_[r + 1] += author_first_[r];
  }
  totals_.authors = listed_authors_.size();

  // The count sections exactly as abp report computes them (core/aggregate).
  books_ = abp::books_by_publisher(catalogue_, SortOrder::kDescending);
  authors_ = abp::authors_by_publisher(catalogue_, SortOrder::kDescending);
  totals_.publishers = books_.size();
  publisher_books_.assign(catalogue_.publisher_count(), 0);
  publisher_authors_.assign(catalogue_.publisher_count(), 0);
  for (const PublisherCount& line : books_) publisher_books_[line.publisher] = line.count;
  for (const PublisherCount& line : authors_) publisher_authors_[line.publisher] = line.count;

  publisher_facts_ = group_facts(facts, catalogue_.publisher_count(),
                                 [](const RankedFact& fact) { return fact.publisher; });
  title_facts_ = group_facts(facts, catalogue_.title_id_count(),
                             [](const RankedFact& fact) { return fact.title; });
}

std::pair<std::size_t, std::size_t> Reading::named_author_facts(std::string_view name) const {
  const Id rank = catalogue_.find_author(name);
  const auto facts = rank == StringPool::kMissing ? std::make_pair(std::size_t{0}, std::size_t{0})
                                                  : author_facts(rank);
  if (facts.first == facts.second) throw HttpError(404, "no author has that name in the catalogue");
  return facts;
}

Id Reading::named_publisher(std::string_view name) const {
  const Id rank = catalogue_.find_publisher(name);
  if (rank == StringPool::kMissing || publisher_books(rank) == 0) {
    throw HttpError(404, "no publisher has that name in the catalogue");
  }
  return rank;
}

std::size_t Reading::books_in(std::size_t first, std::size_t last) const {
  const std::vector<RankedFact>& facts = catalogue_.facts();
  std::size_t books = 0;
  for (std::size_t i = first; i < last; ++i) {
    if (i == first || facts[i].title != facts[i - 1].title) ++books;
  }
  return books;
}

std::vector<std::uint32_t> Reading::search(std::string_view text, std::size_t limit) const {
  const std::vector<RankedFact>& facts = catalogue_.facts();
  const NameMatches matches = search_.find(catalogue_, text);
  std::vector<std::uint32_t> found;
  if (matches.all) {
    for (std::size_t i = 0; i < std::min(limit, facts.size()); ++i) {
      found.push_back(static_cast<std::uint32_t>(i));
    }
    return found;
  }
  // Few names found: gather the first `limit` facts of each and keep the first `limit` of
  // all. Many: their facts are dense, so walking the facts in order finds `limit` soon.
  constexpr std::size_t kFewNames = 4096;
  if (matches.authors.size() + matches.titles.size() + matches.publishers.size() <= kFewNames) {
    auto gather = [&](const std::uint32_t* first, const std::uint32_t* last) {
      const auto n = std::min<std::ptrdiff_t>(last - first, static_cast<std::ptrdiff_t>(limit));
      found.insert(found.end(), first, first + n);
    };
    for (const Id rank : matches.authors) {
      const auto [first, last] = author_facts(rank);
      for (std::size_t i = first; i < std::min(last, first + limit); ++i) {
        found.push_back(static_cast<std::uint32_t>(i));
      }
    }
    for (const Id title : matches.titles) {
      const auto [first, last] = title_facts_.of(title);
      gather(first, last);
    }
    for (const Id rank : matches.publishers) {
      const auto [first, last] = publisher_facts_.of(rank);
      gather(first, last);
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    if (found.size() > limit) found.resize(limit);
    return found;
  }
  auto bits_of = [](const NameSet& keys, std::size_t size) {
    std::vector<bool> bits(size, false);
    for (const Id key : keys) bits[key] = true;
    return bits;
  };
  const std::vector<bool> authors = bits_of(matches.authors, catalogue_.author_count());
  const std::vector<bool> titles = bits_of(matches.titles, catalogue_.title_id_count());
  const std::vector<bool> publishers = bits_of(matches.publishers, catalogue_.publisher_count());
  for (std::size_t i = 0; i < facts.size() && found.size() < limit; ++i) {
    const RankedFact& fact = facts[i];
    if (authors[fact.author] || titles[fact.title] || publishers[fact.publisher]) {
      found.push_back(static_cast<std::uint32_t>(i));
    }
  }
  return found;
}

}  // namespace abp
