#pragma once

#include <string>

#include "abp/store/appender.hpp"

namespace abp {

/// True when `add` should write `path` as a database: it is one (SQLite header, whatever its
/// name), or it is missing and named like one (.db, .sqlite, .sqlite3, any case).
bool is_database_target(const std::string& path);

/// Adds `fact` to the abp database at `path` with the article's add_new_book rules: the
/// author (by full name), publisher and (author, title) book are reused when they exist and
/// created when not; book_publisher and author_publisher gain the pairs they lack. Nothing is
/// written when the fact is already there (kAlreadyPresent). A new author's name is split at
/// its first space (SPEC §3). A missing `path` is first created as an empty database
/// (kCreated).
///
/// One transaction that takes the write lock first: Error(kTempFail) when another process
/// holds the database for longer than `lock_timeout_seconds`. Error(kDataErr) when the file is
/// not an abp database; other errors as SqliteDb's.
AppendOutcome add_to_database(const std::string& path, const NewFact& fact,
                              double lock_timeout_seconds);

}  // namespace abp
