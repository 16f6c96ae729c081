#include "abp/fast/field_split.hpp"

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace abp {
namespace {

// Adds the fields that end at the delimiters flagged in `delimiters` (bit i: the byte at
// `base` + i), the field before each starting at `start`, which moves past each one.
void add_fields_ending_at(std::uint32_t delimiters, std::size_t base, const char* line,
                          std::size_t& start, std::vector<std::string_view>& fields) {
  while (delimiters != 0) {
    const std::size_t at = base + static_cast<std::size_t>(__builtin_ctz(delimiters));
    fields.emplace_back(line + start, at - start);
    start = at + 1;
    delimiters &= delimiters - 1;
  }
}

}  // namespace

#if defined(__SSE2__)
// Tracks, sixteen bytes at a time, whether a blank of the line would make one of its fields
// not normalised: a tab that is not the delimiter, a space beside another space, or beside a
// delimiter or either end of the line (where a field begins or ends).
class BlankCheck {
 public:
  // `spaces`, `tabs` and `delimiters`: bit i for byte i of the next bytes (`width` of them).
  void add(std::uint32_t spaces, std::uint32_t tabs, std::uint32_t delimiters, unsigned width) {
    // Bit i of these: byte i - 1, the byte before (bit 0: the last one of the bytes before).
    const std::uint32_t space_before = (spaces << 1) | last_space_;
    const std::uint32_t delimiter_before = (delimiters << 1) | last_delimiter_;
    bad_ |= (tabs & ~delimiters) | (spaces & (space_before | delimiter_before)) |
            (delimiters & space_before);
    last_space_ = (spaces >> (width - 1)) & 1;
    last_delimiter_ = (delimiters >> (width - 1)) & 1;
  }
  // Whether every field is normalised, once every byte has been added.
  bool all_normalised() const { return bad_ == 0 && last_space_ == 0; }

 private:
  std::uint32_t bad_ = 0;
  std::uint32_t last_space_ = 0;
  std::uint32_t last_delimiter_ = 1;  // the line's start, where its first field begins
};
#endif

UnquotedSplit split_unquoted_line(std::string_view line, char delimiter,
                                  std::vector<std::string_view>& fields) {
  fields.clear();
  const char* const p = line.data();
  const std::size_t n = line.size();
  std::size_t start = 0;  // where the field being read begins
  std::size_t i = 0;
  bool normalised = false;
#if defined(__SSE2__)
  const __m128i delimiter_bytes = _mm_set1_epi8(delimiter);
  const __m128i quote_bytes = _mm_set1_epi8('"');
  const __m128i space_bytes = _mm_set1_epi8(' ');
  const __m128i tab_bytes = _mm_set1_epi8('\t');
  BlankCheck blanks;
  struct Masks {
    std::uint32_t delimiters, quotes, spaces, tabs;
  };
  auto masks = [&](const char* at) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    auto mask = [&bytes](__m128i of) {
      return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, of)));
    };
    return Masks{mask(delimiter_bytes), mask(quote_bytes), mask(space_bytes), mask(tab_bytes)};
  };
  for (; i + 16 <= n; i += 16) {
    const Masks m = masks(p + i);
    if (m.quotes != 0) return {};
    blanks.add(m.spaces, m.tabs, m.delimiters, 16);
    add_fields_ending_at(m.delimiters, i, p, start, fields);
  }
  if (i < n && n >= 16) {
    // The last bytes, read as the sixteen that end the line; those already read are dropped
    // from the masks. No byte-at-a-time tail.
    const auto shift = static_cast<unsigned>(16 - (n - i));
    const Masks m = masks(p + n - 16);
    if ((m.quotes >> shift) != 0) return {};
    blanks.add(m.spaces >> shift, m.tabs >> shift, m.delimiters >> shift, 16 - shift);
    add_fields_ending_at(m.delimiters >> shift, i, p, start, fields);
    i = n;
  }
  normalised = n >= 16 && blanks.all_normalised();
#endif
  for (; i < n; ++i) {  // a short line, or no SSE2
    if (p[i] == '"') return {};
    if (p[i] == delimiter) {
      fields.emplace_back(p + start, i - start);
      start = i + 1;
    }
  }
  fields.emplace_back(p + start, n - start);
  return {true, normalised};
}

}  // namespace abp
