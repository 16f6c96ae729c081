#include "abp/report/report_source.hpp"

namespace abp {

CountSection count_section(ReportSource& source, bool books, SortOrder order, std::size_t top) {
  return CountSection{source.counts(books, order, top), books ? "books" : "authors"};
}

}  // namespace abp
