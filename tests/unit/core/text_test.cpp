#include "abp/core/text.hpp"

#include <cstdint>
#include <cstring>
#include <random>
#include <string>

#include <catch2/catch.hpp>

TEST_CASE("text: values are trimmed and inner blank runs collapse to one space", "[text]") {
  CHECK(abp::normalize_value("Stephen        King") == "Stephen King");
  CHECK(abp::normalize_value("Vintage Books ") == "Vintage Books");
  CHECK(abp::normalize_value(" \t a\t\tb  c \t") == "a b c");
  CHECK(abp::normalize_value("") == "");
  CHECK(abp::normalize_value(" \t ") == "");
  CHECK(abp::normalize_value("a\nb") == "a\nb");  // only spaces and tabs are touched
}

TEST_CASE("text: is_normalized says whether normalising would change the value", "[text]") {
  for (const char* value : {"", "a", "a b", "Stephen King", "é ü"}) {
    CHECK(abp::is_normalized(value));
  }
  for (const char* value : {" a", "a ", "a  b", "a\tb", "\t", " "}) {
    CHECK_FALSE(abp::is_normalized(value));
  }
  // Values of every length, so blanks fall inside, across and after the 8-byte words it reads.
  std::mt19937 rng(3);
  int normalized = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string value;
    const int length = static_cast<int>(rng() % 40);
    for (int j = 0; j < length; ++j) value += "ab  \t\xC3\xA9\0Z"[rng() % 9];
    CAPTURE(value);
    REQUIRE(abp::is_normalized(value) == (abp::normalize_value(value) == value));
    normalized += abp::is_normalized(value) ? 1 : 0;
  }
  CHECK(normalized > 1000);  // both answers are given
  CHECK(normalized < 19000);
  // Long values with few blanks, so most are normal and a lone run can fall anywhere, at
  // every length the 8- and 16-byte steps handle differently.
  normalized = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string value;
    const int length = static_cast<int>(rng() % 80);
    for (int j = 0; j < length; ++j) value += rng() % 12 == 0 ? ' ' : 'x';
    if (length > 0 && rng() % 3 == 0) {
      value[rng() % static_cast<unsigned>(length)] = rng() % 2 == 0 ? '\t' : ' ';
    }
    if (length > 1 && rng() % 3 == 0) {
      const std::size_t at = rng() % static_cast<unsigned>(length - 1);
      value[at] = value[at + 1] = ' ';
    }
    CAPTURE(value);
    REQUIRE(abp::is_normalized(value) == (abp::normalize_value(value) == value));
    normalized += abp::is_normalized(value) ? 1 : 0;
  }
  CHECK(normalized > 2000);
  CHECK(normalized < 18000);
}

TEST_CASE("text: normalize_value_into replaces what the buffer held", "[text]") {
  std::string out = "left over";
  abp::normalize_value_into("  x \t y ", out);
  CHECK(out == "x y");
  abp::normalize_value_into("", out);
  CHECK(out.empty());
}

TEST_CASE("text: column_key matches names as SPEC §2 says", "[text]") {
  CHECK(abp::column_key("First Name") == "first_name");
  CHECK(abp::column_key("first-name") == "first_name");
  CHECK(abp::column_key("  FIRST_NAME\t") == "first_name");
  CHECK(abp::column_key("Book \t  Title") == "book_title");
  CHECK(abp::column_key("ÜBER") == "Über");  // ASCII case only: the Ü keeps its case
  CHECK(abp::column_key("") == "");
}

TEST_CASE("text: is_valid_utf8 accepts well-formed UTF-8", "[text]") {
  for (const char* value : {"", "plain ASCII longer than eight bytes", "Zoë", "日本語",
                            "\xF0\x9F\x98\x80", "\xEF\xBB\xBF", "\xF4\x8F\xBF\xBF"}) {
    CHECK(abp::is_valid_utf8(value));
  }
}

