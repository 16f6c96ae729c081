#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace abp {

/// Pads each of `lines` to the widest and appends a bar for `counts[i]` (as many counts as
/// lines), the largest count filling what is left of `width` columns (but one). Bars are
/// drawn in eighths of a block, or with `ascii` in whole cells of '#'; every count gets at
/// least a sliver. Each bar is put between `open` and `close` (a colour and its reset, or
/// nothing); colour sequences already in `lines` take no column (display_width()).
void append_bars(std::vector<std::string>& lines, const std::vector<std::uint64_t>& counts,
                 std::size_t width, bool ascii, std::string_view open = {},
                 std::string_view close = {});

}  // namespace abp
