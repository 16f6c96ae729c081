#include "abp/fast/byte_translation.hpp"

#include <random>
#include <string>

#include <catch2/catch.hpp>

namespace {

// Latin-1 as a table, with 0x81 left invalid and 0x80 made three bytes (as cp1252's euro).
abp::ByteTranslation latin1_with_holes() {
  abp::ByteTranslation table;
  for (unsigned b = 0; b < 256; ++b) {
    if (b == 0x81) continue;
    std::string text;
    if (b == 0x80) {
      text = "\xE2\x82\xAC";
    } else if (b < 0x80) {
      text = std::string(1, static_cast<char>(b));
    } else {
      text = {static_cast<char>(0xC0 | (b >> 6)), static_cast<char>(0x80 | (b & 0x3F))};
    }
    table.set(static_cast<unsigned char>(b), text);
  }
  return table;
}

// The plain version: one byte at a time, by the same rule.
std::string plain(const std::string& input, std::size_t& bad) {
  std::string out;
  for (bad = 0; bad < input.size(); ++bad) {
    const auto b = static_cast<unsigned char>(input[bad]);
    if (b == 0x81) return out;
    if (b == 0x80) {
      out += "\xE2\x82\xAC";
    } else if (b < 0x80) {
      out += static_cast<char>(b);
    } else {
      out += static_cast<char>(0xC0 | (b >> 6));
      out += static_cast<char>(0x80 | (b & 0x3F));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("byte_translation: a byte at a time or eight, as the plain loop gives",
          "[byte_translation]") {
  const abp::ByteTranslation table = latin1_with_holes();
  CHECK(table.ascii_is_itself());
  std::mt19937 random(5);
  for (int round = 0; round < 2000; ++round) {
    // Dense and sparse non-ASCII bytes: long ASCII runs take the sixteen- and eight-byte
    // paths, which must stop at the right byte.
    std::string input;
    const int length = static_cast<int>(random() % 96);
    const unsigned one_in = round % 2 == 0 ? 5 : 40;
    for (int i = 0; i < length; ++i) {
      input += random() % one_in == 0 ? static_cast<char>(0x80 + random() % 128)
                                      : static_cast<char>(random() % 128);
    }
    CAPTURE(input);
    std::size_t bad = 0;
    const std::string expected = plain(input, bad);
    // Translated through an output of `room` bytes at a time, as a reader's buffer would be.
    const std::size_t room = 3 + random() % 40;
    std::string out;
    std::size_t at = 0;
    bool invalid = false;
    while (at < input.size()) {
      std::string buffer(room, '\0');
      const abp::ByteTranslation::Step step =
          table.translate(input.data() + at, input.size() - at, buffer.data(), room);
      out.append(buffer, 0, step.written);
      at += step.read;
      if (step.invalid) {
        invalid = true;
        break;
      }
      REQUIRE(step.read > 0);  // a room of 3 bytes holds any one character here
    }
    CHECK(out == expected);
    CHECK(invalid == (bad < input.size()));
    CHECK(at == bad);
  }
}

TEST_CASE("byte_translation: a text that does not fit is left for the next call",
          "[byte_translation]") {
  const abp::ByteTranslation table = latin1_with_holes();
  char out[2];
  const abp::ByteTranslation::Step step = table.translate("a\x80", 2, out, sizeof out);
  CHECK(step.read == 1);
  CHECK(step.written == 1);
  CHECK_FALSE(step.invalid);
  CHECK(abp::ByteTranslation().translate("a", 1, out, sizeof out).invalid);  // all invalid
  abp::ByteTranslation shifted;
  for (unsigned b = 0; b < 256; ++b) shifted.set(static_cast<unsigned char>(b), "x");
  CHECK_FALSE(shifted.ascii_is_itself());
}
