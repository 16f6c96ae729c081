#include "abp/fast/loader.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::catalogue_from;
using abp_test::error_of;
using abp_test::load;
using abp_test::Triple;
using abp_test::triples;

namespace {

abp::LoadOptions skipping() {
  abp::LoadOptions options;
  options.skip_bad_rows = true;
  return options;
}

abp::Error load_error(const std::string& bytes, const abp::LoadOptions& options = {}) {
  return error_of([&] { load(bytes, options); });
}

}  // namespace

TEST_CASE("loader: the reference layout joins first and last name", "[loader]") {
  CHECK(triples(catalogue_from("first_name,last_name,title,publisher\n"
                               "John,Le Carre,\"Tinker, Tailor\",Berkley\n"
                               "Plato,,Republic,P\n"
                               ",Homer,Iliad,P\n"
                               " , ,Beowulf,P\n")) ==
        std::vector<Triple>{{"", "Beowulf", "P"},
                            {"Homer", "Iliad", "P"},
                            {"John Le Carre", "Tinker, Tailor", "Berkley"},
                            {"Plato", "Republic", "P"}});
}

TEST_CASE("loader: first and last name join the same in any column order and spacing", "[loader]") {
  // Adjacent columns are joined where they lie; the others through a copy. Both must agree.
  const std::vector<Triple> expected{{"John Le Carre", "T", "P"}, {"Plato", "R", "P"}};
  for (const char* file : {"first_name,last_name,title,publisher\n"
                           "John,Le Carre,T,P\nPlato,,R,P\n  John ,\"Le   Carre\",T,P\n",
                           "last_name,first_name,title,publisher\n"
                           "Le Carre,John,T,P\n,Plato,R,P\n Le  Carre,John\t,T,P\n",
                           "first_name,title,last_name,publisher\n"
                           "John,T,Le Carre,P\nPlato,R,,P\n"}) {
    INFO(file);
    CHECK(triples(catalogue_from(file)) == expected);
  }
}

TEST_CASE("loader: every value is normalised before it is compared", "[loader]") {
  CHECK(triples(catalogue_from("Author,Title,Publisher\n"
                               "Stephen        King,It,Vintage Books \n"
                               "\tStephen King,  It,Vintage\t\tBooks\n"
                               "\"  Stephen King \",\"It\",\"Vintage Books\"\n")) ==
        std::vector<Triple>{{"Stephen King", "It", "Vintage Books"}});
}

TEST_CASE("loader: the first record that is not blank is the header", "[loader]") {
  const abp::Loaded loaded = load("\r\n\r\nauthor,title,publisher,extra\r\n\r\nA,T,P,x\r\n");
  CHECK(loaded.shape.header == std::vector<std::string>{"author", "title", "publisher", "extra"});
  CHECK(loaded.shape.line_end == abp::LineEnd::kCrLf);
  CHECK(loaded.shape.columns.author == 0);
}

TEST_CASE("loader: a header without records is an empty catalogue", "[loader]") {
  CHECK(catalogue_from("author,title,publisher").facts().empty());
  CHECK(catalogue_from("\xEF\xBB\xBF"
                       "author,title,publisher\n")
            .facts()
            .empty());
}

TEST_CASE("loader: no header (empty, blank lines, lone BOM) is 65", "[loader]") {
  for (const char* bytes : {"", "\n", "\n\r\n\r", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n"}) {
    CAPTURE(bytes);
    const abp::Error e = load_error(bytes);
    CHECK(e.code() == abp::ExitCode::kDataErr);
    CHECK(e.file() == "test.csv");
    CHECK_THAT(e.what(), Catch::Contains("no header"));
  }
}

TEST_CASE("loader: a missing column names the header's line", "[loader]") {
  const abp::Error e = load_error("\n\nauthors,series,title\nA,S,T\n");
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Catch::Contains("--publisher-column"));
}

TEST_CASE("loader: a wrong field count is 65 at the record's first line", "[loader]") {
  const abp::Error e = load_error("author,title,publisher\nA,T,P\n\"B\nb\",T\nC,T,P\n");
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Catch::Contains("2 fields") && Catch::Contains("--skip-bad-rows"));
  CHECK(load_error("author,title,publisher\nA,T,P,\n").line() == 2);  // a trailing comma
  CHECK(load_error("author,title,publisher\n   \n").line() == 2);     // one blank field
}

TEST_CASE("loader: --skip-bad-rows counts skipped records and lists the first ten", "[loader]") {
  std::string bytes = "author,title,publisher\n";
  for (int i = 0; i < 12; ++i) bytes += "A,T" + std::to_string(i) + ",P\nbad\n";
  const abp::Loaded loaded = load(bytes, skipping());
  CHECK(loaded.skipped.wrong_field_count().count == 12);
  CHECK(loaded.skipped.wrong_field_count().first ==
        std::vector<std::uint64_t>{3, 5, 7, 9, 11, 13, 15, 17, 19, 21});
  CHECK(loaded.skipped.notes() ==
        std::vector<std::string>{"skipped 12 records whose field count differs from the header's 3 "
                                 "(lines 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, ...)"});
}

