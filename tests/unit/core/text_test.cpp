#include "abp/core/text.hpp"

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

TEST_CASE("text: append_terminal_safe finds a control at any place of a long value", "[text]") {
  // The scan reads eight bytes at a time: put each kind of byte at every offset of values
  // longer than one word, next to bytes that need no escape (0x1F/0x20, 0x7E, 0xC3 0xA9).
  const std::vector<std::pair<std::string, std::string>> kinds = {{"\x1f", "\\x1f"},
                                                                  {"\x7f", "\\x7f"},
                                                                  {"\xC2\x9B", "\\u009b"},
                                                                  {"\xC2\xA9", "\xC2\xA9"},
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

TEST_CASE("text: closest_match suggests a near name or nothing", "[text]") {
  const std::vector<std::string> names = {"books", "authors", "tree"};
  CHECK(abp::closest_match("bokos", names) == "books");
  CHECK(abp::closest_match("author", names) == "authors");
  CHECK(abp::closest_match("tre", names) == "tree");
  CHECK(abp::closest_match("xyz123", names).empty());
}
