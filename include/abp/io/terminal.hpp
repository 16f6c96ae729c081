#pragma once

#include <cstddef>
#include <string_view>

namespace abp {

/// Returns the width in columns of the terminal open on `fd`, or 0 when `fd` is not a
/// terminal (or the terminal does not say).
std::size_t terminal_columns(int fd);

/// Returns how many terminal columns `text` (UTF-8) takes: two for East Asian wide and
/// full-width characters and most emoji, none for combining marks, zero-width characters and
/// variation selectors, one for everything else. A fixed table, so the answer does not depend
/// on the locale; good enough to line bars up, not a full wcwidth.
std::size_t display_width(std::string_view text);

}  // namespace abp
