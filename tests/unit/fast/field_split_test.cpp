#include "abp/fast/field_split.hpp"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace {

// The plain version: a byte at a time, by the same rule.
bool plain_split(std::string_view line, char delimiter, std::vector<std::string>& fields) {
  fields.assign(1, std::string());
  for (const char c : line) {
    if (c == '"') return false;
    if (c == delimiter) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return true;
}

std::vector<std::string> copies(const std::vector<std::string_view>& views) {
  return std::vector<std::string>(views.begin(), views.end());
}

}  // namespace

TEST_CASE("field_split: a line without quotes is split at every delimiter", "[field_split]") {
  std::vector<std::string_view> fields{"left over"};
  REQUIRE(abp::split_unquoted_line("Stephen,King,The Stand,Random House", ',', fields));
  CHECK(copies(fields) == std::vector<std::string>{"Stephen", "King", "The Stand", "Random House"});
  REQUIRE(abp::split_unquoted_line(" a , b ,", ',', fields));  // blanks kept, last field empty
  CHECK(copies(fields) == std::vector<std::string>{" a ", " b ", ""});
  REQUIRE(abp::split_unquoted_line(",", ',', fields));
  CHECK(copies(fields) == std::vector<std::string>{"", ""});
  REQUIRE(abp::split_unquoted_line("one field of more than sixteen bytes", ',', fields));
  CHECK(copies(fields) == std::vector<std::string>{"one field of more than sixteen bytes"});
  REQUIRE(abp::split_unquoted_line("a\tb", '\t', fields));
  CHECK(copies(fields) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("field_split: a quote anywhere leaves the line to the full parser", "[field_split]") {
  std::vector<std::string_view> fields;
  CHECK_FALSE(abp::split_unquoted_line("\"King, Stephen\",It,Viking", ',', fields));
  CHECK_FALSE(abp::split_unquoted_line("a,The \"Best\" Book,c", ',', fields));
  CHECK_FALSE(
      abp::split_unquoted_line("a long line whose very last byte is a quote\"", ',', fields));
  CHECK_FALSE(abp::split_unquoted_line("\"", ',', fields));
}

TEST_CASE("field_split: the same fields as a byte at a time, at every length", "[field_split]") {
  // Delimiters and quotes at every place in and across the sixteen-byte steps and the tail
  // read overlapping them.
  std::mt19937 rng(17);
  int split = 0;
  for (int i = 0; i < 30000; ++i) {
    const char delimiter = rng() % 2 == 0 ? ',' : '\t';
    std::string line;
    const int length = 1 + static_cast<int>(rng() % 70);
    for (int j = 0; j < length; ++j) {
      const auto pick = static_cast<unsigned>(rng() % 40);
      line += pick < 5 ? delimiter : pick == 5 && rng() % 4 == 0 ? '"' : "ab \xC3\xA9,\t"[pick % 7];
    }
    CAPTURE(line);
    std::vector<std::string_view> fields;
    std::vector<std::string> expected;
    const bool plain = plain_split(line, delimiter, expected);
    REQUIRE(abp::split_unquoted_line(line, delimiter, fields) == plain);
    if (plain) {
      REQUIRE(copies(fields) == expected);
      ++split;
    }
  }
  CHECK(split > 10000);  // both answers are given
  CHECK(split < 29000);
}
