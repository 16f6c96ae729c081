#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace abp {

/// A table from each byte to the text it stands for (up to 4 bytes), for decoding encodings
/// that give every character one byte (ISO-8859-*, Windows-125x, KOI8-R, ...): a byte at a
/// time through the table, eight at a time where they are ASCII and stand for themselves.
/// iconv does the same conversion, a call per character; io/encoding builds the table from
/// iconv and checks it against iconv, so the two give the same bytes.
class ByteTranslation {
 public:
  /// Every byte starts invalid.
  ByteTranslation();

  /// Byte `byte` stands for `text` (at most 4 bytes).
  void set(unsigned char byte, std::string_view text);

  /// True when every byte below 0x80 stands for itself: the eight-at-a-time path is taken.
  bool ascii_is_itself() const;

  struct Step {
    std::size_t read = 0;     // input bytes translated
    std::size_t written = 0;  // output bytes written
    bool invalid = false;     // stopped at input[read], which stands for nothing
  };

  /// Translates `input` into `out` until the input ends, the next byte's text does not fit in
  /// the room left, or a byte stands for nothing.
  Step translate(const char* input, std::size_t input_size, char* out, std::size_t out_size) const;

 private:
  struct Entry {
    std::array<char, 4> bytes{};
    std::uint8_t size = 0;
    bool valid = false;
  };
  bool is_itself(unsigned char byte) const;

  std::array<Entry, 256> entries_;
  unsigned ascii_itself_ = 0;  // how many bytes below 0x80 stand for themselves
};

}  // namespace abp
