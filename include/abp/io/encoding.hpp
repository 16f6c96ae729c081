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

/// Returns `utf8` converted to encoding `name`, for appending to a file kept in that encoding.
/// Throws Error(kUsage) when `name` does not extend ASCII byte for byte (UTF-16, ...: a row
/// could not be appended as it is), or when a character has no exact equivalent in `name`.
std::string encode_from_utf8(std::string_view utf8, const std::string& name);

}  // namespace abp
