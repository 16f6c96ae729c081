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

bool split_unquoted_line(std::string_view line, char delimiter,
                         std::vector<std::string_view>& fields) {
  fields.clear();
  const char* const p = line.data();
  const std::size_t n = line.size();
  std::size_t start = 0;  // where the field being read begins
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i delimiter_bytes = _mm_set1_epi8(delimiter);
  const __m128i quote_bytes = _mm_set1_epi8('"');
  auto masks = [&](const char* at, std::uint32_t& delimiters) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    delimiters =
        static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, delimiter_bytes)));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote_bytes)));
  };
  std::uint32_t delimiters = 0;
  for (; i + 16 <= n; i += 16) {
    if (masks(p + i, delimiters) != 0) return false;
    add_fields_ending_at(delimiters, i, p, start, fields);
  }
  if (i < n && n >= 16) {
    // The last bytes, read as the sixteen that end the line; those already read are dropped
    // from the masks. No byte-at-a-time tail.
    const std::size_t shift = 16 - (n - i);
    const std::uint32_t quotes = masks(p + n - 16, delimiters) >> shift;
    if (quotes != 0) return false;
    add_fields_ending_at(delimiters >> shift, i, p, start, fields);
    i = n;
  }
#endif
  for (; i < n; ++i) {  // a short line, or no SSE2
    if (p[i] == '"') return false;
    if (p[i] == delimiter) {
      fields.emplace_back(p + start, i - start);
      start = i + 1;
    }
  }
  fields.emplace_back(p + start, n - start);
  return true;
}

}  // namespace abp
