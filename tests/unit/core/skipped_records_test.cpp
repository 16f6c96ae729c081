#include "abp/core/skipped_records.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/error.hpp"
#include "support.hpp"

using abp_test::error_of;

TEST_CASE("skipped_records: a wrong field count is 65 without --skip-bad-rows",
          "[skipped_records]") {
  abp::SkippedRecords refusing(false, 4, "books.csv");
  const abp::Error e =
      error_of([&] { refusing.leave_out(abp::RecordKind::kWrongFieldCount, 5, 12); });
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.file() == "books.csv");
  CHECK(e.line() == 12);
  CHECK_THAT(e.what(), Catch::Contains("5 fields but the header has 4"));
  CHECK(refusing.notes().empty());
}

TEST_CASE("skipped_records: one field is \"1 field\"", "[skipped_records]") {
  abp::SkippedRecords refusing(false, 4, "books.csv");
  const abp::Error e =
      error_of([&] { refusing.leave_out(abp::RecordKind::kWrongFieldCount, 1, 3); });
  CHECK_THAT(e.what(), Catch::StartsWith("this record has 1 field but the header has 4;"));
}

TEST_CASE("skipped_records: --skip-bad-rows counts records and lists the first ten lines",
          "[skipped_records]") {
  abp::SkippedRecords one(true, 5, "books.csv");
  one.leave_out(abp::RecordKind::kWrongFieldCount, 2, 4);
  CHECK(one.notes() == std::vector<std::string>{"skipped 1 record whose field count differs "
                                                "from the header's 5 (line 4)"});

  abp::SkippedRecords many(true, 3, "books.csv");
  for (std::uint64_t line = 3; line < 27; line += 2) {
    many.leave_out(abp::RecordKind::kWrongFieldCount, 1, line);
  }
  CHECK(many.wrong_field_count().count == 12);
  CHECK(many.wrong_field_count().first ==
        std::vector<std::uint64_t>{3, 5, 7, 9, 11, 13, 15, 17, 19, 21});
  CHECK(many.notes() ==
        std::vector<std::string>{"skipped 12 records whose field count differs from the "
                                 "header's 3 (lines 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, ...)"});
  CHECK(abp::SkippedRecords().notes().empty());
}

TEST_CASE("skipped_records: records repeating the header are noted, with or without the flag",
          "[skipped_records]") {
  for (const bool skip_bad_rows : {false, true}) {
    abp::SkippedRecords skipped(skip_bad_rows, 4, "books.csv");
    skipped.leave_out(abp::RecordKind::kRepeatedHeader, 4, 120);
    CHECK(skipped.notes() == std::vector<std::string>{"skipped 1 record equal to the header "
                                                      "line, as where two files were joined "
                                                      "into one (line 120)"});
    skipped.leave_out(abp::RecordKind::kRepeatedHeader, 4, 241);
    if (skip_bad_rows) skipped.leave_out(abp::RecordKind::kWrongFieldCount, 2, 300);
    const std::vector<std::string> notes = skipped.notes();
    REQUIRE(notes.size() == (skip_bad_rows ? 2u : 1u));
    CHECK(notes.back() ==
          "skipped 2 records equal to the header line, as where two files were "
          "joined into one (lines 120, 241)");
  }
}
