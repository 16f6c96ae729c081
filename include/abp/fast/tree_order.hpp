#pragma once

#include <cstdint>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/fast/string_pool.hpp"

namespace abp {

/// A catalogue's facts in tree order, with its authors and publishers ranked.
struct TreeOrder {
  std::vector<StringPool::Ref> author_names;     // by rank
  std::vector<StringPool::Ref> publisher_names;  // by rank
  std::vector<RankedFact> facts;                 // distinct, in tree order
  std::vector<std::uint32_t> rows;               // rows stating each fact, if asked for
};

/// The fast way to CatalogueBuilder::finish()'s order: ranks authors and publishers
/// byte-wise, keeps each distinct fact once and sorts them by (author, title, publisher),
/// each byte-wise. Facts are packed into 64-bit keys where the ranks fit (else sorted as
/// triples), spread into buckets by author, each bucket radix sorted and its authors'
/// titles ordered by their text, on two threads: O(n) in practice. The pools must still
/// have their ids (before forget_ids()); `facts` is freed as soon as it is no longer read.
/// With `row_counts`, `rows` says how many of the facts given were each distinct one.
TreeOrder sort_into_tree_order(FactList&& facts, const StringPool& authors,
                               const StringPool& titles, const StringPool& publishers,
                               bool row_counts);

}  // namespace abp
