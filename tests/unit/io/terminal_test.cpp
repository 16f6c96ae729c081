#include "abp/io/terminal.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>

TEST_CASE("terminal: display width counts columns, not bytes or code points", "[terminal]") {
  CHECK(abp::display_width("") == 0);
  CHECK(abp::display_width("Random House") == 12);
  CHECK(abp::display_width("García Márquez") == 14);  // two-byte letters: one column
  CHECK(abp::display_width("e\xcc\x81") == 1);        // e + combining acute
  CHECK(abp::display_width("講談社") == 6);           // CJK ideographs: two each
  CHECK(abp::display_width("ノルウェイの森") == 14);  // kana
  CHECK(abp::display_width("한국어") == 6);           // Hangul syllables
  CHECK(abp::display_width("ＡＢ") == 4);             // full-width forms
  CHECK(abp::display_width("📚") == 2);                // emoji
  CHECK(abp::display_width("עמוס עוז") == 8);         // RTL letters: one each
  CHECK(abp::display_width("a\xe2\x80\x8b"
                           "b") == 2);         // zero-width space
  CHECK(abp::display_width("\\x1b[0m") == 7);  // escaped text is plain ASCII
}

TEST_CASE("terminal: a pipe is no terminal", "[terminal]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  CHECK(abp::terminal_columns(fds[1]) == 0);
  ::close(fds[0]);
  ::close(fds[1]);
}
