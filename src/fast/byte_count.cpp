#include "abp/fast/byte_count.hpp"

#include <algorithm>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace abp {

std::size_t count_byte(std::string_view bytes, char byte) {
  const char* const p = bytes.data();
  const std::size_t n = bytes.size();
  std::size_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i wanted = _mm_set1_epi8(byte);
  const __m128i zero = _mm_setzero_si128();
  // Each of sixteen byte counters takes one from every block that matches there; they are
  // added up (psadbw) before any could pass 255.
  constexpr std::size_t kBlocksPerSum = 255;
  while (i + 16 <= n) {
    __m128i counters = zero;
    const std::size_t blocks = std::min(kBlocksPerSum, (n - i) / 16);
    for (std::size_t b = 0; b < blocks; ++b, i += 16) {
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(chunk, wanted));
    }
    const __m128i sums = _mm_sad_epu8(counters, zero);
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < n; ++i) count += p[i] == byte ? 1 : 0;
  return count;
}

}  // namespace abp
