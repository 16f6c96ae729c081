#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/// Returns the key a column name is matched by (SPEC §2): normalised, ASCII lower case,
/// `-` and space as `_`. `First Name`, `first-name` and ` FIRST_NAME ` share one key.
std::string column_key(std::string_view name);

/// Splits an author's full name at its first space into first and last name (SPEC §3:
/// `John Le Carre` -> `John`, `Le Carre`; a name without a space is all first name).
std::pair<std::string_view, std::string_view> split_author_name(std::string_view name);

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// Bytes [0, n) of `p`, 0 < n < 8, as the word a memcpy of eight bytes would make, its
/// other bytes copies of p[0]: a test for "any byte is ..." gives the same answer for the
/// word as for the n bytes. On a little-endian machine, two loads that may overlap (a byte
/// read twice is ORed with itself), not a memcpy of n bytes, which is a call and leaves the
/// word's load waiting on the bytes it stored.
inline std::uint64_t short_word(const char* p, std::size_t n) {
  const auto byte = [p](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::uint64_t word = 0;
  if (n >= 4) {
    std::uint32_t low = 0;
    std::uint32_t high = 0;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + n - 4, 4);
    word = low | (std::uint64_t{high} << (8 * (n - 4)));
  } else {
    word = byte(0) | (byte(n / 2) << (8 * (n / 2))) | (byte(n - 1) << (8 * (n - 1)));
  }
  const std::uint64_t unused = ~std::uint64_t{0} << (8 * n);  // the bytes past n
  return word | (unused & (0x0101010101010101ULL * byte(0)));
#else
  unsigned char bytes[8];
  for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(byte(i < n ? i : 0));
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, 8);
  return word;
#endif
}

/// True when `test(word)` holds for one of the words that together cover `value`: its
/// eight-byte words in order, then its last eight bytes again (overlapping the word before)
/// for a tail, or short_word() for a value under eight bytes. For tests of "some byte
/// is ...", which a byte read twice, or a copy of the first, cannot change.
template <typename Test>
bool any_word_of(std::string_view value, Test test) {
  const char* p = value.data();
  const std::size_t n = value.size();
  if (n < 8) return n > 0 && test(short_word(p, n));
  std::uint64_t word = 0;
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    std::memcpy(&word, p + i, 8);
    if (test(word)) return true;
  }
  if (n % 8 == 0) return false;
  std::memcpy(&word, p + n - 8, 8);
  return test(word);
}

/// True when a byte of `value` is below `Below` or is one of `Bytes`: eight bytes at a time
/// (sixteen with SSE2),
/// for escapers whose values mostly need no escape (millions of names in a large report's
/// tree) and can then be copied whole.
template <unsigned char Below, unsigned char... Bytes>
bool has_byte_below_or_of(std::string_view value) {
  static_assert(Below <= 0x80, "the word-wide test for a byte below is exact only up to 0x80");
  static_assert(sizeof...(Bytes) > 0, "name the bytes looked for");
#if defined(__SSE2__)
  // Sixteen bytes at a time where there are that many (most titles): a byte is below `Below`
  // when the smaller of it and Below - 1 is itself. The last sixteen overlap those before.
  if (value.size() >= 16 && Below > 0) {
    auto any_in = [](const char* at) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      __m128i hit =
          _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(static_cast<char>(Below - 1))), bytes);
      ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(static_cast<char>(Bytes))))),
       ...);
      return _mm_movemask_epi8(hit) != 0;
    };
    const char* p = value.data();
    const std::size_t n = value.size();
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      if (any_in(p + i)) return true;
    }
    return i < n && any_in(p + n - 16);
  }
#endif
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  // Exact for "any byte": a borrow only runs on from a byte that matched.
  auto has_zero = [](std::uint64_t x) { return ((x - kOnes) & ~x & kHighs) != 0; };
  return any_word_of(value, [&has_zero](std::uint64_t w) {
    return ((w - kOnes * Below) & ~w & kHighs) != 0 || (has_zero(w ^ (kOnes * Bytes)) || ...);
  });
}

/// Appends `value` for a terminal (SPEC §4): C0 controls and DEL as `\xHH`, C1 controls
/// (U+0080-U+009F) as `\u00HH`, the line and paragraph separators (U+2028, U+2029) and the
/// bidirectional controls (U+202A-U+202E, U+2066-U+2069) as `\uHHHH`; everything else,
/// backslash included, as it is.
void append_terminal_safe(std::string& out, std::string_view value);

}  // namespace abp

#include <vector>

namespace abp {

/// Returns the candidate closest to `word` by edit distance when it is close enough to be a
/// likely typo (ninja's "did you mean"), else an empty string.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace abp
