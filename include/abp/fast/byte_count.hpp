#pragma once

#include <cstddef>
#include <string_view>

namespace abp {

/// How many bytes of `bytes` are `byte`: std::count's answer, sixteen bytes at a time (SSE2,
/// on every x86-64), elsewhere a byte at a time. A decoded input counts its line ends so an
/// error can name its line, over every byte it reads.
std::size_t count_byte(std::string_view bytes, char byte);

}  // namespace abp
