#include "abp/report/bars.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

TEST_CASE("bars: the largest count fills the room left after the widest line", "[bars]") {
  std::vector<std::string> lines = {"a: 4", "bb: 2", "c: 1"};
  // 30 columns, lines 5 wide: 23 cells of bar for the largest count.
  abp::append_bars(lines, {4, 2, 1}, 30, true);
  CHECK(lines[0] == "a: 4  " + std::string(23, '#'));
  CHECK(lines[1] == "bb: 2 " + std::string(11, '#'));
  CHECK(lines[2] == "c: 1  " + std::string(5, '#'));
}

TEST_CASE("bars: eighths of a block, and a sliver for the smallest count", "[bars]") {
  std::vector<std::string> lines = {"x", "y", "z"};
  abp::append_bars(lines, {1000, 3, 1}, 80, false);
  // 80 columns less the text, a space and one column kept free: 77 cells for 1000; 3 of 1000
  // is 1.85 eighths (one), 1 of 1000 none, shown as a sliver all the same.
  std::string full;
  for (int i = 0; i < 77; ++i) full += "█";
  CHECK(lines[0] == "x " + full);
  CHECK(lines[1] == "y ▏");
  CHECK(lines[2] == "z ▏");
}

TEST_CASE("bars: a width too small for the text still draws ten cells", "[bars]") {
  std::vector<std::string> lines = {"a long line of text"};
  abp::append_bars(lines, {7}, 10, true);
  CHECK(lines[0] == "a long line of text " + std::string(10, '#'));
}

TEST_CASE("bars: each bar between open and close; colour in the lines takes no column", "[bars]") {
  std::vector<std::string> lines = {"\x1b[1ma\x1b[0m: 4", "bb: 2"};
  abp::append_bars(lines, {4, 2}, 30, true, "<", ">");
  CHECK(lines[0] == "\x1b[1ma\x1b[0m: 4  <" + std::string(23, '#') + ">");
  CHECK(lines[1] == "bb: 2 <" + std::string(11, '#') + ">");
}
