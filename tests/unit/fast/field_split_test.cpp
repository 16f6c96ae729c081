#include "abp/fast/field_split.hpp"

#include <algorithm>

#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/text.hpp"

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

namespace {

// A line of 1 to 70 bytes, each byte_for(a random number) (the tests pick their own mixes of
// delimiters, quotes, blanks and text).
template <typename ByteFor>
std::string random_line(std::mt19937& rng, ByteFor byte_for) {
  std::string line;
  const int length = 1 + static_cast<int>(rng() % 70);
  for (int j = 0; j < length; ++j) line += byte_for(static_cast<unsigned>(rng()));
  return line;
}

}  // namespace

TEST_CASE("field_split: the same fields as a byte at a time, at every length", "[field_split]") {
  // Delimiters and quotes at every place in and across the sixteen-byte steps and the tail
  // read overlapping them.
  std::mt19937 rng(17);
  int split = 0;
  for (int i = 0; i < 30000; ++i) {
    const char delimiter = rng() % 2 == 0 ? ',' : '\t';
    const std::string line = random_line(rng, [&](unsigned pick) {
      return pick % 40 < 5                            ? delimiter
             : pick % 40 == 5 && (pick >> 8) % 4 == 0 ? '"'
                                                      : "ab \xC3\xA9,\t"[pick % 40 % 7];
    });
    CAPTURE(line);
    std::vector<std::string_view> fields;
    std::vector<std::string> expected;
    const bool plain = plain_split(line, delimiter, expected);
    REQUIRE(abp::split_unquoted_line(line, delimiter, fields).split == plain);
    if (plain) {
      REQUIRE(copies(fields) == expected);
      ++split;
    }
  }
  CHECK(split > 10000);  // both answers are given
  CHECK(split < 29000);
}

TEST_CASE("field_split: says every field is normalised exactly when each one is", "[field_split]") {
  // Blanks at every place in and across the sixteen-byte steps, beside delimiters, each other
  // and the line's ends; tabs as delimiters and as data. The plain version: is_normalized()
  // of each field. A line under sixteen bytes may answer "not known" (false).
  std::mt19937 rng(29);
  int normalised = 0;
  int not_normalised = 0;
  for (int i = 0; i < 40000; ++i) {
    const char delimiter = rng() % 3 == 0 ? '\t' : ',';
    const std::string line = random_line(rng, [&](unsigned pick) {
      pick %= 64;
      return pick < 4 ? delimiter : pick < 7 ? ' ' : pick == 7 ? '\t' : "abcdefg\xC3\xA9"[pick % 9];
    });
    CAPTURE(line, delimiter);
    std::vector<std::string_view> fields;
    const abp::UnquotedSplit split = abp::split_unquoted_line(line, delimiter, fields);
    REQUIRE(split.split);
    const bool each = std::all_of(fields.begin(), fields.end(),
                                  [](std::string_view f) { return abp::is_normalized(f); });
    if (line.size() >= 16) {
      CHECK(split.normalised == each);
    } else {
      CHECK((!split.normalised || each));
    }
    ++(each ? normalised : not_normalised);
  }
  CHECK(normalised > 3000);  // both answers are asked for
  CHECK(not_normalised > 3000);
  std::vector<std::string_view> fields;
  const std::pair<std::string_view, bool> examples[] = {
      {"Stephen,King,The Stand,Random House", true},
      {"Stephen ,King,The Stand,Random House", false},  // a blank before a delimiter
      {"Stephen,King,The Stand,Random House ", false},  // ... at the line's end
      {" Stephen,King,The Stand,Random House", false},  // ... at its start
      {"Stephen,King,The  Stand,Random House", false},  // two spaces
      {"Stephen,King,The\tStand,Random House", false},  // a tab in a field
  };
  for (const auto& [line, normalised_line] : examples) {
    CAPTURE(line);
    CHECK(abp::split_unquoted_line(line, ',', fields).normalised == normalised_line);
  }
  CHECK(
      abp::split_unquoted_line("Stephen\tKing\tThe Stand\tRandom House", '\t', fields).normalised);
}
