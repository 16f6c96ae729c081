#include "abp/store/sqlite_edit.hpp"

#include <sqlite3.h>

#include <initializer_list>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/edit_miss.hpp"
#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/io/csv_writer.hpp"
#include "abp/store/sqlite.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

using Kind = CatalogueEdit::Kind;

// A fact as the edit sees it: the author's stored name parts, the title, the publisher.
struct FactRow {
  std::string first_name;
  std::string last_name;
  std::string title;
  std::string publisher;
};

// A text or an id bound to a statement parameter.
struct Param {
  // Implicit, so a call lists its values as they are: run(db, sql, {name, id}).
  Param(std::string_view value) : text(value), is_text(true) {}
  Param(const std::string& value) : text(value), is_text(true) {}
  Param(std::int64_t value) : id(value) {}
  std::string_view text;
  std::int64_t id = 0;
  bool is_text = false;
};

void bind_all(SqliteStatement& statement, std::initializer_list<Param> params) {
  int index = 1;
  for (const Param& p : params) {
    if (p.is_text) {
      statement.bind(index++, p.text);
    } else {
      statement.bind(index++, p.id);
    }
  }
}

void run(SqliteDb& db, std::string_view sql, std::initializer_list<Param> params) {
  SqliteStatement statement(db, sql);
  bind_all(statement, params);
  statement.run();
}

std::optional<std::int64_t> find_id(SqliteDb& db, std::string_view sql,
                                    std::initializer_list<Param> params) {
  SqliteStatement statement(db, sql);
  bind_all(statement, params);
  if (!statement.step()) return std::nullopt;
  return statement.column_int(0);
}

// The tables a fact is read from: bp, b, a and p.
constexpr std::string_view kFactJoins =
    "book_publisher AS bp JOIN book AS b ON b.book_id = bp.book_id "
    "JOIN author AS a ON a.author_id = b.author_id "
    "JOIN publisher AS p ON p.publisher_id = bp.publisher_id";

constexpr std::string_view kPublisherIdQuery = "SELECT publisher_id FROM publisher WHERE name = ?";

const std::string& author_id_query() {
  static const std::string sql =
      fmt::format("SELECT author_id FROM author WHERE {} = ?", kAuthorNameSql);
  return sql;
}

// The facts the edit touches, in tree order.
std::vector<FactRow> matching_facts(SqliteDb& db, const CatalogueEdit& edit) {
  std::string where;
  std::vector<std::string_view> values;  // ?1, ?2, ... of `where`
  switch (edit.kind) {
    case Kind::kRenamePublisher:
      where = "p.name = ?1";
      values = {edit.from};
      break;
    case Kind::kRenameAuthor:
      where = fmt::format("{} = ?1", kAuthorNameSql);
      values = {edit.from};
      break;
    case Kind::kRenameTitle:
      where = fmt::format("{} = ?1 AND b.title = ?2", kAuthorNameSql);
      values = {edit.author, edit.from};
      break;
    case Kind::kRemove:
      where = fmt::format("{} = ?1 AND b.title = ?2", kAuthorNameSql);
      values = {edit.author, edit.title};
      if (edit.has_publisher) {
        where += " AND p.name = ?3";
        values.push_back(edit.publisher);
      }
      break;
  }
  SqliteStatement query(
      db, fmt::format("SELECT a.first_name, a.last_name, b.title, p.name FROM {} WHERE {} "
                      "ORDER BY {}, b.title, p.name",
                      kFactJoins, where, kAuthorNameSql));
  for (std::size_t i = 0; i < values.size(); ++i) query.bind(static_cast<int>(i + 1), values[i]);
  std::vector<FactRow> facts;
  while (query.step()) {
    facts.push_back(FactRow{std::string(query.column_text(0)), std::string(query.column_text(1)),
                            std::string(query.column_text(2)), std::string(query.column_text(3))});
  }
  return facts;
}

// The name parts an author renamed to `name` ends up with: an existing author's own, else
// the name split at its first space, as add splits it (SPEC §3).
std::pair<std::string, std::string> new_author_parts(SqliteDb& db, const std::string& name) {
  SqliteStatement query(
      db, fmt::format("SELECT first_name, last_name FROM author WHERE {} = ?", kAuthorNameSql));
  query.bind(1, name);
  if (query.step()) return {std::string(query.column_text(0)), std::string(query.column_text(1))};
  const auto [first, last] = split_author_name(name);
  return {std::string(first), std::string(last)};
}