TEST_CASE("text: is_valid_utf8 refuses every kind of malformed sequence", "[text]") {
  for (const char* value : {
           "\xFF",                          // never in UTF-8
           "\x80",                          // a lone continuation byte
           "\xC0\xAF", "\xE0\x80\xAF",      // overlong forms
           "\xED\xA0\x80",                  // a UTF-16 surrogate
           "\xF4\x90\x80\x80", "\xF5\x80",  // past U+10FFFF
           "\xE6\x97",                      // cut short
           "\xC3\x28",                      // a lead byte followed by ASCII
           "Caf\xE9",                       // latin1
           "eight ok\xFF",                  // after a whole 8-byte ASCII word
           "\xE6\x97\xA5\xE6\x9C",          // valid, then cut short at the end
       }) {
    CAPTURE(value);
    CHECK_FALSE(abp::is_valid_utf8(value));
  }
  // ASCII is taken a word at a time (a short value, and a tail, as one word): a stray byte at
  // any place of values of every length up to three words is still found.
  for (std::size_t length = 1; length <= 24; ++length) {
    CHECK(abp::is_valid_utf8(std::string(length, 'x')));
    for (std::size_t at = 0; at < length; ++at) {
      std::string value(length, 'x');
      value[at] = '\x80';
      CAPTURE(length, at);
      CHECK_FALSE(abp::is_valid_utf8(value));
    }
  }
}

TEST_CASE("text: append_terminal_safe escapes C0, DEL and C1 controls only", "[text]") {
  auto safe = [](std::string_view value) {
    std::string out = ">";
    abp::append_terminal_safe(out, value);
    return out;
  };
  CHECK(safe("\x1b[31mred") == ">\\x1b[31mred");
  CHECK(safe("\t\r\n") == ">\\x09\\x0d\\x0a");
  CHECK(safe(std::string("a\0b", 3)) == ">a\\x00b");
  CHECK(safe("\x7F") == ">\\x7f");
  CHECK(safe("\xC2\x85 and \xC2\x9F") == ">\\u0085 and \\u009f");
  CHECK(safe("\xC2\xA0 é") == ">\xC2\xA0 é");  // U+00A0 is no control
  CHECK(safe("back\\slash") == ">back\\slash");
  CHECK(safe("cut \xC2") == ">cut \xC2");
}

TEST_CASE("text: append_terminal_safe escapes line separators and bidirectional controls",
          "[text]") {
  // SPEC §4: U+2028, U+2029, U+202A-U+202E and U+2066-U+2069 as \uHHHH, lower-case.
  std::string out;
  abp::append_terminal_safe(out,
                            "a\xE2\x80\xA8"
                            "b\xE2\x80\xA9"
                            "c\xE2\x80\xAA"
                            "d\xE2\x80\xAE"
                            "e");
  CHECK(out == "a\\u2028b\\u2029c\\u202ad\\u202ee");
  out.clear();
  abp::append_terminal_safe(out,
                            "\xE2\x81\xA6"
                            "f\xE2\x81\xA9");
  CHECK(out == "\\u2066f\\u2069");
  // Their neighbours and other characters led by 0xE2 are text: U+2027, U+202F, U+2065,
  // U+206A, an em dash, curly quotes, a cut sequence.
  for (const char* text : {"\xE2\x80\xA7", "\xE2\x80\xAF", "\xE2\x81\xA5", "\xE2\x81\xAA",
                           "\xE2\x80\x94", "\xE2\x80\x9C\xE2\x80\x9D", "cut \xE2\x80"}) {
    out.clear();
    abp::append_terminal_safe(out, text);
    CAPTURE(text);
    CHECK(out == text);
  }
}

TEST_CASE("text: append_terminal_safe finds a control at any place of a long value", "[text]") {
  // The scan reads eight bytes at a time: put each kind of byte at every offset of values
  // longer than one word, next to bytes that need no escape (0x1F/0x20, 0x7E, 0xC3 0xA9).
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"\x1f", "\\x1f"},           {"\x7f", "\\x7f"},           {"\xC2\x9B", "\\u009b"},
      {"\xC2\xA9", "\xC2\xA9"},    {"\xE2\x80\xAE", "\\u202e"}, {"\xE2\x80\x94", "\xE2\x80\x94"},
      {" ~\xC3\xA9", " ~\xC3\xA9"}};
  for (const auto& [raw, shown] : kinds) {
    for (std::size_t at = 0; at <= 19; ++at) {
      const std::string value = std::string(at, 'x') + raw + std::string(19 - at, 'y');
      const std::string expected = std::string(at, 'x') + shown + std::string(19 - at, 'y');
      std::string out;
      abp::append_terminal_safe(out, value);
      CAPTURE(at, raw);
      CHECK(out == expected);
    }
  }
}

