#include "abp/core/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace abp {
namespace {

// A tab, or two spaces side by side, among the eight bytes of `word`: what normalising
// changes inside a value.
bool has_tab_or_space_run(std::uint64_t word) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  auto bytes_equal = [](std::uint64_t w, unsigned char c) {  // 0x80 in each byte == c
    const std::uint64_t x = w ^ (kOnes * c);
    return ~(((x & kLow7) + kLow7) | x | kLow7);
  };
  const std::uint64_t spaces = bytes_equal(word, ' ');
  return (bytes_equal(word, '\t') | (spaces & (spaces << 8))) != 0;
}

#if defined(__SSE2__)
// The same test for the sixteen bytes at `p`, in one SSE2 register (every x86-64 has it).
bool has_tab_or_space_run_16(const char* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto spaces =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(' '))));
  const auto tabs =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\t'))));
  return (tabs | (spaces & (spaces >> 1))) != 0;
}
#endif

}  // namespace

bool is_normalized(std::string_view value) {
  const std::size_t n = value.size();
  if (n == 0) return true;
  if (is_blank(value.front()) || is_blank(value.back())) return false;
  // Eight or sixteen bytes at a time: a tab, or two spaces in a row (a tab after a space is
  // caught as a tab), anywhere makes a value that normalising would change.
  const char* p = value.data();
  if (n < 8) {  // one word, padded with its first byte (neither a space nor a tab)
    return !has_tab_or_space_run(short_word(p, n));
  }
#if defined(__SSE2__)
  // Titles are mostly longer than 15 bytes: sixteen at a time, overlapping as words do below.
  if (n >= 16) {
    for (std::size_t i = 0; i + 16 < n; i += 15) {
      if (has_tab_or_space_run_16(p + i)) return false;
    }
    return !has_tab_or_space_run_16(p + n - 16);
  }
#endif
  std::uint64_t word = 0;
  // Words that overlap by one byte (at 0, 7, 14, ...), then the last eight bytes: every two
  // bytes side by side lie in one word, so no state is carried from word to word, and a
  // value of 8 to 15 bytes takes two loads and no loop. A byte read twice changes nothing.
  for (std::size_t i = 0; i + 8 < n; i += 7) {
    std::memcpy(&word, p + i, 8);
    if (has_tab_or_space_run(word)) return false;
  }
  std::memcpy(&word, p + n - 8, 8);
  return !has_tab_or_space_run(word);
}

void normalize_value_into(std::string_view value, std::string& out) {
  out.clear();
  std::size_t begin = 0;
  std::size_t end = value.size();
  while (begin < end && is_blank(value[begin])) ++begin;
  while (end > begin && is_blank(value[end - 1])) --end;
  out.reserve(end - begin);
  bool in_run = false;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = value[i];
    if (is_blank(c)) {
      in_run = true;
      continue;
    }
    if (in_run) out.push_back(' ');
    in_run = false;
    out.push_back(c);
  }
}

bool equals_normalized(std::string_view raw, std::string_view normal) {
  std::size_t i = 0;
  std::size_t j = 0;
  const std::size_t n = raw.size();
  while (i < n && is_blank(raw[i])) ++i;
  while (i < n) {
    if (is_blank(raw[i])) {
      while (i < n && is_blank(raw[i])) ++i;
      if (i == n) break;  // blanks at the end are trimmed
      if (j == normal.size() || normal[j] != ' ') return false;
      ++j;
      continue;
    }
    if (j == normal.size() || normal[j] != raw[i]) return false;
    ++i;
    ++j;
  }
  return j == normal.size();
}

bool is_ascii(std::string_view bytes) {
  return !any_word_of(bytes,
                      [](std::uint64_t word) { return (word & 0x8080808080808080ULL) != 0; });
}

std::string normalize_value(std::string_view value) {
  std::string out;
  normalize_value_into(value, out);
  return out;
}

