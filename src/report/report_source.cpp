#include "abp/report/report_source.hpp"

namespace abp {

CountSection count_section(ReportSource& source, bool books, SortOrder order, std::size_t top) {
  return CountSection{source.counts(books, order, top), books ? "books" : "authors"};
}

CountSection one_count_section(ReportSource& source, const RenderOptions& options) {
  if (options.sections.author_books) {
    return author_books_section(source, options.order, options.top);
  }
  return count_section(source, options.sections.books, options.order, options.top);
}

CountSection author_books_section(ReportSource& source, SortOrder order, std::size_t top) {
  return CountSection{source.author_book_counts(order, top), "books", "author"};
}

}  // namespace abp
