#include "abp/report/delimited_writer.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::render;

TEST_CASE("delimited_writer: csv has a header row and quotes only where needed",
          "[delimited_writer]") {
  const auto c = abp_test::catalogue_of(
      {{"Ann \"Q\"", "Two\r\nlines", "Comma, Inc"}, {"", "back\\slash", "Plain"}});
  CHECK(render(c, abp_test::report_options(abp::Format::kCsv, abp_test::kTree)) ==
        "author,title,publisher\n"
        ",back\\slash,Plain\n"
        "\"Ann \"\"Q\"\"\",\"Two\r\nlines\",\"Comma, Inc\"\n");
  CHECK(render(c, abp_test::report_options(abp::Format::kCsv, abp_test::kBooks)) ==
        "publisher,books\nPlain,1\n\"Comma, Inc\",1\n");
  CHECK(render(c, abp_test::report_options(abp::Format::kCsv, abp_test::kAuthors)) ==
        "publisher,authors\nPlain,1\n\"Comma, Inc\",1\n");
}

TEST_CASE("delimited_writer: tsv escapes tab, LF, CR and backslash, nothing else",
          "[delimited_writer]") {
  const auto c = abp_test::catalogue_of({{"A\tB", "x\ny\r", "back\\slash, \"q\""}});
  CHECK(render(c, abp_test::report_options(abp::Format::kTsv, abp_test::kTree)) ==
        "author\ttitle\tpublisher\n"
        "A\\tB\tx\\ny\\r\tback\\\\slash, \"q\"\n");
  CHECK(render(c, abp_test::report_options(abp::Format::kTsv, abp_test::kAuthors)) ==
        "publisher\tauthors\nback\\\\slash, \"q\"\t1\n");
}

TEST_CASE("delimited_writer: author-books is a table author,books", "[delimited_writer]") {
  const auto c = abp_test::catalogue_of(
      {{"Le Carre, John", "A", "P"}, {"Le Carre, John", "B", "P"}, {"Ann\tB", "A", "Q"}});
  CHECK(render(c, abp_test::report_options(abp::Format::kCsv, abp_test::kAuthorBooks)) ==
        "author,books\n\"Le Carre, John\",2\nAnn\tB,1\n");
  CHECK(render(c, abp_test::report_options(abp::Format::kTsv, abp_test::kAuthorBooks)) ==
        "author\tbooks\nLe Carre, John\t2\nAnn\\tB\t1\n");
}
