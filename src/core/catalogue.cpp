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

Catalogue CatalogueBuilder::finish(RowCounts row_counts) && {
  authors_.drop_index();
  titles_.drop_index();
  publishers_.drop_index();
  TreeOrder order = sort_into_tree_order(std::move(facts_), authors_, titles_, publishers_,
                                         row_counts == RowCounts::kKeep);
  Catalogue out;
  auto names = std::make_shared<Catalogue::Names>();
  names->author_names = std::move(order.author_names);
  names->publisher_names = std::move(order.publisher_names);
  out.facts_ = std::move(order.facts);
  out.fact_rows_ = std::move(order.rows);
  out.row_counts_ = row_counts == RowCounts::kKeep;
  // From here on authors and publishers are reached through their Refs, titles by id.
  authors_.forget_ids();
  publishers_.forget_ids();
  // The name views point into the pools' blocks, which a move leaves where they are.
  names->authors = std::move(authors_);
  names->titles = std::move(titles_);
  names->publishers = std::move(publishers_);
  out.names_ = std::move(names);
  return out;
}

Catalogue Catalogue::with_facts(std::vector<RankedFact> facts,
                                std::vector<std::uint32_t> rows) const {
  Catalogue out;
  out.names_ = names_;
  out.facts_ = std::move(facts);
  out.fact_rows_ = std::move(rows);
  out.row_counts_ = !out.fact_rows_.empty() || (row_counts_ && out.facts_.empty());
  return out;
}

}  // namespace abp