TEST_CASE("text: short_word holds a short value's bytes, then copies of its first", "[text]") {
  const std::string bytes = "\x01\x82\x03\xC4\x05\x06\xF7";
  for (std::size_t n = 1; n < 8; ++n) {
    unsigned char expected[8];
    for (std::size_t i = 0; i < 8; ++i) {
      expected[i] = static_cast<unsigned char>(bytes[i < n ? i : 0]);
    }
    std::uint64_t word = 0;
    std::memcpy(&word, expected, 8);  // the bytes in memory order, whatever the byte order
    CAPTURE(n);
    CHECK(abp::short_word(bytes.data(), n) == word);
  }
}

TEST_CASE("text: has_byte_below_or_of agrees with a byte-wise test at every length and place",
          "[text]") {
  // The terminal's instantiation; the JSON writer's is held to its plain escaper in
  // json_writer_test. Values of 1-40 bytes cover the short word, whole words and the
  // overlapping last word, and with SSE2 one, two and more sixteen-byte steps and their
  // overlapping last sixteen.
  auto plain = [](std::string_view value) {
    for (const char c : value) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 32 || b == 127 || b == 194 || b == 226) return true;
    }
    return false;
  };
  CHECK_FALSE(abp::has_byte_below_or_of<32, 127, 194, 226>(""));
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string value(length, 'x');
        value[at] = static_cast<char>(byte);
        CAPTURE(length, at, byte);
        REQUIRE(abp::has_byte_below_or_of<32, 127, 194, 226>(value) == plain(value));
      }
    }
  }
}

TEST_CASE("text: closest_match suggests a near name or nothing", "[text]") {
  const std::vector<std::string> names = {"books", "authors", "tree"};
  CHECK(abp::closest_match("bokos", names) == "books");
  CHECK(abp::closest_match("author", names) == "authors");
  CHECK(abp::closest_match("tre", names) == "tree");
  CHECK(abp::closest_match("xyz123", names).empty());
}

TEST_CASE("text: equals_normalized agrees with normalize_value", "[text]") {
  CHECK(abp::equals_normalized("  Stephen \t King ", "Stephen King"));
  CHECK(abp::equals_normalized("Stephen King", "Stephen King"));
  CHECK_FALSE(abp::equals_normalized("Stephen King", "Stephen Kin"));
  CHECK_FALSE(abp::equals_normalized("Stephen Kin", "Stephen King"));
  CHECK_FALSE(abp::equals_normalized("StephenKing", "Stephen King"));
  CHECK(abp::equals_normalized(" \t ", ""));
  CHECK_FALSE(abp::equals_normalized("a", ""));
  const char alphabet[] = {'a', 'b', ' ', '\t'};
  for (int code = 0; code < 4 * 4 * 4 * 4 * 4; ++code) {
    std::string raw;
    for (int c = code; raw.size() < 5; c /= 4) raw += alphabet[c % 4];
    for (const std::string normal : {"a", "a b", "ab", "a  b", "b a", "", "ab ba"}) {
      CAPTURE(raw, normal);
      CHECK(abp::equals_normalized(raw, normal) == (abp::normalize_value(raw) == normal));
    }
  }
}

TEST_CASE("text: is_ascii", "[text]") {
  CHECK(abp::is_ascii(""));
  CHECK(abp::is_ascii("plain text, long enough for a word or two"));
  CHECK_FALSE(abp::is_ascii("caf\xC3\xA9"));
  CHECK_FALSE(abp::is_ascii("a long ASCII start, then \xFF"));
}
