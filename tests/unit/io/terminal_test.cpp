#include "abp/io/terminal.hpp"

#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

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
                           "b") == 2);                    // zero-width space
  CHECK(abp::display_width("\\x1b[0m") == 7);             // escaped text is plain ASCII
  CHECK(abp::display_width("\x1b[1;32mab\x1b[0m") == 2);  // colours take no column
  CHECK(abp::display_width("a\x1b[") == 1);               // a sequence cut short
}

TEST_CASE("terminal: a pipe is no terminal", "[terminal]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  CHECK(abp::terminal_columns(fds[1]) == 0);
  ::close(fds[0]);
  ::close(fds[1]);
}

namespace {

// Looks names up in a fixed list of NAME=VALUE entries, as getenv does in the environment.
abp::EnvLookup env_of(std::vector<std::string> entries) {
  return [entries = std::move(entries)](const char* name) -> const char* {
    for (const std::string& entry : entries) {
      if (entry.compare(0, entry.find('='), name) == 0) return entry.c_str() + entry.find('=') + 1;
    }
    return nullptr;
  };
}

}  // namespace

TEST_CASE("terminal: --color always and never are what they say, whatever the environment",
          "[terminal]") {
  const auto env = env_of({"NO_COLOR=1", "CLICOLOR_FORCE=1"});
  for (const bool tty : {true, false}) {
    CHECK(abp::color_wanted(abp::ColorWhen::kAlways, tty, env));
    CHECK_FALSE(abp::color_wanted(abp::ColorWhen::kNever, tty, env));
  }
}

TEST_CASE("terminal: --color auto colours a terminal unless the environment says otherwise",
          "[terminal]") {
  const auto auto_color = [](bool tty, std::vector<std::string> entries) {
    return abp::color_wanted(abp::ColorWhen::kAuto, tty, env_of(std::move(entries)));
  };
  CHECK(auto_color(true, {}));
  CHECK_FALSE(auto_color(false, {}));
  // NO_COLOR: any value but the empty one turns colour off.
  CHECK_FALSE(auto_color(true, {"NO_COLOR=1"}));
  CHECK_FALSE(auto_color(true, {"NO_COLOR=0"}));
  CHECK(auto_color(true, {"NO_COLOR="}));
  // CLICOLOR_FORCE: on for any value but 0 or empty, even into a pipe; NO_COLOR wins.
  CHECK(auto_color(false, {"CLICOLOR_FORCE=1"}));
  CHECK(auto_color(false, {"CLICOLOR_FORCE=yes"}));
  CHECK_FALSE(auto_color(false, {"CLICOLOR_FORCE=0"}));
  CHECK_FALSE(auto_color(false, {"CLICOLOR_FORCE="}));
  CHECK_FALSE(auto_color(false, {"NO_COLOR=1", "CLICOLOR_FORCE=1"}));
  // CLICOLOR=0 and a dumb terminal: no colour; CLICOLOR=1 changes nothing off a terminal.
  CHECK_FALSE(auto_color(true, {"CLICOLOR=0"}));
  CHECK_FALSE(auto_color(true, {"TERM=dumb"}));
  CHECK(auto_color(true, {"TERM=xterm-256color", "CLICOLOR=1"}));
  CHECK_FALSE(auto_color(false, {"CLICOLOR=1"}));
  CHECK(auto_color(false, {"CLICOLOR_FORCE=1", "TERM=dumb"}));
}
