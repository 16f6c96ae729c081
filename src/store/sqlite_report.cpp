#include "abp/store/sqlite_report.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/report/render.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

// SQLite's `PRAGMA quick_check` of the database, on a connection and thread of its own while
// the report reads. It finds the damage that makes a query skip rows silently (a tree missing
// an author that the count sections still count: issue 12.8). It reads every page once: on a
// 1M-row, 125 MB database about 1.3 s of CPU beside a report of about 11 s, which a second
// core absorbs. Both connections hold SQLite's shared lock from before the check starts to
// after the report ends, so no writer can commit in between: they see the same database.
class DamageCheck {
 public:
  DamageCheck(const std::string& path, double lock_timeout_seconds)
      : thread_([this, path, lock_timeout_seconds] { run(path, lock_timeout_seconds); }) {}

  ~DamageCheck() {
    {
      // A report that failed no longer needs the answer: stop the check early.
      const std::lock_guard<std::mutex> lock(mutex_);
      if (handle_ != nullptr) sqlite3_interrupt(handle_);
    }
    if (thread_.joinable()) thread_.join();
  }
  DamageCheck(const DamageCheck&) = delete;
  DamageCheck& operator=(const DamageCheck&) = delete;

  /// Waits for the check; returns "ok" or SQLite's first finding. Rethrows its error.
  std::string result() {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
    return finding_;
  }

 private:
  void run(const std::string& path, double lock_timeout_seconds) {
    try {
      SqliteDb db(path, DbMode::kRead);
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        handle_ = db.handle();
      }
      try {
        db.set_busy_timeout(lock_timeout_seconds);
        SqliteStatement check(db, "PRAGMA quick_check");
        finding_ = check.step() ? std::string(check.column_text(0)) : std::string("ok");
      } catch (...) {
        error_ = std::current_exception();
      }
      const std::lock_guard<std::mutex> lock(mutex_);
      handle_ = nullptr;
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  std::mutex mutex_;
  sqlite3* handle_ = nullptr;  // while the check runs, for sqlite3_interrupt
  std::string finding_;
  std::exception_ptr error_;
  std::thread thread_;  // last: it starts with everything above in place
};

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
  check_abp_database(db_);  // its first read takes the shared lock the check relies on
  damage_check_ = std::make_unique<DamageCheck>(path, lock_timeout_seconds);
}

// Statements go before the transaction, and both before the connection.
SqliteReportSource::~SqliteReportSource() {
  damage_check_.reset();
  leaves_.reset();
  snapshot_.reset();
}

void SqliteReportSource::verify() {
  const std::string finding = damage_check_->result();
  if (finding == "ok") return;
  // SQLite's first line names the schema ("*** in database main ***"); the next says what.
  std::string_view first = finding;
  if (first.rfind("*** ", 0) == 0 && first.find('\n') != std::string_view::npos) {
    first.remove_prefix(first.find('\n') + 1);
  }
  throw Error(ExitCode::kDataErr,
              fmt::format("the database is damaged (SQLite's quick_check: {}); {}",
                          first.substr(0, first.find('\n')), recover_hint(db_.name())),
              db_.name());
}

std::string_view SqliteReportSource::checked(std::string_view value, const char* what) const {
  if (!is_valid_utf8(value)) {
    // SPEC §2 refuses such a value in a CSV file (65); a database edited by hand alike.
    throw Error(ExitCode::kDataErr,
                fmt::format("{} in the database is not valid UTF-8 (changed outside abp?); "
                            "correct it with sqlite3",
                            what),
                db_.name());
  }
  return value;
}

std::vector<CountLine> SqliteReportSource::counts(bool books, SortOrder order, std::size_t limit) {
  return count_lines(count_query(books, order), limit, "a publisher name");
}

std::vector<CountLine> SqliteReportSource::author_book_counts(SortOrder order, std::size_t limit) {
  return count_lines(author_books_query(order), limit, "an author name");
}

std::vector<CountLine> SqliteReportSource::count_lines(const std::string& sql, std::size_t limit,
                                                       const char* what) {
  SqliteStatement query(db_, sql);
  // LIMIT -1 is SQLite's "no limit".
  const bool all = limit >= static_cast<std::size_t>(INT64_MAX);
  query.bind(1, all ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<CountLine> lines;
  while (query.step()) {
    lines.push_back(CountLine{std::string(checked(query.column_text(0), what)),
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
  author_.assign(checked(leaves_->column_text(0), "an author name"));
  size_ = 0;
  do {
    if (size_ == books_.size()) books_.emplace_back();
    books_[size_].first.assign(checked(leaves_->column_text(1), "a title"));
    books_[size_].second.assign(checked(leaves_->column_text(2), "a publisher name"));
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

void report_database(const std::string& path, double lock_timeout_seconds,
                     const RenderOptions& options, Output& out) {
  std::string report;
  {
    SqliteReportSource source(path, lock_timeout_seconds);
    Output buffer(&report);
    render_report(source, options, buffer);
    buffer.flush();
    source.verify();
  }  // the read transaction and the connections end here, before a byte is written
  out.write_block(report);
}

}  // namespace abp