std::string as_row(const FactRow& fact) {
  std::string row = encode_record({fact.first_name, fact.last_name, fact.title, fact.publisher},
                                  ',', LineEnd::kLf);
  row.pop_back();
  return row;
}

void rename_publisher(SqliteDb& db, const CatalogueEdit& edit) {
  const std::int64_t from = *find_id(db, kPublisherIdQuery, {edit.from});
  const std::optional<std::int64_t> to = find_id(db, kPublisherIdQuery, {edit.to});
  if (!to) {
    run(db, "UPDATE publisher SET name = ? WHERE publisher_id = ?", {edit.to, from});
    return;
  }
  // Merge: each pair moves to the publisher kept, once.
  for (const char* table : {"book_publisher", "author_publisher"}) {
    const char* other = table[0] == 'b' ? "book_id" : "author_id";
    run(db,
        fmt::format("INSERT OR IGNORE INTO {0} ({1}, publisher_id) SELECT {1}, ? FROM {0} "
                    "WHERE publisher_id = ?",
                    table, other),
        {*to, from});
    run(db, fmt::format("DELETE FROM {} WHERE publisher_id = ?", table), {from});
  }
  run(db, "DELETE FROM publisher WHERE publisher_id = ?", {from});
}

// Moves the publishers of book `from` to book `to` (none twice) and deletes `from`.
void merge_book(SqliteDb& db, std::int64_t from, std::int64_t to) {
  run(db,
      "INSERT OR IGNORE INTO book_publisher (book_id, publisher_id) SELECT ?, publisher_id "
      "FROM book_publisher WHERE book_id = ?",
      {to, from});
  run(db, "DELETE FROM book_publisher WHERE book_id = ?", {from});
  run(db, "DELETE FROM book WHERE book_id = ?", {from});
}

void rename_author(SqliteDb& db, const CatalogueEdit& edit) {
  const std::int64_t from = *find_id(db, author_id_query(), {edit.from});
  const std::optional<std::int64_t> to = find_id(db, author_id_query(), {edit.to});
  if (!to) {
    const auto [first, last] = split_author_name(edit.to);
    run(db, "UPDATE author SET first_name = ?, last_name = ? WHERE author_id = ?",
        {first, last, from});
    return;
  }
  // Merge: a title both authors have becomes one book; the other books move over.
  SqliteStatement shared(db,
                         "SELECT o.book_id, n.book_id FROM book AS o JOIN book AS n ON "
                         "n.title = o.title AND n.author_id = ? WHERE o.author_id = ?");
  shared.bind(1, *to).bind(2, from);
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  while (shared.step()) pairs.emplace_back(shared.column_int(0), shared.column_int(1));
  for (const auto& [old_book, new_book] : pairs) merge_book(db, old_book, new_book);
  run(db, "UPDATE book SET author_id = ? WHERE author_id = ?", {*to, from});
  run(db,
      "INSERT OR IGNORE INTO author_publisher (author_id, publisher_id) SELECT ?, publisher_id "
      "FROM author_publisher WHERE author_id = ?",
      {*to, from});
  run(db, "DELETE FROM author_publisher WHERE author_id = ?", {from});
  run(db, "DELETE FROM author WHERE author_id = ?", {from});
}

void rename_title(SqliteDb& db, const CatalogueEdit& edit) {
  const std::int64_t author = *find_id(db, author_id_query(), {edit.author});
  const char* book_query = "SELECT book_id FROM book WHERE title = ? AND author_id = ?";
  const std::int64_t from = *find_id(db, book_query, {edit.from, author});
  const std::optional<std::int64_t> to = find_id(db, book_query, {edit.to, author});
  if (to) {
    merge_book(db, from, *to);  // same author, same publishers: author_publisher stays right
  } else {
    run(db, "UPDATE book SET title = ? WHERE book_id = ?", {edit.to, from});
  }
}

