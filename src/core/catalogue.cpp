#include "abp/core/catalogue.hpp"

#include <algorithm>
#include <utility>

#include "abp/fast/tree_order.hpp"

namespace abp {

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
  authors_.drop_index();
  titles_.drop_index();
  publishers_.drop_index();
  TreeOrder order = sort_into_tree_order(std::move(facts_), authors_, titles_, publishers_);
  Catalogue out;
  out.author_names_ = std::move(order.author_names);
  out.publisher_names_ = std::move(order.publisher_names);
  out.facts_ = std::move(order.facts);
  // From here on authors and publishers are reached through their Refs, titles by id.
  authors_.forget_ids();
  publishers_.forget_ids();
  // The name views point into the pools' blocks, which a move leaves where they are.
  out.authors_ = std::move(authors_);
  out.titles_ = std::move(titles_);
  out.publishers_ = std::move(publishers_);
  return out;
}

}  // namespace abp
