#include "abp/fast/radix_sort.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

TEST_CASE("radix_sort: rank_strings orders a pool as std::sort orders its strings",
          "[radix_sort]") {
  std::mt19937 rng(3);
  // Pools under 2,048 strings are compared whole, larger ones radix sorted (on two threads
  // past 65,536), whose buckets compare small ranges; shared prefixes longer than a key, NULs
  // and ends of strings inside a key all occur.
  for (const int count : {0, 1, 7, 500, 2047, 2048, 5000, 70000}) {
    CAPTURE(count);
    abp::StringPool pool;
    for (int i = 0; i < count; ++i) {
      std::string s = i % 4 == 0 ? "A long shared prefix, " : "";
      const int length = static_cast<int>(rng() % 20);
      for (int j = 0; j < length; ++j) s += "ab\0\xFF "[rng() % 5];
      pool.intern(s);
    }
    std::vector<abp::StringPool::Ref> by_rank;
    const std::vector<abp::Id> rank_of = abp::rank_strings(pool, by_rank);

    std::vector<abp::Id> expected(pool.size());
    for (abp::Id id = 0; id < pool.size(); ++id) expected[id] = id;
    std::sort(expected.begin(), expected.end(),
              [&](abp::Id a, abp::Id b) { return pool.view(a) < pool.view(b); });
    REQUIRE(by_rank.size() == pool.size());
    for (std::size_t rank = 0; rank < expected.size(); ++rank) {
      REQUIRE(abp::StringPool::text(by_rank[rank]) == pool.view(expected[rank]));
      REQUIRE(rank_of[expected[rank]] == rank);
    }
  }
}

TEST_CASE("radix_sort: sort_low_bits sorts as std::sort does", "[radix_sort]") {
  std::mt19937_64 rng(9);
  std::vector<std::uint64_t> scratch;
  // Both radixes: 8 bits below 4096 keys, 11 from there on.
  for (const unsigned bits : {1u, 8u, 9u, 11u, 12u, 17u, 33u, 50u}) {
    for (const std::size_t n :
         {std::size_t{0}, std::size_t{5}, std::size_t{63}, std::size_t{64}, std::size_t{500},
          std::size_t{4095}, std::size_t{4096}, std::size_t{5000}, std::size_t{300000}}) {
      CAPTURE(bits, n);
      // Keys share their high bits (a bucket of one author's facts) and repeat.
      const std::uint64_t high = std::uint64_t{0xABCD} << 50;
      std::vector<std::uint64_t> keys(n);
      for (std::uint64_t& key : keys) key = high | (rng() % (n / 2 + 1) & ((1ULL << bits) - 1));
      std::vector<std::uint64_t> expected = keys;
      std::sort(expected.begin(), expected.end());
      abp::sort_low_bits(keys.data(), keys.size(), bits, scratch);
      REQUIRE(keys == expected);
    }
  }
}

TEST_CASE("radix_sort: sort_bits_stable sorts by its bits, keeping the order of the rest",
          "[radix_sort]") {
  std::mt19937_64 rng(10);
  std::vector<std::uint64_t> scratch;
  // Fields that end below the top, at the top, and one digit wider than 11 bits allow.
  for (const auto& [low, bits] : {std::pair{32u, 32u}, std::pair{20u, 12u}, std::pair{0u, 64u},
                                  std::pair{40u, 9u}, std::pair{5u, 23u}}) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{63}, std::size_t{64},
                                std::size_t{4095}, std::size_t{4096}, std::size_t{100000}}) {
      CAPTURE(low, bits, n);
      // Field values repeat (groups of equal keys), and the bits outside the field are
      // random, so only a stable sort by the field alone gives the expected order.
      const std::uint64_t field = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
      std::vector<std::uint64_t> keys(n);
      for (std::uint64_t& key : keys) {
        const std::uint64_t value = rng() % (n / 3 + 1) & field;
        key = (rng() & ~(field << low)) | value << low;
      }
      std::vector<std::uint64_t> expected = keys;
      std::stable_sort(expected.begin(), expected.end(), [&](std::uint64_t a, std::uint64_t b) {
        return (a >> low & field) < (b >> low & field);
      });
      abp::sort_bits_stable(keys.data(), keys.size(), low, bits, scratch);
      REQUIRE(keys == expected);
    }
  }
}
