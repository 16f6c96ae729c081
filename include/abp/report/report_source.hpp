#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/aggregate.hpp"
#include "abp/core/tree.hpp"
#include "abp/report/options.hpp"

namespace abp {

/// One line of a count section: a name (a publisher's, or an author's in books by author)
/// and its count.
struct CountLine {
  std::string name;
  std::uint64_t count;
};

/// One leaf of the tree (a distinct fact) by name, and where it sits.
struct TreeLeaf {
  std::string_view author;
  std::string_view title;
  std::string_view publisher;
  LeafPosition at;
};

/// The leaves of a tree, or of a piece of one, in tree order.
class LeafSource {
 public:
  virtual ~LeafSource() = default;

  /// Fills `leaf` with the next leaf in tree order and returns true; false after the last.
  /// One pass only; the views stay valid until the next call.
  virtual bool next_leaf(TreeLeaf& leaf) = 0;
};

/// What a report is written from: a catalogue in memory (catalogue_source.hpp) or a database
/// (store/sqlite_report.hpp). The writers see only this, so every source produces the same
/// bytes.
class ReportSource : public LeafSource {
 public:
  /// Returns the lines of "books by publisher" (`books`) or "authors by publisher", ordered
  /// by (count, name) in `order` (SPEC §3), at most `limit` of them (SIZE_MAX: all).
  virtual std::vector<CountLine> counts(bool books, SortOrder order, std::size_t limit) = 0;

  /// Returns the lines of "books by author" (SPEC §7): distinct books per author, ordered
  /// like counts(), at most `limit` of them.
  virtual std::vector<CountLine> author_book_counts(SortOrder order, std::size_t limit) = 0;

  /// Splits the tree into consecutive pieces of about `leaves` leaves that may be read on
  /// different threads at once. Empty where the source cannot split (then next_leaf() is
  /// read).
  virtual std::vector<std::unique_ptr<LeafSource>> split_tree(std::size_t leaves) {
    static_cast<void>(leaves);
    return {};
  }
};

/// A count section as the writers take it: its lines, what each line names ("publisher" or
/// "author") and what is counted ("books" or "authors"), which make its columns or keys.
struct CountSection {
  std::vector<CountLine> lines;
  const char* label;
  const char* subject = "publisher";
};

/// Asks `source` for the books (`books`) or the authors section, ordered by `order`, at most
/// `top` lines.
CountSection count_section(ReportSource& source, bool books, SortOrder order, std::size_t top);

/// Asks `source` for the books-by-author section (SPEC §7), likewise.
CountSection author_books_section(ReportSource& source, SortOrder order, std::size_t top);

/// The one count section `options.sections` names, for the writers of one table (csv, tsv,
/// ndjson): books, authors or author-books, in `options.order`, at most `options.top` lines.
CountSection one_count_section(ReportSource& source, const RenderOptions& options);

}  // namespace abp