void remove_facts(SqliteDb& db, const CatalogueEdit& edit) {
  const std::int64_t author = *find_id(db, author_id_query(), {edit.author});
  const std::int64_t book = *find_id(
      db, "SELECT book_id FROM book WHERE title = ? AND author_id = ?", {edit.title, author});
  // The publishers whose facts go: they may be left with none.
  std::vector<std::int64_t> publishers;
  {
    SqliteStatement query(db, "SELECT publisher_id FROM book_publisher WHERE book_id = ?");
    query.bind(1, book);
    while (query.step()) publishers.push_back(query.column_int(0));
  }
  if (edit.has_publisher) {
    const std::int64_t publisher = *find_id(db, kPublisherIdQuery, {edit.publisher});
    publishers.assign(1, publisher);
    run(db, "DELETE FROM book_publisher WHERE book_id = ? AND publisher_id = ?", {book, publisher});
  } else {
    run(db, "DELETE FROM book_publisher WHERE book_id = ?", {book});
  }
  run(db,
      "DELETE FROM book WHERE book_id = ?1 AND NOT EXISTS (SELECT 1 FROM book_publisher WHERE "
      "book_id = ?1)",
      {book});
  for (const std::int64_t publisher : publishers) {
    // The author keeps the pair only through another of their books.
    run(db,
        "DELETE FROM author_publisher WHERE author_id = ?1 AND publisher_id = ?2 AND NOT EXISTS "
        "(SELECT 1 FROM book_publisher AS bp JOIN book AS b ON b.book_id = bp.book_id WHERE "
        "b.author_id = ?1 AND bp.publisher_id = ?2)",
        {author, publisher});
    run(db,
        "DELETE FROM publisher WHERE publisher_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
        "book_publisher WHERE publisher_id = ?1)",
        {publisher});
  }
  run(db,
      "DELETE FROM author WHERE author_id = ?1 AND NOT EXISTS (SELECT 1 FROM book WHERE "
      "author_id = ?1)",
      {author});
}

std::string describe_database_miss(SqliteDb& db, const CatalogueEdit& edit) {
  MissFinder finder(edit);
  SqliteStatement facts(
      db, fmt::format("SELECT {}, b.title, p.name FROM {}", kAuthorNameSql, kFactJoins));
  while (facts.step()) finder.add(facts.column_text(0), facts.column_text(1), facts.column_text(2));
  return finder.note();
}

}  // namespace

DatabaseEditResult edit_database(const std::string& path, const CatalogueEdit& edit, bool dry_run,
                                 double lock_timeout_seconds, const RowChangeVisitor& on_change) {
  SqliteDb db(path, dry_run ? DbMode::kRead : DbMode::kWrite);
  db.set_busy_timeout(lock_timeout_seconds);
  // A database abp may not write can still answer an edit that changes nothing (as a
  // read-only CSV can); the write lock is taken only where writing is possible.
  const bool read_only = dry_run || sqlite3_db_readonly(db.handle(), "main") == 1;
  SqliteTransaction transaction(
      db, read_only ? SqliteTransaction::Kind::kDeferred : SqliteTransaction::Kind::kImmediate);
  check_abp_database(db);

  DatabaseEditResult result;
  const std::vector<FactRow> facts = matching_facts(db, edit);
  result.facts_changed = facts.size();
  if (facts.empty()) {
    result.miss_note = describe_database_miss(db, edit);
    return result;
  }
  if (read_only && !dry_run) {
    throw Error(ExitCode::kCantCreate,
                "cannot write the database: it is read-only; the database was left as it was",
                path);
  }

  std::optional<std::pair<std::string, std::string>> author_parts;
  if (edit.kind == Kind::kRenameAuthor) author_parts = new_author_parts(db, edit.to);
  for (const FactRow& fact : facts) {
    const std::string before = as_row(fact);
    if (edit.kind == Kind::kRemove) {
      on_change(RowChange{before, {}, true});
      continue;
    }
    FactRow renamed = fact;
    if (edit.kind == Kind::kRenamePublisher) renamed.publisher = edit.to;
    if (edit.kind == Kind::kRenameTitle) renamed.title = edit.to;
    if (author_parts) std::tie(renamed.first_name, renamed.last_name) = *author_parts;
    on_change(RowChange{before, as_row(renamed), false});
  }
  if (dry_run) return result;

  switch (edit.kind) {
    case Kind::kRenamePublisher:
      rename_publisher(db, edit);
      break;
    case Kind::kRenameAuthor:
      rename_author(db, edit);
      break;
    case Kind::kRenameTitle:
      rename_title(db, edit);
      break;
    case Kind::kRemove:
      remove_facts(db, edit);
      break;
  }
  transaction.commit();
  return result;
}

}  // namespace abp
