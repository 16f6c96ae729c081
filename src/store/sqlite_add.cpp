#include "abp/store/sqlite_add.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "abp/core/text.hpp"
#include "abp/io/file.hpp"
#include "abp/store/sqlite.hpp"
#include "abp/store/sqlite_export.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

bool has_database_suffix(const std::string& path) {
  std::string lower;
  for (const char c : path) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string_view suffix : {".db", ".sqlite", ".sqlite3"}) {
    if (lower.size() > suffix.size() &&
        lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

// Returns the first column of the first row of `query` (bound already), if it has one.
std::optional<std::int64_t> find_id(SqliteStatement& query) {
  std::optional<std::int64_t> id;
  if (query.step()) id = query.column_int(0);
  query.reset();
  return id;
}

std::int64_t insert(SqliteDb& db, SqliteStatement& statement) {
  statement.run();
  return db.last_insert_id();
}

// The add_new_book rules inside the caller's write transaction: reuses or creates the author,
// publisher and book, then the pairs; kAlreadyPresent (writing nothing) when the fact is there.
AppendOutcome add_in_transaction(SqliteDb& db, const NewFact& fact) {
  check_abp_database(db);
  SqliteStatement find_author(
      db, fmt::format("SELECT author_id FROM author WHERE {} = ?", kAuthorNameSql));
  SqliteStatement find_publisher(db, "SELECT publisher_id FROM publisher WHERE name = ?");
  SqliteStatement find_book(db, "SELECT book_id FROM book WHERE title = ? AND author_id = ?");
  find_author.bind(1, fact.author);
  find_publisher.bind(1, fact.publisher);
  std::optional<std::int64_t> author = find_id(find_author);
  std::optional<std::int64_t> publisher = find_id(find_publisher);
  std::optional<std::int64_t> book;
  if (author) book = find_id(find_book.bind(1, fact.title).bind(2, *author));
  if (book && publisher) {
    SqliteStatement find_pair(
        db, "SELECT 1 FROM book_publisher WHERE publisher_id = ? AND book_id = ?");
    if (find_id(find_pair.bind(1, *publisher).bind(2, *book))) {
      return AppendOutcome::kAlreadyPresent;
    }
  }

  if (!author) {
    // SPEC §3: the name splits at its first space (John Le Carre -> John, Le Carre).
    const auto [first, last] = split_author_name(fact.author);
    SqliteStatement insert_author(db, "INSERT INTO author (first_name, last_name) VALUES (?, ?)");
    author = insert(db, insert_author.bind(1, first).bind(2, last));
  }
  if (!publisher) {
    SqliteStatement insert_publisher(db, "INSERT INTO publisher (name) VALUES (?)");
    publisher = insert(db, insert_publisher.bind(1, fact.publisher));
  }
  if (!book) {
    SqliteStatement insert_book(db, "INSERT INTO book (author_id, title) VALUES (?, ?)");
    book = insert(db, insert_book.bind(1, *author).bind(2, fact.title));
  }
  SqliteStatement insert_pair(db, "INSERT INTO book_publisher VALUES (?, ?)");
  insert_pair.bind(1, *book).bind(2, *publisher).run();
  // The author may already have this publisher through another book: keep one pair.
  SqliteStatement insert_author_pair(db, "INSERT OR IGNORE INTO author_publisher VALUES (?, ?)");
  insert_author_pair.bind(1, *author).bind(2, *publisher).run();
  return AppendOutcome::kAppended;
}

}  // namespace

bool is_database_target(const std::string& path) {
  return is_sqlite_file(path) || (!exists(path) && has_database_suffix(path));
}

AppendOutcome add_to_database(const std::string& path, const NewFact& fact,
                              double lock_timeout_seconds) {
  const bool created = !exists(path) && create_empty_database(path);
  for (;;) {
    // Which file the name held before SQLite opened it: if it names another once the write
    // lock is had (export --force, a copy moved over it), the add would go to a file no one
    // sees any more. Start again on the new one (issue 12.1).
    const std::optional<FileId> opened = file_id(path);
    SqliteDb db(path, DbMode::kWrite);
    db.set_busy_timeout(lock_timeout_seconds);
    SqliteTransaction transaction(db, SqliteTransaction::Kind::kImmediate);
    if (!opened || file_id(path) != opened) continue;
    const AppendOutcome outcome = add_in_transaction(db, fact);
    if (outcome == AppendOutcome::kAlreadyPresent) return outcome;  // rolls back: nothing written
    transaction.commit();
    return created ? AppendOutcome::kCreated : outcome;
  }
}

}  // namespace abp
