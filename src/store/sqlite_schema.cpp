#include "abp/store/sqlite_schema.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/io/file.hpp"

namespace abp {
namespace {

// The article's tables, column for column. NOT NULL because abp stores an unknown value as
// '' (SPEC §2), which must compare and sort like the CSV's empty value.
constexpr const char* kTables = R"sql(
CREATE TABLE author (
    author_id INTEGER PRIMARY KEY,
    first_name VARCHAR NOT NULL,
    last_name VARCHAR NOT NULL
);
CREATE TABLE book (
    book_id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES author,
    title VARCHAR NOT NULL
);
CREATE TABLE publisher (
    publisher_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL
);
CREATE TABLE author_publisher (
    author_id INTEGER NOT NULL REFERENCES author,
    publisher_id INTEGER NOT NULL REFERENCES publisher
);
CREATE TABLE book_publisher (
    book_id INTEGER NOT NULL REFERENCES book,
    publisher_id INTEGER NOT NULL REFERENCES publisher
);
)sql";

// One author per full name, one book per (author, title), one publisher per name, no
// duplicate pair. The pair indexes lead with publisher_id so the report's GROUP BY
// publisher_id reads one index in order; each foreign key has an index of its own for joins.
// The book and pair uniques deliberately do not lead with author_id / book_id: the plain
// foreign-key indexes then list an author's books and publishers in the order they were
// added (rowid), which is the order the article's join queries print.
constexpr const char* kIndexes = R"sql(
CREATE UNIQUE INDEX author_name ON author ({});
CREATE INDEX author_last_first ON author (last_name, first_name);
CREATE UNIQUE INDEX book_title_author ON book (title, author_id);
CREATE INDEX book_author ON book (author_id);
CREATE UNIQUE INDEX publisher_name ON publisher (name);
CREATE UNIQUE INDEX author_publisher_pair ON author_publisher (publisher_id, author_id);
CREATE INDEX author_publisher_author ON author_publisher (author_id);
CREATE UNIQUE INDEX book_publisher_pair ON book_publisher (publisher_id, book_id);
CREATE INDEX book_publisher_book ON book_publisher (book_id);
)sql";

constexpr char kSqliteMagic[] = "SQLite format 3";  // 15 bytes and its NUL: the 16-byte header

std::int64_t pragma_value(SqliteDb& db, const char* sql) {
  SqliteStatement statement(db, sql);
  return statement.step() ? statement.column_int(0) : 0;
}

}  // namespace

bool is_sqlite_file(const std::string& path) {
  // Only regular files: opening a named pipe to peek would count as its reader, and closing
  // it again could kill the writer with SIGPIPE before the real read begins.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.valid()) return false;
  char header[sizeof kSqliteMagic] = {};
  const ssize_t n = ::pread(file.get(), header, sizeof header, 0);
  return n == static_cast<ssize_t>(sizeof header) &&
         std::memcmp(header, kSqliteMagic, sizeof header) == 0;
}

void create_tables(SqliteDb& db) { db.exec(kTables); }

void finish_schema(SqliteDb& db) {
  db.exec(fmt::format(kIndexes, kAuthorNameSql).c_str());
  db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};", kAbpApplicationId,
                      kAbpSchemaVersion)
              .c_str());
  // Statistics let the planner walk the indexes above instead of sorting (and make the
  // article's queries print in its order). A bounded sample keeps this quick on big files.
  db.exec("PRAGMA analysis_limit = 1000; ANALYZE;");
}

void check_abp_database(SqliteDb& db) {
  const std::int64_t id = pragma_value(db, "PRAGMA application_id");
  if (id != kAbpApplicationId) {
    throw Error(ExitCode::kDataErr,
                "an SQLite database, but not one abp export made (its application_id is not "
                "abp's); make one with abp export --sqlite",
                db.name());
  }
  const std::int64_t version = pragma_value(db, "PRAGMA user_version");
  if (version != kAbpSchemaVersion) {
    throw Error(ExitCode::kDataErr,
                fmt::format("the database has abp schema version {}; this abp reads version {}",
                            version, kAbpSchemaVersion),
                db.name());
  }
}

}  // namespace abp