TEST_CASE("loader: --skip-bad-rows may skip every record", "[loader]") {
  abp::Loaded loaded = load("author,title,publisher\nA\nB,T\n", skipping());
  CHECK(loaded.skipped.wrong_field_count().count == 2);
  CHECK(std::move(loaded.catalogue).finish().facts().empty());
}

TEST_CASE("loader: --skip-bad-rows does not forgive an unterminated quote", "[loader]") {
  const abp::Error e = load_error("author,title,publisher\nA,T,P\nB,\"open,P\nC,T,P\n", skipping());
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.line() == 3);
}

TEST_CASE("loader: invalid UTF-8 in a used value is 65 naming the line", "[loader]") {
  for (const char* row : {"Jos\xE9,T,P", "A,Caf\xE9,P", "A,T,\xFFP"}) {
    CAPTURE(row);
    const abp::Error e = load_error(std::string("author,title,publisher\nok,ok,ok\n") + row + "\n");
    CHECK(e.code() == abp::ExitCode::kDataErr);
    CHECK(e.line() == 3);
    CHECK_THAT(e.what(), Catch::Contains("--encoding"));
  }
  CHECK(load_error("first_name,last_name,title,publisher\nA,\xC0\xAF,T,P\n").line() == 2);
  // The same bad value met a second time is still refused.
  CHECK(load_error("author,title,publisher\nA,\xFF,P\n").line() == 2);
}

TEST_CASE("loader: columns abp ignores are not inspected", "[loader]") {
  CHECK(triples(catalogue_from("author,notes,title,publisher\nA,\xFF\xFE junk,T,P\n")) ==
        std::vector<Triple>{{"A", "T", "P"}});
}

TEST_CASE("loader: empty values are kept", "[loader]") {
  CHECK(triples(catalogue_from("author,title,publisher\n,,\nA, ,\n")) ==
        std::vector<Triple>{{"", "", ""}, {"A", "", ""}});
}

TEST_CASE("loader: --split-authors makes each part an author", "[loader]") {
  abp::LoadOptions options;
  options.split_authors = " & ";
  CHECK(triples(catalogue_from("authors,title,publisher\n"
                               "Terry Pratchett  &  Neil Gaiman,Good Omens,Gollancz\n",
                               options)) ==
        std::vector<Triple>{{"Neil Gaiman", "Good Omens", "Gollancz"},
                            {"Terry Pratchett", "Good Omens", "Gollancz"}});
  options.split_authors = "/";
  // Empty parts are dropped; a value of nothing but separators is the empty author.
  CHECK(triples(catalogue_from("authors,title,publisher\nJ.K. Rowling//,T,P\n/,U,P\n", options)) ==
        std::vector<Triple>{{"", "U", "P"}, {"J.K. Rowling", "T", "P"}});
  // With first and last names the whole name is split.
  CHECK(triples(catalogue_from("first_name,last_name,title,publisher\nA/B,C,T,P\n", options)) ==
        std::vector<Triple>{{"A", "T", "P"}, {"B C", "T", "P"}});
}

TEST_CASE("loader: --delimiter and --encoding reach the reader", "[loader]") {
  abp::LoadOptions options;
  options.dialect.delimiter = ';';
  options.encoding = "latin1";
  CHECK(triples(catalogue_from("author;title;publisher\nJos\xE9;A, B;P\n", options)) ==
        std::vector<Triple>{{"Jos\xC3\xA9", "A, B", "P"}});
}

TEST_CASE("loader: a record equal to the header is no book, and is noted", "[loader]") {
  const std::string a = "author,title,publisher\nAnn,It,P\n";
  const std::string b =
      "\xEF\xBB\xBF"
      "author,title,publisher\r\nBo,Us,Q\r\n";
  abp::Loaded loaded = load(a + b + a);  // cat a.csv b.csv a.csv
  CHECK(loaded.skipped.repeated_header().first == std::vector<std::uint64_t>{3, 5});
  CHECK(loaded.skipped.notes().size() == 1);
  CHECK(triples(std::move(loaded.catalogue).finish()) ==
        std::vector<Triple>{{"Ann", "It", "P"}, {"Bo", "Us", "Q"}});
}

TEST_CASE("loader: a LibraryThing export needs no flags", "[loader]") {
  CHECK(triples(catalogue_from("Book ID,Title,Primary Author,Publication\n"
                               "1,Professional C++,\"Gregoire, Marc\",\"Wrox (2009), 560 pages\"\n"
                               "2,Perl,\"Gregoire, Marc\",\"Wrox (2012), Edition: 3\"\n")) ==
        std::vector<Triple>{{"Gregoire, Marc", "Perl", "Wrox"},
                            {"Gregoire, Marc", "Professional C++", "Wrox"}});
}

TEST_CASE("loader: a UTF-16 file or a database is refused before its names", "[loader]") {
  const abp::Error utf16 =
      load_error(std::string("\xFF\xFE"
                             "a\0,\0",
                             6));
  CHECK(utf16.code() == abp::ExitCode::kDataErr);
  CHECK(utf16.line() == 1);
  CHECK_THAT(utf16.what(), Catch::EndsWith("--encoding utf-16"));
  const abp::Error database = load_error(std::string("SQLite format 3\0\x10\0\x01\x01\n", 21));
  CHECK_THAT(database.what(), Catch::StartsWith("this is an SQLite database"));
}
