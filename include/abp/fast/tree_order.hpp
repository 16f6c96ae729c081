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
  // Where each fact's title lies: title_base + title_offsets[i] is the Ref of facts[i]'s
  // title (StringPool::offset_base), or kNoOffset for the few titles of the pool's first
  // blocks. The sort has each Ref at hand, and a writer walking the facts then reads the
  // offsets in order instead of looking each title up by id at random. Empty (and
  // title_base null) when the pool has no such span or the facts were sorted as triples.
  const char* title_base = nullptr;
  std::vector<std::uint32_t> title_offsets;
};

/// The fast way to CatalogueBuilder::finish()'s order: ranks authors and publishers
/// byte-wise, keeps each distinct fact once and sorts them by (author, title, publisher),
/// each byte-wise. Facts are packed into 64-bit keys where the ranks fit (else sorted as
/// triples), spread into buckets by author, each bucket radix sorted and its authors'
/// titles ordered by their text, on two threads: O(n) in practice. The pools must still
/// have their ids (before forget_ids()); `facts` is freed as soon as it is no longer read.
/// With `row_counts`, `rows` says how many of the facts given were each distinct one; with
/// `title_offsets`, title_offsets says where their titles lie (when it can).
TreeOrder sort_into_tree_order(FactList&& facts, const StringPool& authors,
                               const StringPool& titles, const StringPool& publishers,
                               bool row_counts, bool title_offsets);

}  // namespace abp
