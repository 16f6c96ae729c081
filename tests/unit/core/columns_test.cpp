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

TEST_CASE("columns: --author-column with a first/last flag is a usage error", "[columns]") {
  abp::ColumnFlags flags;
  flags.author = "a";
  CHECK_NOTHROW(abp::check_column_flags(flags));
  flags.last_name = "b";
  CHECK(abp_test::error_of([&] { abp::check_column_flags(flags); }).code() ==
        abp::ExitCode::kUsage);
  flags.last_name.clear();
  flags.first_name = "b";
  CHECK(abp_test::error_of([&] { abp::check_column_flags(flags); }).code() ==
        abp::ExitCode::kUsage);
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

TEST_CASE("columns: a LibraryThing export is read by Primary Author and Publication", "[columns]") {
  const Header library_thing = {"Book ID", "Title", "Primary Author", "Publication", "Date"};
  const auto map = resolve(library_thing);
  CHECK_FALSE(map.first_last);
  CHECK(map.author == 2);
  CHECK(map.title == 1);
  CHECK(map.publisher == 3);
  CHECK(map.publication);
  // Named by the flags SOURCES.md gives, it is the same export, read the same way.
  abp::ColumnFlags flags;
  flags.author = "Primary Author";
  flags.publisher = "Publication";
  CHECK(resolve(library_thing, flags).publication);
  // Another publisher column, or either column alone, is no LibraryThing export.
  flags.publisher = "Date";
  CHECK_FALSE(resolve(library_thing, flags).publication);
  const auto with_publisher = resolve({"Primary Author", "Title", "Publication", "Publisher"});
  CHECK(with_publisher.publisher == 3);
  CHECK_FALSE(with_publisher.publication);
  CHECK(missing({"Primary Author", "Title", "Publisher"}).code() == abp::ExitCode::kDataErr);
  CHECK(missing({"Author", "Title", "Publication"}).code() == abp::ExitCode::kDataErr);
}

TEST_CASE("columns: names in messages are cut, invisible characters escaped", "[columns]") {
  CHECK(abp::shown_column_name("  Title  ") == "Title");
  CHECK(abp::shown_column_name(" ") == "(empty)");
  CHECK(abp::shown_column_name("title\xC2\xA0") == "title\\u00a0");  // no-break space
  CHECK(abp::shown_column_name("\xEF\xBB\xBF"
                               "author") == "\\ufeffauthor");  // a BOM
  CHECK(abp::shown_column_name("a\xE2\x80\x8B"
                               "b\xE2\x80\xAE") == "a\\u200bb\\u202e");
  CHECK(abp::shown_column_name("\x1B[31mred") == "\\x1b[31mred");  // SPEC §4
  CHECK(abp::shown_column_name("Jos\xE9") == "Jos\\xe9");          // not UTF-8
  CHECK(abp::shown_column_name("Éditeur ünd 書名") == "Éditeur ünd 書名");
  const std::string long_name(100, 'n');
  CHECK(abp::shown_column_name(long_name) == std::string(abp::kShownNameChars, 'n') + "...");
  CHECK(abp::shown_column_name(std::string(abp::kShownNameChars, 'n')) ==
        std::string(abp::kShownNameChars, 'n'));
  // Characters, not bytes: a cut never splits one.
  std::string accents;
  for (int i = 0; i < 50; ++i) accents += "\xC3\xA9";
  CHECK(abp::shown_column_name(accents) == accents.substr(0, 2 * abp::kShownNameChars) + "...");
}

TEST_CASE("columns: the columns found are listed up to a limit", "[columns]") {
  Header header;
  for (int i = 0; i < 200; ++i) header.push_back("c" + std::to_string(i));
  header.push_back(std::string(2u << 20, 'x'));
  const std::string message = missing(header).what();
  CHECK_THAT(message, Catch::Contains("columns found: c0, c1, "));
  CHECK_THAT(message, Catch::Contains(", c29, and 171 more; name the right one"));
  CHECK_FALSE(Catch::Contains("c30,").match(message));
  CHECK(message.size() < 1000);
  // A name alone too long is cut.
  const std::string one = missing({std::string(2u << 20, 'y')}).what();
  CHECK_THAT(one, Catch::Contains(std::string(abp::kShownNameChars, 'y') + "...;"));
  CHECK(one.size() < 1000);
}

TEST_CASE("columns: a header that is no UTF-8 catalogue is refused with the way out", "[columns]") {
  auto error = [](const std::string& first_field, std::uint64_t line, bool encoding_given) {
    return abp_test::error_of(
        [&] { abp::check_header_start(first_field, line, encoding_given, "in.csv"); });
  };
  for (const std::string& utf16 : {std::string("\xFF\xFE"
                                               "a\0",
                                               4),
                                   std::string("\xFE\xFF\0a", 4)}) {
    const abp::Error e = error(utf16, 1, false);
    CHECK(e.code() == abp::ExitCode::kDataErr);
    CHECK(e.line() == 1);
    CHECK(std::string(e.what()) ==
          "the file starts with a UTF-16 byte-order mark: it is UTF-16, not UTF-8; read it with "
          "--encoding utf-16");
  }
  for (const std::string& utf32 :
       {std::string("\xFF\xFE\0\0a\0\0\0", 8), std::string("\0\0\xFE\xFF\0\0\0a", 8)}) {
    CHECK_THAT(error(utf32, 1, false).what(), Catch::EndsWith("--encoding utf-32"));
  }
  const std::string sqlite("SQLite format 3\0\x10\0", 18);
  CHECK_THAT(error(sqlite, 1, false).what(), Catch::StartsWith("this is an SQLite database"));
  CHECK_THAT(error(sqlite, 1, true).what(), Catch::StartsWith("this is an SQLite database"));
  // With --encoding the mark is iconv's to read; after the first line it is no mark at all.
  CHECK_NOTHROW(
      abp::check_header_start("\xFF\xFE"
                              "a",
                              1, true, "in.csv"));
  CHECK_NOTHROW(
      abp::check_header_start("\xFF\xFE"
                              "a",
                              2, false, "in.csv"));
  CHECK_NOTHROW(abp::check_header_start(sqlite, 3, false, "in.csv"));
  CHECK_NOTHROW(abp::check_header_start("SQLite format 3", 1, false, "in.csv"));
  CHECK_NOTHROW(abp::check_header_start("author", 1, false, "in.csv"));
  CHECK_NOTHROW(abp::check_header_start("", 1, false, "in.csv"));
}
