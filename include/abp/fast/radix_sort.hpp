#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "abp/fast/string_pool.hpp"

namespace abp {

/// Ranks the strings of `pool` byte-wise (the order of std::string_view's <): fills
/// `by_rank` (rank -> the string's Ref) and returns rank_of (id -> rank). An MSD radix sort
/// on eight bytes at a time, on two threads for a large pool; O(bytes) in practice. Needs
/// the pool's ids (call before forget_ids()).
std::vector<Id> rank_strings(const StringPool& pool, std::vector<StringPool::Ref>& by_rank);

/// Eight bytes of `text` from `depth` on, big-endian and zero-padded, so comparing two keys as
/// integers compares those bytes as memcmp would (equal keys leave the rest undecided).
std::uint64_t key_at(std::string_view text, std::size_t depth);

/// Sorts keys[0, n) ascending, as std::sort would, when they differ only in their low `bits`
/// bits. `scratch` is working memory, kept by the caller to reuse from call to call.
void sort_low_bits(std::uint64_t* keys, std::size_t n, unsigned bits,
                   std::vector<std::uint64_t>& scratch);

/// Sorts keys[0, n) by their bits [low, low + bits) alone, and keeps keys that are equal there
/// in the order they came (a stable sort): keys that came ascending in their bits below `low`
/// end up as std::sort would put them, in fewer passes (no pass over the bits below `low`).
void sort_bits_stable(std::uint64_t* keys, std::size_t n, unsigned low, unsigned bits,
                      std::vector<std::uint64_t>& scratch);

}  // namespace abp
