#include "abp/report/options.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::render;

TEST_CASE("options: parse_format knows the formats and suggests for a typo", "[options]") {
  CHECK(abp::parse_format("text") == abp::Format::kText);
  CHECK(abp::parse_format("csv") == abp::Format::kCsv);
  CHECK(abp::parse_format("tsv") == abp::Format::kTsv);
  CHECK(abp::parse_format("json") == abp::Format::kJson);
  const abp::Error e = abp_test::error_of([] { abp::parse_format("jsno"); });
  CHECK(e.code() == abp::ExitCode::kUsage);
  CHECK_THAT(e.what(), Catch::Contains("did you mean 'json'"));
}

TEST_CASE("options: parse_sections takes repeats and comma lists", "[options]") {
  auto is = [](abp::Sections s, bool books, bool authors, bool tree) {
    return s.books == books && s.authors == authors && s.tree == tree;
  };
  CHECK(is(abp::parse_sections({}), true, true, true));
  CHECK(is(abp::parse_sections({"tree"}), false, false, true));
  CHECK(is(abp::parse_sections({"tree", "books"}), true, false, true));
  CHECK(is(abp::parse_sections({"authors,tree", "authors"}), false, true, true));
  CHECK_FALSE(abp::parse_sections({}).author_books);  // the default stays the article's three
  const abp::Sections with_author_books = abp::parse_sections({"tree,author-books"});
  CHECK(is(with_author_books, false, false, true));
  CHECK(with_author_books.author_books);
  CHECK(with_author_books.count() == 2);
  CHECK_THAT(abp_test::error_of([] { abp::parse_sections({"author-book"}); }).what(),
             Catch::Contains("did you mean 'author-books'"));
  for (const char* bad : {"bokos", "", "books,", "tree,,authors"}) {
    CAPTURE(bad);
    CHECK(abp_test::error_of([&] { abp::parse_sections({bad}); }).code() == abp::ExitCode::kUsage);
  }
  CHECK_THAT(abp_test::error_of([] { abp::parse_sections({"bokos"}); }).what(),
             Catch::Contains("did you mean 'books'"));
}

TEST_CASE("options: csv and tsv need exactly one section, json and text any", "[options]") {
  for (const abp::Format format : {abp::Format::kCsv, abp::Format::kTsv}) {
    CHECK(abp_test::error_of([&] {
            abp::validate_render_options(abp_test::report_options(format), false);
          }).code() == abp::ExitCode::kUsage);
    CHECK(
        abp_test::error_of([&] {
          abp::validate_render_options(abp_test::report_options(format, {true, false, true}), true);
        }).code() == abp::ExitCode::kUsage);
    CHECK_NOTHROW(
        abp::validate_render_options(abp_test::report_options(format, abp_test::kAuthors), true));
  }
  CHECK_NOTHROW(abp::validate_render_options(abp_test::report_options(abp::Format::kJson), false));
  CHECK_NOTHROW(abp::validate_render_options(
      abp_test::report_options(abp::Format::kText, abp_test::kTree), true));
}
