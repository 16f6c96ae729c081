#include "abp/store/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <new>

#include <fmt/format.h>

#include "abp/core/error.hpp"

namespace abp {

SqliteDb::SqliteDb(const std::string& path, DbMode mode, const std::string& name)
    : name_(name.empty() ? path : name), mode_(mode) {
  // Never create a file by accident: export makes its own temp file first, add checks first.
  const int flags = mode == DbMode::kRead ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  // A relative name that starts with "file:" would be read as a URI by builds that allow them.
  const std::string file = path.rfind("file:", 0) == 0 ? "./" + path : path;
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    if (db_ == nullptr) throw std::bad_alloc();
    // A throwing constructor runs no destructor: close the half-open handle here.
    try {
      fail(rc);
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }
  sqlite3_extended_result_codes(db_, 1);
}

SqliteDb::~SqliteDb() {
  // Statements are closed first (they are members or locals of the users), so this succeeds.
  sqlite3_close(db_);
}

void SqliteDb::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc);
}

void SqliteDb::set_busy_timeout(double seconds) {
  busy_seconds_ = seconds;
  const double ms = std::min(seconds * 1000.0, 2.0e9);
  sqlite3_busy_timeout(db_, static_cast<int>(std::ceil(ms)));
}

std::int64_t SqliteDb::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

void SqliteDb::fail(int rc) const {
  const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  const bool reading = mode_ == DbMode::kRead;
  switch (rc & 0xFF) {
    case SQLITE_NOMEM:
      throw std::bad_alloc();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(ExitCode::kTempFail,
                  fmt::format("the database is locked by another process; gave up after {:g} s; "
                              "try again, or wait longer with --lock-timeout",
                              busy_seconds_),
                  name_);
    case SQLITE_FULL:
    case SQLITE_IOERR:
      throw Error(ExitCode::kIoErr,
                  fmt::format("cannot {} the database: {}", reading ? "read" : "write", detail),
                  name_);
    case SQLITE_NOTADB:
      throw Error(ExitCode::kDataErr, fmt::format("cannot read the database: {}", detail), name_);
    case SQLITE_CORRUPT:
      throw Error(ExitCode::kDataErr,
                  fmt::format("cannot read the database: {}; {}", detail, recover_hint(name_)),
                  name_);
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      throw Error(reading ? ExitCode::kNoInput : ExitCode::kCantCreate,
                  fmt::format("cannot {} the database: {}", reading ? "open" : "write", detail),
                  name_);
    case SQLITE_TOOBIG:
      throw Error(ExitCode::kDataErr,
                  fmt::format("a value is too long for the database: {}", detail), name_);
    case SQLITE_ERROR:
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      // A database changed by hand so it no longer has abp's tables or rules.
      throw Error(ExitCode::kDataErr,
                  fmt::format("the database does not fit abp's schema: {}", detail), name_);
    default:
      throw Error(ExitCode::kInternal, fmt::format("SQLite error: {}", detail), name_);
  }
}

std::string recover_hint(const std::string& name) {
  return fmt::format("save what it holds with: sqlite3 {} .recover | sqlite3 recovered.db", name);
}

SqliteStatement::SqliteStatement(const SqliteDb& db, std::string_view sql) : db_(db) {
  const int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc);
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail(rc);
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  // An empty view may have no data pointer, which SQLite would store as NULL, not ''.
  const char* bytes = text.data() != nullptr ? text.data() : "";
  const int rc = sqlite3_bind_text64(stmt_, index, bytes, text.size(), nullptr /* SQLITE_STATIC */,
                                     SQLITE_UTF8);
  if (rc != SQLITE_OK) db_.fail(rc);
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  db_.fail(rc);
}

void SqliteStatement::reset() { sqlite3_reset(stmt_); }

void SqliteStatement::run() {
  while (step()) {
  }
  reset();
}

std::int64_t SqliteStatement::column_int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string_view SqliteStatement::column_text(int column) const {
  const auto* bytes = sqlite3_column_text(stmt_, column);
  if (bytes == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_, column);
  return {reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size)};
}

SqliteTransaction::SqliteTransaction(SqliteDb& db, Kind kind) : db_(db) {
  db_.exec(kind == Kind::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace abp
