// Unit tests of the SQLite modules: sqlite_schema, sqlite_export, sqlite_report, sqlite_add.
// They write real database files, so each test works in its own temporary folder.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/error.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/report/catalogue_source.hpp"
#include "abp/report/render.hpp"
#include "abp/store/sqlite.hpp"
#include "abp/store/sqlite_add.hpp"
#include "abp/store/sqlite_catalogue.hpp"
#include "abp/store/sqlite_export.hpp"
#include "abp/store/sqlite_report.hpp"
#include "abp/store/sqlite_schema.hpp"
#include "support.hpp"

using abp_test::TempDir;

namespace {

// Loads `csv` as export does: keeping the file's own first/last split.
abp::Loaded load(const std::string& csv) {
  abp::LoadOptions options;
  options.keep_first_name_lengths = true;
  return abp::load_catalogue(abp::make_memory_source(csv), "test.csv", options);
}

std::string render_catalogue(const std::string& csv, const abp::RenderOptions& options) {
  std::string text;
  abp::Output out(&text);
  abp::render_report(load(csv).catalogue.finish(), options, out);
  out.flush();
  return text;
}

std::string render_database(const std::string& path, const abp::RenderOptions& options) {
  std::string text;
  abp::Output out(&text);
  abp::SqliteReportSource source(path, 1);
  abp::render_report(source, options, out);
  out.flush();
  return text;
}

// The first column of every row of `sql`.
std::vector<std::string> column(const std::string& path, const char* sql) {
  abp::SqliteDb db(path, abp::DbMode::kRead);
  abp::SqliteStatement query(db, sql);
  std::vector<std::string> out;
  while (query.step()) out.emplace_back(query.column_text(0));
  return out;
}

constexpr const char* kReference =
    "first_name,last_name,title,publisher\n"
    "Isaac,Asimov,Foundation,Random House\n"
    "Pearl,Buck,The Good Earth,Random House\n"
    "Pearl,Buck,The Good Earth,Simon & Schuster\n"
    "Tom,Clancy,The Hunt For Red October,Berkley\n"
    "Tom,Clancy,Patriot Games,Simon & Schuster\n"
    "Stephen,King,It,Random House\n"
    "Stephen,King,It,Penguin Random House\n"
    "Stephen,King,It,Penguin Random House\n"
    "Mary Ann,Evans,Middlemarch,Blackwood\n"
    "John,Le Carre,\"Tinker, Tailor\",Berkley\n"
    ",,Anonymous,\n";

}  // namespace

TEST_CASE("sqlite_schema: a database is known by its header, not its name", "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("catalogue.csv");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  CHECK(abp::is_sqlite_file(db));
  CHECK_FALSE(abp::is_sqlite_file(dir.file("missing.db")));
  CHECK_FALSE(abp::is_sqlite_file(ABP_SOURCE_DIR "/data/author_book_publisher.csv"));
}

TEST_CASE("sqlite_export: every report of the database is the catalogue's, byte for byte",
          "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  for (const abp::Format format : {abp::Format::kText, abp::Format::kJson}) {
    for (const abp::SortOrder order : {abp::SortOrder::kDescending, abp::SortOrder::kAscending}) {
      abp::RenderOptions options;
      options.format = format;
      options.order = order;
      options.style = abp::TreeStyle::kAscii;
      CHECK(render_database(db, options) == render_catalogue(kReference, options));
      options.top = 2;
      CHECK(render_database(db, options) == render_catalogue(kReference, options));
    }
  }
}

TEST_CASE("sqlite_export: rows are distinct and numbered in order of first appearance",
          "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  // The file's own first/last columns are kept ("Mary Ann" stays whole); empty is ''.
  CHECK(column(db,
               "SELECT author_id || ':' || first_name || '|' || last_name FROM author "
               "ORDER BY author_id") ==
        std::vector<std::string>{"1:Isaac|Asimov", "2:Pearl|Buck", "3:Tom|Clancy", "4:Stephen|King",
                                 "5:Mary Ann|Evans", "6:John|Le Carre", "7:|"});
  CHECK(column(db, "SELECT title FROM book ORDER BY book_id") ==
        std::vector<std::string>{"Foundation", "The Good Earth", "The Hunt For Red October",
                                 "Patriot Games", "It", "Middlemarch", "Tinker, Tailor",
                                 "Anonymous"});
  CHECK(column(db, "SELECT count(*) FROM book_publisher") == std::vector<std::string>{"10"});
  CHECK(column(db, "SELECT count(*) FROM author_publisher") == std::vector<std::string>{"10"});
  CHECK(column(db, "PRAGMA foreign_key_check").empty());
}

TEST_CASE("sqlite_export: a single author column splits at the first space", "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load("Author,Title,Publisher\nJohn Le Carre,Spy,Pan\nMadonna,Sex,W\n"), db,
                       abp::Overwrite::kRefuse);
  CHECK(column(db, "SELECT first_name || '|' || last_name FROM author ORDER BY author_id") ==
        std::vector<std::string>{"John|Le Carre", "Madonna|"});
}

