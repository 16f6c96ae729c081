#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace abp {

/// Returns `value` with spaces and tabs trimmed at both ends and every inner run of them
/// replaced by one space (SPEC §1). Nothing else changes: no case folding, no Unicode work.
std::string normalize_value(std::string_view value);

/// Like normalize_value, but writes into `out` (cleared first) so a hot loop reuses its buffer.
void normalize_value_into(std::string_view value, std::string& out);

/// True when normalize_value(raw) == normal, without making the copy: it stops at the first
/// byte that differs, so telling values apart costs about the length of their common start.
bool equals_normalized(std::string_view raw, std::string_view normal);

/// True when every byte of `bytes` is ASCII (below 0x80).
bool is_ascii(std::string_view bytes);

/// True when `value` already is its own normal form, so callers can skip the copy.
bool is_normalized(std::string_view value);

/// True for the characters normalising trims and folds (SPEC §1): space and tab.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// is_normalized(value), handing each whole 8-byte word of `value` (as read by memcpy into a
/// std::uint64_t), in order, to `visit` on the way, for work that reads every byte anyway
/// (hashing). Stops early, returning false, at the first word that shows the value is not
/// normalised; the bytes past the last whole word are the caller's.
template <typename Visit>
bool scan_normal_form(std::string_view value, Visit visit) {
  if (value.empty()) return true;
  if (is_blank(value.front()) || is_blank(value.back())) return false;
  // Eight bytes at a time: a tab, or two spaces in a row (a tab after a space is caught as a
  // tab), anywhere makes a value that normalising would change.
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  auto bytes_equal = [](std::uint64_t word, unsigned char c) {  // 0x80 in each byte == c
    const std::uint64_t x = word ^ (kOnes * c);
    return ~(((x & kLow7) + kLow7) | x | kLow7);
  };
  const char* p = value.data();
  std::size_t n = value.size();
  bool space_before = false;
  while (n >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    const std::uint64_t spaces = bytes_equal(word, ' ');
    if (bytes_equal(word, '\t') != 0 || (spaces & (spaces << 8)) != 0 ||
        (space_before && (spaces & 0x80) != 0)) {
      return false;
    }
    visit(word);
    space_before = p[7] == ' ';
    p += 8;
    n -= 8;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] == '\t' || (p[i] == ' ' && space_before)) return false;
    space_before = p[i] == ' ';
  }
  return true;
}

/// Returns the key a column name is matched by (SPEC §2): normalised, ASCII lower case,
/// `-` and space as `_`. `First Name`, `first-name` and ` FIRST_NAME ` share one key.
std::string column_key(std::string_view name);

/// Splits an author's full name at its first space into first and last name (SPEC §3:
/// `John Le Carre` -> `John`, `Le Carre`; a name without a space is all first name).
std::pair<std::string_view, std::string_view> split_author_name(std::string_view name);

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// Appends `value` for a terminal (SPEC §4): C0 controls and DEL as `\xHH`, C1 controls
/// (U+0080-U+009F) as `\u00HH`; everything else, backslash included, as it is.
void append_terminal_safe(std::string& out, std::string_view value);

}  // namespace abp

#include <vector>

namespace abp {

/// Returns the candidate closest to `word` by edit distance when it is close enough to be a
/// likely typo (ninja's "did you mean"), else an empty string.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace abp
