#include "abp/report/bars.hpp"

#include <algorithm>

#include "abp/io/terminal.hpp"

namespace abp {

void append_bars(std::vector<std::string>& lines, const std::vector<std::uint64_t>& counts,
                 std::size_t width, bool ascii, std::string_view open, std::string_view close) {
  // Bars line up after the longest line and share what is left of the width (one column is
  // kept free so a full bar never wraps), in eighths of a block so small differences still
  // show.
  static constexpr std::string_view kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  std::vector<std::size_t> widths(lines.size());
  std::size_t text_width = 0;
  std::uint64_t largest = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    widths[i] = display_width(lines[i]);
    text_width = std::max(text_width, widths[i]);
    largest = std::max(largest, counts[i]);
  }
  const std::size_t room = width > text_width + 11 ? width - text_width - 2 : 10;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string& line = lines[i];
    line.append(text_width - widths[i] + 1, ' ');
    line += open;
    const std::uint64_t eighths = largest == 0 ? 0 : counts[i] * room * 8 / largest;
    for (std::uint64_t b = 0; b < eighths / 8; ++b) line += ascii ? "#" : "█";
    if (ascii) {
      if (eighths < 8) line += '#';
    } else {
      line += kEighths[eighths % 8];
      if (eighths == 0) line += "▏";
    }
    line += close;
  }
}

}  // namespace abp
