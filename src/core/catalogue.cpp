#include "abp/core/catalogue.hpp"

#include <algorithm>
#include <stdexcept>
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

Catalogue CatalogueBuilder::finish(RowCounts row_counts, FactTitles titles) && {
  if (drop_repeats_ && row_counts == RowCounts::kKeep) {
    throw std::logic_error("row counts asked of a catalogue that dropped repeated facts");
  }
  authors_.drop_index();
  titles_.drop_index();
  publishers_.drop_index();
  // A loader may have deferred the titles' ids (StringPool::defer_ids): their index takes the
  // memory the table just gave back, before the sort reads it on two threads.
  titles_.index_ids();
  TreeOrder order =
      sort_into_tree_order(std::move(facts_), authors_, titles_, publishers_,
                           row_counts == RowCounts::kKeep, titles == FactTitles::kInOrder);
  Catalogue out;
  auto names = std::make_shared<Catalogue::Names>();
  names->author_names = std::move(order.author_names);
  names->publisher_names = std::move(order.publisher_names);
  out.facts_ = std::move(order.facts);
  out.fact_rows_ = std::move(order.rows);
  out.title_base_ = order.title_base;
  out.title_offsets_ = std::move(order.title_offsets);
  out.row_counts_ = row_counts == RowCounts::kKeep;
  // From here on every name is reached through the Refs taken; the pools keep the strings.
  names->title_names = titles_.release_refs();
  authors_.forget_ids();
  publishers_.forget_ids();
  struct Pools {
    StringPool authors;
    StringPool titles;
    StringPool publishers;
  };
  // The name views point into the pools' blocks, which a move leaves where they are.
  names->storage.push_back(std::make_shared<const Pools>(
      Pools{std::move(authors_), std::move(titles_), std::move(publishers_)}));
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

std::pair<std::vector<RankedFact>, std::vector<std::uint32_t>> Catalogue::release_facts() {
  row_counts_ = false;
  title_offsets_ = std::vector<std::uint32_t>();
  return {std::exchange(facts_, {}), std::exchange(fact_rows_, {})};
}

namespace {

// The rank of `name` among `names` (byte-wise ascending), or kMissing.
Id find_name(const std::vector<StringPool::Ref>& names, std::string_view name) {
  const auto at = std::lower_bound(
      names.begin(), names.end(), name,
      [](StringPool::Ref ref, std::string_view wanted) { return StringPool::text(ref) < wanted; });
  if (at == names.end() || StringPool::text(*at) != name) return StringPool::kMissing;
  return static_cast<Id>(at - names.begin());
}

}  // namespace

Id Catalogue::find_author(std::string_view name) const {
  return find_name(names_->author_names, name);
}

Id Catalogue::find_publisher(std::string_view name) const {
  return find_name(names_->publisher_names, name);
}

std::pair<std::size_t, std::size_t> Catalogue::author_facts(Id rank) const {
  const auto [first, last] = std::equal_range(
      facts_.begin(), facts_.end(), RankedFact{rank, 0, 0},
      [](const RankedFact& a, const RankedFact& b) { return a.author < b.author; });
  return {static_cast<std::size_t>(first - facts_.begin()),
          static_cast<std::size_t>(last - facts_.begin())};
}

bool Catalogue::contains(std::string_view author, std::string_view title,
                         std::string_view publisher) const {
  const Id author_rank = find_author(author);
  const Id publisher_rank = find_publisher(publisher);
  if (author_rank == StringPool::kMissing || publisher_rank == StringPool::kMissing) return false;
  const auto [first, last] = author_facts(author_rank);
  // An author's facts are ordered by title, then publisher.
  const auto end = facts_.begin() + static_cast<std::ptrdiff_t>(last);
  const auto at = std::lower_bound(
      facts_.begin() + static_cast<std::ptrdiff_t>(first), end,
      std::make_pair(title, publisher_rank),
      [this](const RankedFact& fact, const std::pair<std::string_view, Id>& wanted) {
        const std::string_view t = title_name(fact.title);
        return t != wanted.first ? t < wanted.first : fact.publisher < wanted.second;
      });
  return at != end && title_name(at->title) == title && at->publisher == publisher_rank;
}

}  // namespace abp
