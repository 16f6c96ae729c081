#include "abp/fast/growing_list.hpp"

#include <cstdint>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

namespace {

struct Triple {
  std::uint32_t a, b, c;
  friend bool operator==(const Triple& x, const Triple& y) {
    return x.a == y.a && x.b == y.b && x.c == y.c;
  }
};

Triple nth(std::uint32_t i) { return Triple{i, i * 7u, ~i}; }

}  // namespace

TEST_CASE("growing list: keeps every value, in order, as a std::vector does", "[fast]") {
  // 4M values (48 MiB) grow the block past the size glibc maps on its own and moves with
  // mremap: the values must survive each move.
  abp::GrowingList<Triple> list;
  std::vector<Triple> plain;
  for (std::uint32_t i = 0; i < (1u << 22); ++i) {
    list.push_back(nth(i));
    plain.push_back(nth(i));
  }
  REQUIRE(list.size() == plain.size());
  REQUIRE(std::vector<Triple>(list.begin(), list.end()) == plain);

  SECTION("a copy is whole and apart from the original") {
    abp::GrowingList<Triple> copy = list;
    copy[0] = nth(99);
    CHECK(list[0] == nth(0));
    CHECK(std::vector<Triple>(copy.begin() + 1, copy.end()) ==
          std::vector<Triple>(plain.begin() + 1, plain.end()));
  }
  SECTION("a move leaves the source empty") {
    abp::GrowingList<Triple> moved = std::move(list);
    CHECK(moved.size() == plain.size());
    CHECK(moved[12345] == plain[12345]);
    CHECK(list.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    list.push_back(nth(1));
    CHECK(list.size() == 1);
  }
  SECTION("shrinking keeps the front, reserving keeps the values") {
    list.shrink_to(10);
    list.reserve(std::size_t{1} << 23);
    CHECK(list.capacity() >= (std::size_t{1} << 23));
    CHECK(std::vector<Triple>(list.begin(), list.end()) ==
          std::vector<Triple>(plain.begin(), plain.begin() + 10));
  }
}

TEST_CASE("growing list: an empty list reads as empty", "[fast]") {
  abp::GrowingList<Triple> list;
  CHECK(list.empty());
  CHECK(list.begin() == list.end());
  const abp::GrowingList<Triple> copy = list;
  CHECK(copy.size() == 0);
}
