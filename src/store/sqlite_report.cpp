#include "abp/store/sqlite_report.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

// The pair tables hold each (publisher, book) and (publisher, author) once (unique indexes),
// so counting rows per publisher counts distinct books and authors (SPEC §3).
std::string count_query(bool books, SortOrder order) {
  const char* direction = order == SortOrder::kAscending ? "ASC" : "DESC";
  return fmt::format(
      "SELECT p.name, c.n FROM (SELECT publisher_id, count(*) AS n FROM {} GROUP BY "
      "publisher_id) AS c JOIN publisher AS p USING (publisher_id) "
      "ORDER BY c.n {}, p.name {} LIMIT ?",
      books ? "book_publisher" : "author_publisher", direction, direction);
}

// Each book is one (author, title) row of `book`; an abp database keeps no book without a
// fact (export makes them from facts, edits delete the ones left without), so counting rows
// per author counts its distinct books. Full names are unique (author_name index).
std::string author_books_query(SortOrder order) {
  const char* direction = order == SortOrder::kAscending ? "ASC" : "DESC";
  return fmt::format(
      "SELECT {} AS name, c.n FROM (SELECT author_id, count(*) AS n FROM book GROUP BY "
      "author_id) AS c JOIN author AS a USING (author_id) ORDER BY c.n {}, name {} LIMIT ?",
      kAuthorNameSql, direction, direction);
}

}  // namespace

SqliteReportSource::SqliteReportSource(const std::string& path, double lock_timeout_seconds)
    : db_(path, DbMode::kRead) {
  db_.set_busy_timeout(lock_timeout_seconds);
  // The tree query visits every page in join order; through SQLite's small default page
  // cache that is a pread(2) and a copy per visit, most of the time of a big report. Reading
  // through a mapping of the file (shared, file-backed memory) halves it. Writers are safe:
  // SQLite keeps mapped readers consistent itself.
  db_.exec("PRAGMA mmap_size = 1073741824");
  snapshot_ = std::make_unique<SqliteTransaction>(db_, SqliteTransaction::Kind::kDeferred);
  check_abp_database(db_);
}

// Statements go before the transaction, and both before the connection.
SqliteReportSource::~SqliteReportSource() {
  leaves_.reset();
  snapshot_.reset();
}

std::vector<CountLine> SqliteReportSource::counts(bool books, SortOrder order, std::size_t limit) {
  return count_lines(count_query(books, order), limit);
}

std::vector<CountLine> SqliteReportSource::author_book_counts(SortOrder order, std::size_t limit) {
  return count_lines(author_books_query(order), limit);
}

std::vector<CountLine> SqliteReportSource::count_lines(const std::string& sql, std::size_t limit) {
  SqliteStatement query(db_, sql);
  // LIMIT -1 is SQLite's "no limit".
  const bool all = limit >= static_cast<std::size_t>(INT64_MAX);
  query.bind(1, all ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<CountLine> lines;
  while (query.step()) {
    lines.push_back(CountLine{std::string(query.column_text(0)),
                              static_cast<std::uint64_t>(query.column_int(1))});
  }
  return lines;
}

bool SqliteReportSource::load_author() {
  if (!leaves_) {
    leaves_ = std::make_unique<SqliteStatement>(
        db_, fmt::format("SELECT {} AS author, b.title, p.name FROM book_publisher AS bp "
                         "JOIN book AS b ON b.book_id = bp.book_id "
                         "JOIN author AS a ON a.author_id = b.author_id "
                         "JOIN publisher AS p ON p.publisher_id = bp.publisher_id "
                         "ORDER BY author, b.title, p.name",
                         kAuthorNameSql));
    has_row_ = leaves_->step();
  }
  if (!has_row_) return false;
  author_.assign(leaves_->column_text(0));
  size_ = 0;
  do {
    if (size_ == books_.size()) books_.emplace_back();
    books_[size_].first.assign(leaves_->column_text(1));
    books_[size_].second.assign(leaves_->column_text(2));
    ++size_;
    has_row_ = leaves_->step();
  } while (has_row_ && leaves_->column_text(0) == author_);
  return true;
}

bool SqliteReportSource::next_leaf(TreeLeaf& leaf) {
  std::size_t i = 0;
  while (!cursor_.next(i, leaf.at)) {
    if (!load_author()) return false;
    cursor_ = LeafCursor<AuthorRuns>(AuthorRuns{&books_}, size_, has_row_);
  }
  leaf.author = author_;
  leaf.title = books_[i].first;
  leaf.publisher = books_[i].second;
  return true;
}

}  // namespace abp
