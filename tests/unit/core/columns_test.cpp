#include "abp/core/columns.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

namespace {

using Header = std::vector<std::string>;

abp::ColumnMap resolve(const Header& header, const abp::ColumnFlags& flags = {}) {
  return abp::resolve_columns(header, flags, "test.csv", 1);
}

abp::Error missing(const Header& header, const abp::ColumnFlags& flags = {}) {
  return abp_test::error_of([&] { abp::resolve_columns(header, flags, "test.csv", 3); });
}

}  // namespace

TEST_CASE("columns: the reference layout is found by name, in any order", "[columns]") {
  const auto map = resolve({"publisher", "isbn", "last_name", "title", "first_name"});
  CHECK(map.first_last);
  CHECK(map.first_name == 4);
  CHECK(map.last_name == 2);
  CHECK(map.title == 3);
  CHECK(map.publisher == 0);
}

TEST_CASE("columns: one author column, author before authors before author_name", "[columns]") {
  CHECK(resolve({"author_name", "authors", "title", "publisher"}).author == 1);
  CHECK(resolve({"authors", "author", "title", "publisher"}).author == 1);
  CHECK(resolve({"Author l-f", "Author_Name", "title", "publisher"}).author == 1);
  // first_name alone is not the reference layout: the author column is used.
  const auto map = resolve({"first_name", "Author", "Title", "Publisher"});
  CHECK_FALSE(map.first_last);
  CHECK(map.author == 1);
}

TEST_CASE("columns: names match ignoring case, blanks, '-' and ' ' as '_'", "[columns]") {
  const auto map = resolve({" First Name ", "LAST-NAME", "TiTlE", "Publisher\t"});
  CHECK(map.first_last);
  CHECK(map.first_name == 0);
  CHECK(map.last_name == 1);
  CHECK(map.title == 2);
  CHECK(map.publisher == 3);
}

TEST_CASE("columns: when a name occurs twice the leftmost column wins", "[columns]") {
  const auto map = resolve({"title", "author", "Title", "publisher", "PUBLISHER", "Author"});
  CHECK(map.title == 0);
  CHECK(map.author == 1);
  CHECK(map.publisher == 3);
}

TEST_CASE("columns: --author-column wins over first/last, names match like headers", "[columns]") {
  abp::ColumnFlags flags;
  flags.author = "pen name";
  const auto map = resolve({"first_name", "last_name", "Pen-Name", "title", "publisher"}, flags);
  CHECK_FALSE(map.first_last);
  CHECK(map.author == 2);
}

TEST_CASE("columns: one first/last flag selects that layout, the other part defaults",
          "[columns]") {
  abp::ColumnFlags flags;
  flags.first_name = "given";
  auto map = resolve({"author", "given", "last_name", "title", "publisher"}, flags);
  CHECK(map.first_last);
  CHECK(map.first_name == 1);
  CHECK(map.last_name == 2);

  flags = {};
  flags.last_name = "Sur Name";
  map = resolve({"first_name", "sur-name", "author", "title", "publisher"}, flags);
  CHECK(map.first_last);
  CHECK(map.first_name == 0);
  CHECK(map.last_name == 1);
}

TEST_CASE("columns: --title-column and --publisher-column", "[columns]") {
  abp::ColumnFlags flags;
  flags.title = "Book Title";
  flags.publisher = "imprint";
  const auto map = resolve({"author", "title", "publisher", "book-title", "Imprint"}, flags);
  CHECK(map.title == 3);
  CHECK(map.publisher == 4);
}

TEST_CASE("columns: a missing column is 65 listing the columns found and the flag", "[columns]") {
  const abp::Error e = missing({"authors", "series", "", "title"});
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.file() == "test.csv");
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Catch::Contains("columns found: authors, series, (empty), title"));
  CHECK_THAT(e.what(), Catch::Contains("--publisher-column"));

  CHECK_THAT(missing({"isbn", "title", "publisher"}).what(), Catch::Contains("--author-column"));
  CHECK_THAT(missing({"author", "publisher"}).what(), Catch::Contains("--title-column"));
}

TEST_CASE("columns: a flag naming an absent column is 65 naming it and the flag", "[columns]") {
  abp::ColumnFlags flags;
  flags.title = "name";
  const abp::Error e = missing({"author", "title", "publisher"}, flags);
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK_THAT(e.what(), Catch::Contains("'name'") && Catch::Contains("--title-column"));

  flags = {};
  flags.first_name = "given";
  CHECK_THAT(missing({"given", "author", "title", "publisher"}, flags).what(),
             Catch::Contains("--last-name-column"));
}

TEST_CASE("columns: a one-column header holding a delimiter suggests --delimiter", "[columns]") {
  CHECK_THAT(missing({"author;title;publisher"}).what(), Catch::Contains("--delimiter ';'"));
  CHECK_THAT(missing({"author\ttitle\tpublisher"}).what(), Catch::Contains("--delimiter '\\t'"));
  CHECK_THAT(missing({"author|title|publisher"}).what(), Catch::Contains("--delimiter '|'"));
  CHECK_THAT(missing({"isbn", "x;y"}).what(), !Catch::Contains("--delimiter"));
}
