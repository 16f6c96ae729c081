#include "abp/fast/table_sizing.hpp"

#include <catch2/catch.hpp>

using abp::strings_to_reserve;
using abp::TableSample;

TEST_CASE("table sizing: the sample's strings projected over the rows the file promises",
          "[table_sizing]") {
  // 65,536 rows of 50 bytes with 20,000 titles, from a file of 100 times those bytes:
  // 6.5M rows expected, 2.5M titles (a quarter more for what comes late).
  const TableSample sample{20000, 65536, 65536 * 50};
  CHECK(strings_to_reserve(sample, std::uint64_t{65536} * 50 * 100, 2) == 2500000);
}

TEST_CASE("table sizing: rows are counted by the sample's width, not a guess", "[table_sizing]") {
  // The same 1 GiB file of wide rows (1,000 bytes each) and of narrow ones (50 bytes): the
  // wide one promises a twentieth of the rows, so a twentieth of the strings.
  const std::uint64_t file = std::uint64_t{1} << 30;
  const std::size_t wide = strings_to_reserve(TableSample{10000, 65536, 65536 * 1000}, file, 2);
  const std::size_t narrow = strings_to_reserve(TableSample{10000, 65536, 65536 * 50}, file, 2);
  CHECK(wide > 0);
  CHECK(narrow > 0);
  CHECK(narrow / wide == 20);
  // 16,384 rows expected, 2,500 titles.
  CHECK(wide == 204800);
}

TEST_CASE("table sizing: never more than a string every few rows, nor a 64 MiB table",
          "[table_sizing]") {
  // Every sampled row a new author: at most one every 8 rows of the 6.5M expected.
  const TableSample all_new{65536, 65536, 65536 * 50};
  const std::uint64_t file = std::uint64_t{65536} * 50 * 100;
  CHECK(strings_to_reserve(all_new, file, 8) == 65536 * 100 / 8);
  // A huge file: the cap.
  CHECK(strings_to_reserve(all_new, file * 1000, 2) == abp::kMostReserved);
}

TEST_CASE("table sizing: nothing for a sample that holds the whole file", "[table_sizing]") {
  const TableSample sample{1000, 65536, 65536 * 50};
  CHECK(strings_to_reserve(sample, 65536 * 50, 2) == 0);       // the whole file seen
  CHECK(strings_to_reserve(sample, 0, 2) == 0);                // a pipe: its size is not known
  CHECK(strings_to_reserve(TableSample{}, 1u << 30, 2) == 0);  // no rows seen
}
