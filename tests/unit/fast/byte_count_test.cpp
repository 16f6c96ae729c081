#include "abp/fast/byte_count.hpp"

#include <algorithm>
#include <random>
#include <string>

#include <catch2/catch.hpp>

TEST_CASE("byte_count: as std::count, at every length and alignment", "[byte_count]") {
  std::mt19937 random(11);
  for (int round = 0; round < 3000; ++round) {
    // Up to a little over 255 blocks of sixteen, where the counters are summed, and dense
    // runs of the byte so a counter would pass 255 if they were not.
    const std::size_t length =
        round < 100 ? static_cast<std::size_t>(round) : static_cast<std::size_t>(random() % 4200);
    const auto one_in = static_cast<unsigned>(1 + round % 4 * 20);
    std::string text(length + 3, 'x');
    for (char& c : text) c = random() % one_in == 0 ? '\n' : static_cast<char>(random() % 256);
    const std::size_t offset = random() % 4;
    const std::string_view bytes = std::string_view(text).substr(offset, length);
    CAPTURE(length, offset, one_in);
    CHECK(abp::count_byte(bytes, '\n') ==
          static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n')));
  }
  const std::string all_newlines(16 * 600 + 5, '\n');
  CHECK(abp::count_byte(all_newlines, '\n') == all_newlines.size());
  CHECK(abp::count_byte(all_newlines, '\xFF') == 0);
  CHECK(abp::count_byte("", '\n') == 0);
}
