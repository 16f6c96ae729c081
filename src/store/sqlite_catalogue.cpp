#include "abp/store/sqlite_catalogue.hpp"

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/store/sqlite.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

CatalogueBuilder read_database_catalogue(const std::string& path, double lock_timeout_seconds) {
  SqliteDb db(path, DbMode::kRead);
  db.set_busy_timeout(lock_timeout_seconds);
  SqliteTransaction snapshot(db, SqliteTransaction::Kind::kDeferred);
  check_abp_database(db);
  CatalogueBuilder builder;
  {
    // No ORDER BY: the catalogue puts its facts in tree order itself.
    SqliteStatement facts(db, fmt::format("SELECT {}, b.title, p.name FROM book_publisher AS bp "
                                          "JOIN book AS b ON b.book_id = bp.book_id "
                                          "JOIN author AS a ON a.author_id = b.author_id "
                                          "JOIN publisher AS p ON p.publisher_id = bp.publisher_id",
                                          kAuthorNameSql));
    while (facts.step()) {
      const std::string_view author = facts.column_text(0);
      const std::string_view title = facts.column_text(1);
      const std::string_view publisher = facts.column_text(2);
      // abp wrote UTF-8; another program may not have, and folding needs it (SPEC §2).
      if (!is_valid_utf8(author) || !is_valid_utf8(title) || !is_valid_utf8(publisher)) {
        throw Error(ExitCode::kDataErr, "a value in the database is not valid UTF-8", path);
      }
      builder.add(Fact{builder.authors().intern(author), builder.titles().intern(title),
                       builder.publishers().intern(publisher)});
    }
  }
  return builder;
}

}  // namespace abp
