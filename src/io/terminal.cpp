#include "abp/io/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace abp {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Code points that take no column: combining marks, zero-width space/joiners, bidi marks,
// variation selectors.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},   {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W and F, by block) and the
// emoji blocks terminals draw two columns wide.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26D4, 0x26D4},
    {0x26EA, 0x26EA},   {0x26F2, 0x26F5},   {0x26FA, 0x26FD},   {0x2705, 0x2705},
    {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

template <std::size_t N>
bool in(const Range (&ranges)[N], char32_t c) {
  // The tables are short and sorted; a linear scan stops early for the common small values.
  for (const Range& r : ranges) {
    if (c < r.first) return false;
    if (c <= r.last) return true;
  }
  return false;
}

}  // namespace

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

std::size_t terminal_columns(int fd) {
  winsize size{};
  if (is_terminal(fd) && ::ioctl(fd, TIOCGWINSZ, &size) == 0) return size.ws_col;
  return 0;
}

bool color_wanted(ColorWhen when, bool is_terminal, const EnvLookup& env) {
  if (when != ColorWhen::kAuto) return when == ColorWhen::kAlways;
  const auto is = [&](const char* name, const char* value) {
    const char* set = env(name);
    return set != nullptr && std::strcmp(set, value) == 0;
  };
  const auto set_to_something = [&](const char* name) {
    const char* set = env(name);
    return set != nullptr && *set != '\0';
  };
  if (set_to_something("NO_COLOR")) return false;
  if (set_to_something("CLICOLOR_FORCE") && !is("CLICOLOR_FORCE", "0")) return true;
  if (is("CLICOLOR", "0") || is("TERM", "dumb")) return false;
  return is_terminal;
}

bool color_wanted(ColorWhen when, int fd) {
  return color_wanted(when, is_terminal(fd), [](const char* name) { return std::getenv(name); });
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead == 0x1b && i + 1 < text.size() && text[i + 1] == '[') {
      // A control sequence (a colour): parameters, then one final byte from '@' to '~'.
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
      ++i;
      continue;
    }
    if (lead < 0x80) {
      ++width;
      ++i;
      continue;
    }
    // Invalid UTF-8 cannot reach here (values are checked when read); a stray byte still
    // advances and counts one column.
    const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    char32_t c = len == 4 ? lead & 0x07u : len == 3 ? lead & 0x0Fu : len == 2 ? lead & 0x1Fu : lead;
    for (std::size_t k = 1; k < len && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    i += len;
    if (in(kZeroWidth, c)) continue;
    width += in(kWide, c) ? 2u : 1u;
  }
  return width;
}

}  // namespace abp
