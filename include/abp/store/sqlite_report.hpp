#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "abp/core/tree.hpp"
#include "abp/io/output.hpp"
#include "abp/report/options.hpp"
#include "abp/report/report_source.hpp"
#include "abp/store/sqlite.hpp"

namespace abp {

class DamageCheck;

/// A database that abp export made, as a report source (report/report_source.hpp): the count
/// sections come from SQL GROUP BY over the association tables, the tree from one ordered query
/// streamed row by row, so no section loads the whole catalogue. Every section reads the same
/// snapshot (one read transaction). Names compare byte-wise, as SQLite's BINARY collation
/// does, so the output is byte for byte the CSV report's. Every name read is checked to be
/// valid UTF-8 (Error(kDataErr), as for a CSV file: issue 12.9).
class SqliteReportSource : public ReportSource {
 public:
  /// Opens `path` read-only, waiting up to `lock_timeout_seconds` while a writer holds it
  /// (then Error(kTempFail)). Error(kDataErr) when it is not an abp database. Starts SQLite's
  /// `PRAGMA quick_check` of the same snapshot on a second connection and thread, whose
  /// answer verify() waits for.
  SqliteReportSource(const std::string& path, double lock_timeout_seconds);
  ~SqliteReportSource() override;

  std::vector<CountLine> counts(bool books, SortOrder order, std::size_t limit) override;
  std::vector<CountLine> author_book_counts(SortOrder order, std::size_t limit) override;
  bool next_leaf(TreeLeaf& leaf) override;

  /// Waits for the damage check: Error(kDataErr) with the `sqlite3 FILE .recover` hint when
  /// quick_check found the database damaged (issue 12.8). A damaged page can make a query
  /// skip rows without an error, so a report is not trusted before this returns.
  void verify();

 private:
  bool load_author();
  std::string_view checked(std::string_view value, const char* what) const;
  // Runs a count query whose one parameter is the LIMIT: (name, count) rows, each name
  // checked(name, what).
  std::vector<CountLine> count_lines(const std::string& sql, std::size_t limit, const char* what);

  SqliteDb db_;
  std::unique_ptr<DamageCheck> damage_check_;
  std::unique_ptr<SqliteTransaction> snapshot_;
  std::unique_ptr<SqliteStatement> leaves_;
  bool has_row_ = false;  // leaves_ holds a row not yet taken into the buffer
  // One author's leaves, buffered because the tree's branch shapes depend on what comes after
  // a leaf within its author. Strings are reused from author to author.
  std::string author_;
  std::vector<std::pair<std::string, std::string>> books_;  // (title, publisher) per leaf
  std::size_t size_ = 0;
  // The runs of the buffered author: all one author, its books sorted by title.
  struct AuthorRuns {
    const std::vector<std::pair<std::string, std::string>>* books = nullptr;
    bool same_author(std::size_t) const { return true; }
    bool same_book(std::size_t i) const { return (*books)[i].first == (*books)[i - 1].first; }
  };
  LeafCursor<AuthorRuns> cursor_;
};

/// Writes the report of the abp database at `path` (SPEC §3-4) to `out`, all of it read and
/// checked first: the report is made in memory within one read transaction, verify()'d, and
/// only written once the transaction and the database are closed. So a damaged database or an
/// invalid name leaves no partial output, and a slow reader of the output (`abp report db |
/// less`) holds up no writer (issue 12.7). Memory: the size of the report.
void report_database(const std::string& path, double lock_timeout_seconds,
                     const RenderOptions& options, Output& out);

}  // namespace abp
