#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace abp {

/// What a database is opened for; it decides the exit code of a failed open (SPEC §5: 66 for
/// an input that cannot be read, 73 for an output that cannot be written).
enum class DbMode { kRead, kWrite };

/// One open SQLite database (RAII over sqlite3*), the thin layer between abp and the C API.
///
/// Every failing call throws Error: SQLITE_BUSY -> kTempFail (after the busy timeout),
/// SQLITE_FULL / SQLITE_IOERR -> kIoErr, SQLITE_NOTADB / SQLITE_CORRUPT -> kDataErr, an open
/// that fails -> kNoInput (kRead) or kCantCreate (kWrite), SQLITE_NOMEM -> std::bad_alloc.
/// The message names the database (`name`, else `path`) and carries SQLite's explanation.
class SqliteDb {
 public:
  /// Opens an existing database read-only (kRead) or read-write (kWrite); never creates one.
  /// `name` is what messages call it when that is not `path` (a temporary file).
  SqliteDb(const std::string& path, DbMode mode, const std::string& name = {});
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  /// Runs SQL that returns no rows (one or more statements).
  void exec(const char* sql);

  /// Waits up to `seconds` when another connection holds a lock, then fails with kTempFail.
  void set_busy_timeout(double seconds);

  std::int64_t last_insert_id() const;
  /// What messages call the database.
  const std::string& name() const { return name_; }
  sqlite3* handle() const { return db_; }

  /// Throws the Error for SQLite result code `rc`.
  [[noreturn]] void fail(int rc) const;

 private:
  sqlite3* db_ = nullptr;
  std::string name_;
  DbMode mode_;
  double busy_seconds_ = 0;
};

/// Returns what to tell a user whose database `name` is damaged: how to save what it holds.
std::string recover_hint(const std::string& name);

/// A prepared statement of a SqliteDb (RAII over sqlite3_stmt), reused with reset().
///
/// bind() does not copy text: the bytes must stay alive and unchanged until the statement is
/// reset and bound again (SQLITE_STATIC), which is what makes bulk inserts cheap.
class SqliteStatement {
 public:
  SqliteStatement(const SqliteDb& db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  /// Binds parameter `index` (1-based).
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, std::string_view text);

  /// Runs to the next row: true when one is ready, false when the statement is done.
  bool step();

  /// Makes the statement ready to run again; the bindings stay.
  void reset();

  /// Runs a statement that returns no row, then resets it.
  void run();

  std::int64_t column_int(int column) const;
  /// The bytes of a text column (NUL bytes included), valid until the next step or reset.
  std::string_view column_text(int column) const;

 private:
  const SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// A transaction that rolls back unless commit() is reached (RAII over BEGIN / COMMIT).
class SqliteTransaction {
 public:
  enum class Kind { kDeferred, kImmediate };

  /// BEGIN; kImmediate takes the write lock at once, so a busy database fails here, before
  /// anything is read (Error(kTempFail) after the busy timeout).
  SqliteTransaction(SqliteDb& db, Kind kind);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  void commit();

 private:
  SqliteDb& db_;
  bool open_ = true;
};

}  // namespace abp
