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

/// Returns `utf8` converted to encoding `name`, for appending to a file kept in that encoding.
/// Throws Error(kUsage) when `name` does not extend ASCII byte for byte (UTF-16, ...: a row
/// could not be appended as it is), or when a character has no exact equivalent in `name`.
std::string encode_from_utf8(std::string_view utf8, const std::string& name);

}  // namespace abp
