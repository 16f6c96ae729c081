#include "abp/catalogue.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <utility>

namespace abp {
namespace {

// Sorts a pool's strings byte-wise: names_[rank] is the string, and rank_of[id] its rank.
std::vector<Id> rank_pool(const StringPool& pool, std::vector<std::string_view>& names) {
  std::vector<Id> order(pool.size());
  std::iota(order.begin(), order.end(), Id{0});
  std::sort(order.begin(), order.end(),
            [&pool](Id a, Id b) { return pool.view(a) < pool.view(b); });
  std::vector<Id> rank_of(pool.size());
  names.resize(pool.size());
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    rank_of[order[rank]] = static_cast<Id>(rank);
    names[rank] = pool.view(order[rank]);
  }
  return rank_of;
}

}  // namespace

bool CatalogueBuilder::contains(std::string_view author, std::string_view title,
                                std::string_view publisher) const {
  const Fact wanted{authors_.find(author), titles_.find(title), publishers_.find(publisher)};
  if (wanted.author == StringPool::kMissing || wanted.title == StringPool::kMissing ||
      wanted.publisher == StringPool::kMissing) {
    return false;
  }
  return std::find(facts_.begin(), facts_.end(), wanted) != facts_.end();
}

Catalogue CatalogueBuilder::finish() && {
  Catalogue out;
  const std::vector<Id> author_rank = rank_pool(authors_, out.author_names_);
  const std::vector<Id> title_rank = rank_pool(titles_, out.title_names_);
  const std::vector<Id> publisher_rank = rank_pool(publishers_, out.publisher_names_);
  for (Fact& fact : facts_) {
    fact = Fact{author_rank[fact.author], title_rank[fact.title], publisher_rank[fact.publisher]};
  }
  std::sort(facts_.begin(), facts_.end(), [](const Fact& a, const Fact& b) {
    return std::tie(a.author, a.title, a.publisher) < std::tie(b.author, b.title, b.publisher);
  });
  facts_.erase(std::unique(facts_.begin(), facts_.end()), facts_.end());
  out.facts_ = std::move(facts_);
  // The name views point into the pools' blocks, which a move leaves where they are.
  out.authors_ = std::move(authors_);
  out.titles_ = std::move(titles_);
  out.publishers_ = std::move(publishers_);
  return out;
}

}  // namespace abp
