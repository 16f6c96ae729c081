#include "abp/fast/byte_translation.hpp"

#include <cstring>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace abp {

ByteTranslation::ByteTranslation() = default;

void ByteTranslation::set(unsigned char byte, std::string_view text) {
  if (text.size() > 4) throw std::invalid_argument("a byte's text is at most 4 bytes");
  Entry& entry = entries_[byte];
  const bool was_itself = is_itself(byte);
  std::memcpy(entry.bytes.data(), text.data(), text.size());
  entry.size = static_cast<std::uint8_t>(text.size());
  entry.valid = true;
  ascii_itself_ = ascii_itself_ - (was_itself ? 1 : 0) + (is_itself(byte) ? 1 : 0);
}

bool ByteTranslation::is_itself(unsigned char byte) const {
  const Entry& e = entries_[byte];
  return byte < 0x80 && e.valid && e.size == 1 && static_cast<unsigned char>(e.bytes[0]) == byte;
}

bool ByteTranslation::ascii_is_itself() const { return ascii_itself_ == 0x80; }

ByteTranslation::Step ByteTranslation::translate(const char* input, std::size_t input_size,
                                                 char* out, std::size_t out_size) const {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  std::size_t in = 0;
  std::size_t to = 0;
  const bool ascii_is_itself = this->ascii_is_itself();
  while (in < input_size) {
    if (ascii_is_itself) {
      // Catalogues are mostly ASCII: copy runs of it sixteen bytes (SSE2, on every x86-64)
      // or a word at a time. Decoding is the reading thread's work, which sets the pace.
#if defined(__SSE2__)
      while (in + 16 <= input_size && to + 16 <= out_size) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(input + in));
        if (_mm_movemask_epi8(bytes) != 0) break;
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + to), bytes);
        in += 16;
        to += 16;
      }
#endif
      while (in + 8 <= input_size && to + 8 <= out_size) {
        std::uint64_t word;
        std::memcpy(&word, input + in, 8);
        if ((word & kHighBits) != 0) break;
        std::memcpy(out + to, &word, 8);
        in += 8;
        to += 8;
      }
      if (in == input_size) break;
    }
    const Entry& entry = entries_[static_cast<unsigned char>(input[in])];
    if (!entry.valid) return Step{in, to, true};
    if (to + entry.size > out_size) break;
    std::memcpy(out + to, entry.bytes.data(), 4 <= out_size - to ? 4 : entry.size);
    to += entry.size;
    ++in;
  }
  return Step{in, to, false};
}

}  // namespace abp