TEST_CASE("sqlite_export: an existing file is kept unless it may be replaced", "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  try {
    abp::export_database(load("author,title,publisher\n"), db, abp::Overwrite::kRefuse);
    FAIL("no error");
  } catch (const abp::Error& e) {
    CHECK(e.code() == abp::ExitCode::kCantCreate);
  }
  CHECK(column(db, "SELECT count(*) FROM book") == std::vector<std::string>{"8"});
  abp::export_database(load("author,title,publisher\n"), db, abp::Overwrite::kReplace);
  CHECK(column(db, "SELECT count(*) FROM book") == std::vector<std::string>{"0"});
  CHECK(std::distance(std::filesystem::directory_iterator(dir.file("")),
                      std::filesystem::directory_iterator()) == 1);  // no temp file left
}

TEST_CASE("sqlite_add: reuses what exists, creates what does not, never twice", "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  CHECK(abp::add_to_database(db, {"Stephen King", "The Stand", "Random House"}, 1) ==
        abp::AppendOutcome::kAppended);
  CHECK(abp::add_to_database(db, {"Stephen King", "The Stand", "Random House"}, 1) ==
        abp::AppendOutcome::kAlreadyPresent);
  CHECK(abp::add_to_database(db, {"Stephen King", "It", "Berkley"}, 1) ==
        abp::AppendOutcome::kAppended);
  CHECK(abp::add_to_database(db, {"Mary Ann Evans", "Silas Marner", "Blackwood"}, 1) ==
        abp::AppendOutcome::kAppended);
  // No new author (found by full name, whatever the split), book or publisher.
  CHECK(column(db, "SELECT count(*) FROM author") == std::vector<std::string>{"7"});
  CHECK(column(db, "SELECT count(*) FROM publisher") == std::vector<std::string>{"6"});  // '' too
  CHECK(column(db, "SELECT count(*) FROM book WHERE title = 'It'") ==
        std::vector<std::string>{"1"});
  CHECK(column(db, "SELECT count(*) FROM book_publisher") == std::vector<std::string>{"13"});
  CHECK(column(db, "SELECT count(*) FROM author_publisher WHERE author_id = 4") ==
        std::vector<std::string>{"3"});
  CHECK(column(db, "PRAGMA foreign_key_check").empty());
}

TEST_CASE("sqlite_add: a missing database is created first", "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("new.db");
  CHECK(abp::is_database_target(db));
  CHECK_FALSE(abp::is_database_target(dir.file("new.csv")));
  CHECK(abp::add_to_database(db, {"Pearl Buck", "The Good Earth", "Random House"}, 1) ==
        abp::AppendOutcome::kCreated);
  CHECK(column(db, "SELECT first_name || '|' || last_name FROM author") ==
        std::vector<std::string>{"Pearl|Buck"});
}

TEST_CASE("sqlite_report: counts are ordered in SQL and cut at the limit", "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  abp::SqliteReportSource source(db, 1);
  CHECK(source.counts(true, abp::SortOrder::kDescending, 0).empty());
  const std::vector<abp::CountLine> all =
      source.counts(true, abp::SortOrder::kDescending, SIZE_MAX);
  REQUIRE(all.size() == 6);  // '' is a publisher too
  CHECK(all.front().name == "Random House");
  CHECK(all.front().count == 3);
  CHECK(all.back().name.empty());  // (1, '') is the smallest (count, name)
  const std::vector<abp::CountLine> two = source.counts(false, abp::SortOrder::kAscending, 2);
  REQUIRE(two.size() == 2);
  CHECK(two[0].name.empty());
  CHECK(two[1].name == "Blackwood");
}

TEST_CASE("sqlite_report: books by author are counted in SQL like the catalogue counts them",
          "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  abp::SqliteReportSource source(db, 1);
  const abp::Catalogue catalogue = abp_test::catalogue_from(kReference);
  abp::CatalogueSource memory(catalogue);
  for (const abp::SortOrder order : {abp::SortOrder::kDescending, abp::SortOrder::kAscending}) {
    const std::vector<abp::CountLine> sql = source.author_book_counts(order, SIZE_MAX);
    const std::vector<abp::CountLine> mem = memory.author_book_counts(order, SIZE_MAX);
    REQUIRE(sql.size() == mem.size());
    for (std::size_t i = 0; i < sql.size(); ++i) {
      CHECK(sql[i].name == mem[i].name);
      CHECK(sql[i].count == mem[i].count);
    }
  }
  const std::vector<abp::CountLine> top = source.author_book_counts(abp::SortOrder::kDescending, 1);
  REQUIRE(top.size() == 1);
  CHECK(top[0].name == "Tom Clancy");
  CHECK(top[0].count == 2);
}

TEST_CASE("sqlite_catalogue: a database reads back into the catalogue it was made from",
          "[sqlite]") {
  const TempDir dir;
  const std::string db = dir.file("t.db");
  abp::export_database(load(kReference), db, abp::Overwrite::kRefuse);
  const abp::Catalogue from_db = std::move(abp::read_database_catalogue(db, 1)).finish();
  CHECK(abp_test::triples(from_db) == abp_test::triples(abp_test::catalogue_from(kReference)));
  CHECK(abp_test::error_of([&] { abp::read_database_catalogue(dir.file("none.db"), 1); }).code() ==
        abp::ExitCode::kNoInput);
}
