#pragma once

#include <cstdint>
#include <string>

#include "abp/store/sqlite.hpp"

namespace abp {

/// Written into the database header (PRAGMA application_id, bytes 68-71) by abp export: the
/// ASCII bytes "abp1". It is how abp knows a database is one of its own, whatever its name.
inline constexpr std::int32_t kAbpApplicationId = 0x61627031;

/// PRAGMA user_version of the schema below; a later abp that changes it bumps this.
inline constexpr int kAbpSchemaVersion = 1;

/// An author's full name in SQL (SPEC §1: first + " " + last, an empty part dropped; the parts
/// are stored normalised, so trimming drops exactly the space an empty part leaves). Queries
/// spell it exactly like this so SQLite uses the index on it.
inline constexpr const char* kAuthorNameSql = "trim(first_name || ' ' || last_name)";

/// True when `path` is a regular file that begins with the SQLite header ("SQLite format
/// 3\0"). False for anything else: a pipe, a missing or unreadable file (the caller reports
/// those).
bool is_sqlite_file(const std::string& path);

/// Creates the article's five tables in an empty database, without indexes.
void create_tables(SqliteDb& db);

/// Creates the unique constraints and indexes, stamps the header with kAbpApplicationId and
/// kAbpSchemaVersion and gathers planner statistics. Run after a bulk load: building an index
/// over rows already there is much faster than growing it row by row.
void finish_schema(SqliteDb& db);

/// Throws Error(kDataErr) naming the database unless the database is one abp export made.
void check_abp_database(SqliteDb& db);

}  // namespace abp
