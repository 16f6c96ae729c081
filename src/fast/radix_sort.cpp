#include "abp/fast/radix_sort.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "abp/fast/parallel.hpp"

// Both sorts are hand-written because they pay (issue 11 item 3). bench/sort_bench on the
// 10M-row catalogue of bench/run.sh, CPU ms, medians of 5 (2026-12-02, loaded machine):
//   1.21M author names:  rank_strings 279 (2 threads), Boost spreadsort string_sort 1046,
//                        std::sort 1255;
//   4.91M titles:        rank_strings 2098, string_sort 7775, std::sort 7417;
//   10M packed facts in 593 buckets: sort_low_bits 119, spreadsort integer_sort 236,
//                        std::sort 476.
// string_sort reads a string's bytes one at a time through the pool; rank_strings compares
// eight at a time held beside the ids. integer_sort spreads on the high bits, which a
// bucket's keys share.

namespace abp {

std::uint64_t key_at(std::string_view text, std::size_t depth) {
  if (depth >= text.size()) return 0;
  unsigned char bytes[8] = {};
  std::memcpy(bytes, text.data() + depth, std::min<std::size_t>(8, text.size() - depth));
  std::uint64_t key = 0;
  for (const unsigned char b : bytes) key = (key << 8) | b;
  return key;
}

namespace {

struct Keyed {
  std::uint64_t key;  // bytes depth..depth+7 of the string
  Id id;
};

// Sorts `items` (all sharing the bytes before `depth`, keyed at `depth`) byte-wise by their
// strings: MSD radix on the key's bytes from `byte` on, comparison sorts for small ranges and
// for ranges whose keys cannot tell the strings apart.
class StringSorter {
 public:
  explicit StringSorter(const StringPool& pool) : pool_(pool) {}

  void sort(Keyed* items, std::size_t n, unsigned byte, std::size_t depth) {
    // Loops while a byte does not split the range; recurses only into real splits.
    for (;;) {
      if (n < 2) return;
      if (n <= 32) return compare_sort(items, n, depth);
      if (byte == 8) {
        // Equal keys: go on with the next eight bytes, unless a string ends here (then the
        // keys' zero padding could tie "ab" with "ab\0").
        for (std::size_t i = 0; i < n; ++i) {
          if (pool_.view(items[i].id).size() <= depth + 8) return compare_sort(items, n, depth);
        }
        for (std::size_t i = 0; i < n; ++i)
          items[i].key = key_at(pool_.view(items[i].id), depth + 8);
        depth += 8;
        byte = 0;
        continue;
      }
      const unsigned shift = 56 - 8 * byte;
      std::uint32_t count[257] = {};
      for (std::size_t i = 0; i < n; ++i) ++count[((items[i].key >> shift) & 0xFF) + 1];
      if (std::find(count + 1, count + 257, n) == count + 257) break;
      ++byte;
    }
    const unsigned shift = 56 - 8 * byte;
    std::uint32_t count[257] = {};
    for (std::size_t i = 0; i < n; ++i) ++count[((items[i].key >> shift) & 0xFF) + 1];
    for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
    if (scratch_.size() < n) scratch_.resize(n);
    std::uint32_t at[256];
    std::copy(count, count + 256, at);
    for (std::size_t i = 0; i < n; ++i) scratch_[at[(items[i].key >> shift) & 0xFF]++] = items[i];
    std::copy(scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(n), items);
    for (int b = 0; b < 256; ++b) sort(items + count[b], count[b + 1] - count[b], byte + 1, depth);
  }

 private:
  void compare_sort(Keyed* items, std::size_t n, std::size_t depth) {
    std::sort(items, items + n, [this, depth](const Keyed& a, const Keyed& b) {
      if (a.key != b.key) return a.key < b.key;
      const std::string_view x = pool_.view(a.id);
      const std::string_view y = pool_.view(b.id);
      return x.substr(std::min(depth, x.size())) < y.substr(std::min(depth, y.size()));
    });
  }

