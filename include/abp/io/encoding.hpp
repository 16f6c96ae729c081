#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "abp/io/byte_source.hpp"

namespace abp {

/// Throws Error(kUsage) when iconv does not know the encoding `name`; run before any file is
/// opened so a typo costs nothing.
void check_encoding_name(const std::string& name);

/// Returns a source that converts `raw` from encoding `name` to UTF-8 as it is read.
/// Bytes that do not convert throw Error(kDataErr) naming `file` and the physical line.
std::unique_ptr<ByteSource> make_transcoding_source(std::unique_ptr<ByteSource> raw,
                                                    const std::string& name,
                                                    const std::string& file);

/// True when encoding `name` writes every ASCII character (tab, CR, LF and the printable ones)
/// as that one byte and adds no byte-order mark: then a file in it can be split into records
/// and fields, and a value spliced in, without converting the rest. False for UTF-16, UTF-32.
/// Throws Error(kUsage) for an unknown name.
bool extends_ascii(const std::string& name);

/// True when make_transcoding_source() decodes `name` through a byte table rather than iconv:
/// an encoding of one byte a character, no state, ASCII as itself. False for unknown names.
bool decodes_by_byte_table(const std::string& name);

/// Converts whole strings from encoding `name` to UTF-8, reusing one iconv descriptor.
class Utf8Decoder {
 public:
  /// Throws Error(kUsage) for an unknown name.
  explicit Utf8Decoder(const std::string& name);
  ~Utf8Decoder();
  Utf8Decoder(const Utf8Decoder&) = delete;
  Utf8Decoder& operator=(const Utf8Decoder&) = delete;

  /// Sets `out` to `bytes` in UTF-8; false when some bytes do not convert.
  bool decode(std::string_view bytes, std::string& out);

 private:
  void* cd_;  // iconv_t
};

/// Converts whole strings from UTF-8 to encoding `name`, reusing one iconv descriptor: the
/// values a rewrite puts into a file kept in that encoding.
class Utf8Encoder {
 public:
  /// Throws Error(kUsage) for an unknown name.
  explicit Utf8Encoder(const std::string& name);
  ~Utf8Encoder();
  Utf8Encoder(const Utf8Encoder&) = delete;
  Utf8Encoder& operator=(const Utf8Encoder&) = delete;

  /// True when the encoding writes ASCII byte for byte (see extends_ascii()).
  bool extends_ascii() const;

  /// Returns `utf8` in the encoding. Throws Error(kUsage) when a character has no exact
  /// equivalent there.
  std::string encode(std::string_view utf8) const;

 private:
  void* cd_;  // iconv_t
  std::string name_;
};

/// Returns `utf8` converted to encoding `name` (as it is when `name` is empty: UTF-8), for
/// appending to a file kept in that encoding. Throws Error(kUsage) when `name` does not
/// extend ASCII byte for byte (UTF-16, ...: a row could not be appended as it is), or when a
/// character has no exact equivalent in `name`.
std::string encode_from_utf8(std::string_view utf8, const std::string& name);

}  // namespace abp