std::string column_key(std::string_view name) {
  std::string key = normalize_value(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-' || c == ' ') c = '_';
  }
  return key;
}

std::pair<std::string_view, std::string_view> split_author_name(std::string_view name) {
  const std::size_t space = name.find(' ');
  if (space == std::string_view::npos) return {name, {}};
  return {name.substr(0, space), name.substr(space + 1)};
}

bool is_valid_utf8(std::string_view bytes) {
  // Most catalogue text is ASCII, which is valid UTF-8 as it is.
  if (is_ascii(bytes)) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = p + bytes.size();
  while (p < end) {
    // Skip ASCII eight bytes at a time: most catalogue text is ASCII.
    while (end - p >= 8) {
      std::uint64_t word;
      __builtin_memcpy(&word, p, 8);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p >= end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= extra; ++i) {
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    }
    p += extra + 1;
  }
  return true;
}

namespace {

// True when `value` may hold a byte append_terminal_safe() escapes: a C0 control, DEL, 0xC2
// (the lead byte of every C1 control) or 0xE2 (that of U+2028, U+2029 and the bidirectional
// controls). Eight bytes at a time: most values hold none, and the tree of a large report is
// made of millions of them.
bool may_need_terminal_escape(std::string_view value) {
  return has_byte_below_or_of<0x20, 0x7F, 0xC2, 0xE2>(value);
}

// The code point of the three bytes E2 `byte1` `byte2` when it is one a terminal must not act on
// (SPEC §4): U+2028 and U+2029, which some show as a line break, and the bidirectional
// controls U+202A-U+202E and U+2066-U+2069, which reorder what follows them. Else 0.
unsigned reordering_code_point(char byte1, char byte2) {
  const auto b1 = static_cast<unsigned char>(byte1);
  const auto b2 = static_cast<unsigned char>(byte2);
  if (b1 < 0x80 || b1 > 0xBF || b2 < 0x80 || b2 > 0xBF) return 0;
  const unsigned code = 0x2000u + ((b1 & 0x3Fu) << 6) + (b2 & 0x3Fu);
  const bool separator_or_embedding = code >= 0x2028 && code <= 0x202E;
  const bool isolate = code >= 0x2066 && code <= 0x2069;
  return separator_or_embedding || isolate ? code : 0;
}

}  // namespace

void append_terminal_safe(std::string& out, std::string_view value) {
  if (!may_need_terminal_escape(value)) {
    out += value;
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t n = value.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else if (c == 0xC2 && i + 1 < n && static_cast<unsigned char>(value[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(value[i + 1]) <= 0x9F) {
      // U+0080-U+009F are C1 controls: some terminals act on them as on ESC sequences.
      const auto low = static_cast<unsigned char>(value[i + 1]);
      out += "\\u00";
      out += kHex[low >> 4];
      out += kHex[low & 0xF];
      ++i;
    } else if (c == 0xE2 && i + 2 < n && reordering_code_point(value[i + 1], value[i + 2]) != 0) {
      const unsigned code = reordering_code_point(value[i + 1], value[i + 2]);
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code >> shift) & 0xF];
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
}

}  // namespace abp

namespace abp {

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const std::string& candidate : candidates) {
    // Near means fewer edits than half the shorter word, plus one: 'ad' is near 'add', but
    // 'frobnicate' is near nothing, though only six edits from 'rename'.
    const std::size_t limit = std::min(word.size(), candidate.size()) / 2 + 1;
    // Levenshtein distance, one row at a time.
    std::vector<std::size_t> row(candidate.size() + 1);
    for (std::size_t j = 0; j < row.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= candidate.size(); ++j) {
        const std::size_t above = row[j];
        const std::size_t cost = word[i - 1] == candidate[j - 1] ? 0 : 1;
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
        diagonal = above;
      }
    }
    if (row.back() < limit && row.back() < best_distance) {
      best_distance = row.back();
      best = candidate;
    }
  }
  return best;
}

}  // namespace abp