  const StringPool& pool_;
  std::vector<Keyed> scratch_;
};

// Below this many strings rank_strings compares them instead of bucketing them.
constexpr std::size_t kFewStrings = 2048;

// Fills `names` (rank -> Ref) from `order` (the ids sorted) and returns rank_of (id -> rank).
std::vector<Id> ranks_of(const StringPool& pool, const std::vector<Id>& order,
                         std::vector<StringPool::Ref>& names) {
  const std::size_t n = order.size();
  names.resize(n);
  std::vector<Id> rank_of(n);
  for (std::size_t rank = 0; rank < n; ++rank) {
    names[rank] = pool.ref(order[rank]);
    rank_of[order[rank]] = static_cast<Id>(rank);
  }
  return rank_of;
}

}  // namespace

// Ids are first bucketed by their strings' first two bytes, read front to back
// from the pool; each bucket is then keyed and sorted on its own, so only one bucket's keys
// are in memory at a time.
std::vector<Id> rank_strings(const StringPool& pool, std::vector<StringPool::Ref>& names) {
  const std::size_t n = pool.size();
  std::vector<Id> order(n);
  if (n < kFewStrings) {
    // The buckets' tables alone (65,536 counters, twice) cost more than sorting a few strings.
    for (Id id = 0; id < n; ++id) order[id] = id;
    std::sort(order.begin(), order.end(),
              [&pool](Id a, Id b) { return pool.view(a) < pool.view(b); });
    return ranks_of(pool, order, names);
  }
  auto bucket_of = [&pool](Id id) { return key_at(pool.view(id), 0) >> 48; };
  std::vector<std::size_t> start(65537, 0);
  for (Id id = 0; id < n; ++id) ++start[bucket_of(id) + 1];
  for (std::size_t b = 0; b < 65536; ++b) start[b + 1] += start[b];
  {
    std::vector<std::size_t> at(start.begin(), start.end() - 1);
    for (Id id = 0; id < n; ++id) order[at[bucket_of(id)]++] = id;
  }
  // The buckets are independent: two threads take half of the strings each.
  const std::size_t half =
      n < (1u << 16) ? 65536
                     : static_cast<std::size_t>(
                           std::lower_bound(start.begin(), start.end(), n / 2) - start.begin());
  auto sort_buckets = [&](std::size_t first, std::size_t last) {
    StringSorter sorter(pool);
    std::vector<Keyed> items;
    constexpr std::size_t kAhead = 8;  // a bucket's strings lie apart: ask for them ahead
    for (std::size_t b = first; b < last; ++b) {
      const std::size_t size = start[b + 1] - start[b];
      if (size < 2) continue;
      Id* ids = order.data() + start[b];
      items.resize(size);
      for (std::size_t i = 0; i < size; ++i) {
        if (i + kAhead < size) prefetch(pool.ref(ids[i + kAhead]));
        items[i] = Keyed{key_at(pool.view(ids[i]), 0), ids[i]};
      }
      sorter.sort(items.data(), size, 2, 0);
      for (std::size_t i = 0; i < size; ++i) ids[i] = items[i].id;
    }
  };
  if (half >= 65536) {
    sort_buckets(0, 65536);
  } else {
    on_two_threads(
        [&](int part) { part == 0 ? sort_buckets(0, half) : sort_buckets(half, 65536); });
  }
  return ranks_of(pool, order, names);
}

namespace {

// LSD radix sort of keys[0, n) (64 <= n <= UINT32_MAX) over `bits` bits, 11 a pass (the counts
// stay in the L1 cache), skipping passes where every key has the same digit. Stable.
// digit_of(key, shift, radix) is the key's digit in the pass at that shift.
template <typename Digit>
void radix_passes(std::uint64_t* keys, std::size_t n, unsigned bits,
                  std::vector<std::uint64_t>& scratch, Digit digit_of) {
  // Each pass costs its radix in counts to clear, add up and look through, whatever n is: a
  // small range (the buckets of a catalogue of 1M rows hold some 500 keys) takes more
  // passes of a smaller radix.
  const unsigned digit = n < 4096 ? 8 : 11;
  const std::size_t radix = std::size_t{1} << digit;
  const unsigned passes = (bits + digit - 1) / digit;
  if (scratch.size() < n) scratch.resize(n);
  std::vector<std::uint32_t> counts(passes * radix, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (unsigned p = 0; p < passes; ++p) ++counts[p * radix + digit_of(keys[i], p * digit, radix)];
  }
  std::uint64_t* from = keys;
  std::uint64_t* to = scratch.data();
  for (unsigned p = 0; p < passes; ++p) {
    std::uint32_t* count = counts.data() + p * radix;
    if (std::find(count, count + radix, n) != count + radix) continue;  // one digit for all
    std::uint32_t sum = 0;
    for (std::size_t d = 0; d < radix; ++d) sum += std::exchange(count[d], sum);
    const unsigned shift = p * digit;
    for (std::size_t i = 0; i < n; ++i) to[count[digit_of(from[i], shift, radix)]++] = from[i];
    std::swap(from, to);
  }
  if (from != keys) std::copy(from, from + n, keys);
}

}  // namespace

void sort_low_bits(std::uint64_t* keys, std::size_t n, unsigned bits,
                   std::vector<std::uint64_t>& scratch) {
  if (n < 64 || n > UINT32_MAX) {
    std::sort(keys, keys + n);
    return;
  }
  radix_passes(keys, n, bits, scratch, [](std::uint64_t key, unsigned shift, std::size_t radix) {
    return static_cast<std::size_t>(key >> shift) & (radix - 1);
  });
}

void sort_bits_stable(std::uint64_t* keys, std::size_t n, unsigned low, unsigned bits,
                      std::vector<std::uint64_t>& scratch) {
  const std::uint64_t field = bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  if (n < 64 || n > UINT32_MAX) {
    std::stable_sort(keys, keys + n, [low, field](std::uint64_t a, std::uint64_t b) {
      return (a >> low & field) < (b >> low & field);
    });
    return;
  }
  // The last pass's digit may reach past the field: those bits are masked off.
  radix_passes(keys, n, bits, scratch,
               [low, field](std::uint64_t key, unsigned shift, std::size_t radix) {
                 return static_cast<std::size_t>((key >> low & field) >> shift) & (radix - 1);
               });
}

}  // namespace abp
