#include "abp/report/options.hpp"

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
