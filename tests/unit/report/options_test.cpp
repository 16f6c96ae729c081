#include "abp/report/options.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::render;

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

TEST_CASE("options: format, section and top values as both serve and the CLI read them",
          "[options]") {
  CHECK(abp::format_named("ndjson") == abp::Format::kNdjson);
  CHECK(abp::format_named("html") == abp::Format::kHtml);
  CHECK_FALSE(abp::format_named("JSON").has_value());
  CHECK_FALSE(abp::format_named("").has_value());

  const std::optional<abp::Sections> none = abp::sections_named({});
  REQUIRE(none.has_value());
  CHECK((none->books && none->authors && none->tree && !none->author_books));
  const std::optional<abp::Sections> two = abp::sections_named({"author-books", "tree"});
  REQUIRE(two.has_value());
  CHECK((!two->books && !two->authors && two->tree && two->author_books));
  CHECK_FALSE(abp::sections_named({"tree", "tress"}).has_value());
  CHECK_FALSE(abp::sections_named({""}).has_value());
  for (const std::string& name : abp::section_names()) {
    CHECK(abp::sections_named({name}).has_value());
  }

  CHECK(abp::whole_number("0") == std::size_t{0});
  CHECK(abp::whole_number("010") == std::size_t{10});  // decimal, not octal
  CHECK(abp::whole_number("18446744073709551615") == SIZE_MAX);
  CHECK(abp::whole_number("99999999999999999999999") == SIZE_MAX);  // all of them
  for (const char* bad : {"", "-1", "1.5", "+3", " 3", "0x10"}) {
    CHECK_FALSE(abp::whole_number(bad).has_value());
  }
}
