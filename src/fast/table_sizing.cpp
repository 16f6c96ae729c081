#include "abp/fast/table_sizing.hpp"

#include <algorithm>

namespace abp {

std::size_t strings_to_reserve(const TableSample& sample, std::uint64_t file_bytes,
                               std::size_t rows_per_string) {
  if (sample.rows == 0 || sample.bytes == 0) return 0;
  // Rows are counted from the sample's own width: a file of wide rows (reviews, two dozen
  // columns) promises far fewer rows than its size over a plain catalogue's 50 bytes.
  const double rows_expected = static_cast<double>(file_bytes) * static_cast<double>(sample.rows) /
                               static_cast<double>(sample.bytes);
  if (rows_expected <= static_cast<double>(sample.rows)) return 0;
  const double projected =
      static_cast<double>(sample.strings) * 1.25 * rows_expected / static_cast<double>(sample.rows);
  const double most = std::min(rows_expected / static_cast<double>(rows_per_string),
                               static_cast<double>(kMostReserved));
  return static_cast<std::size_t>(std::min(projected, most));
}

}  // namespace abp
