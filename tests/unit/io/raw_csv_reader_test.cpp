#include "abp/io/raw_csv_reader.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::Fields;

namespace {

struct RawOwned {
  std::string consumed;
  std::string bytes;
  std::string line_break;
  Fields raw_fields;
  Fields fields;
  std::uint64_t line;
};

struct RawRead {
  std::vector<RawOwned> records;
  std::string rest;
};

RawRead read_raw(const std::string& bytes, char delimiter = ',',
                 std::size_t block = abp::RawCsvReader::kBlock) {
  auto source = abp::make_memory_source(bytes);
  abp::RawCsvReader reader(*source, abp::Dialect{delimiter}, "test.csv", true, block);
  RawRead out;
  abp::RawRecord r;
  while (reader.next(r)) {
    out.records.push_back({std::string(r.consumed), std::string(r.bytes), std::string(r.line_break),
                           Fields(r.raw_fields.begin(), r.raw_fields.end()),
                           Fields(r.fields.begin(), r.fields.end()), r.line});
  }
  out.rest = std::string(reader.rest());
  return out;
}

std::string joined(const Fields& fields, char delimiter) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += delimiter;
    out += fields[i];
  }
  return out;
}

// The promises of RawCsvReader for one input: the same records as CsvReader, and every byte
// accounted for.
void check_against_csv_reader(const std::string& input, char delimiter, std::size_t block) {
  CAPTURE(input, delimiter, block);
  std::vector<abp_test::OwnedRecord> expected;
  std::string expected_error;
  try {
    expected = abp_test::read_records(input, delimiter);
  } catch (const abp::Error& e) {
    expected_error = e.describe();
  }
  std::string error;
  RawRead got;
  try {
    got = read_raw(input, delimiter, block);
  } catch (const abp::Error& e) {
    error = e.describe();
  }
  REQUIRE(error == expected_error);
  if (!error.empty()) return;
  REQUIRE(got.records.size() == expected.size());
  std::string all;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const RawOwned& r = got.records[i];
    CHECK(r.fields == expected[i].fields);
    CHECK(r.line == expected[i].line);
    CHECK(joined(r.raw_fields, delimiter) == r.bytes);
    CHECK(r.consumed.size() >= r.bytes.size() + r.line_break.size());
    CHECK(r.consumed.compare(r.consumed.size() - r.line_break.size() - r.bytes.size(),
                             std::string::npos, r.bytes + r.line_break) == 0);
    all += r.consumed;
  }
  CHECK(all + got.rest == input);
}

}  // namespace

TEST_CASE("raw_csv_reader: keeps each record's bytes, fields and line break", "[csv][raw]") {
  const RawRead read = read_raw("\xEF\xBB\xBFh1,h2\r\n\r\n a ,\"b,\"\"c\"\" \" x\nlast,\"q\nr\"");
  REQUIRE(read.records.size() == 3);
  CHECK(read.records[0].consumed == "\xEF\xBB\xBFh1,h2\r\n");
  CHECK(read.records[0].bytes == "h1,h2");
  CHECK(read.records[0].line_break == "\r\n");
  CHECK(read.records[1].consumed == "\r\n a ,\"b,\"\"c\"\" \" x\n");
  CHECK(read.records[1].raw_fields == Fields{" a ", "\"b,\"\"c\"\" \" x"});
  CHECK(read.records[1].fields == Fields{" a ", "b,\"c\"  x"});
  CHECK(read.records[1].line == 3);
  CHECK(read.records[2].raw_fields == Fields{"last", "\"q\nr\""});
  CHECK(read.records[2].fields == Fields{"last", "q\nr"});
  CHECK(read.records[2].line_break.empty());
  CHECK(read.records[2].line == 4);
  CHECK(read.rest.empty());
}

TEST_CASE("raw_csv_reader: empty lines after the last record are its rest", "[csv][raw]") {
  const RawRead read = read_raw("a,b\n\n\r\n\r");
  REQUIRE(read.records.size() == 1);
  CHECK(read.rest == "\n\r\n\r");
  CHECK(read_raw("").records.empty());
  CHECK(read_raw("\xEF\xBB\xBF").rest == "\xEF\xBB\xBF");
}

TEST_CASE("raw_csv_reader: a trailing delimiter and an all-blank line", "[csv][raw]") {
  const RawRead read = read_raw("a,b,\n  \n");
  REQUIRE(read.records.size() == 2);
  CHECK(read.records[0].raw_fields == Fields{"a", "b", ""});
  CHECK(read.records[1].fields == Fields{"  "});
}

TEST_CASE("raw_csv_reader: an unterminated quote names the line it began on", "[csv][raw]") {
  const abp::Error e = abp_test::error_of([] { read_raw("h\nok\n\"never\nclosed\n"); });
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.line() == 3);
}

TEST_CASE("raw_csv_reader: agrees with CsvReader on tricky inputs, any block size", "[csv][raw]") {
  const std::vector<std::string> inputs = {
      "a,b\nc,d\n",
      "a,b\r\nc,d\r\n",
      "a,b\rc,d\r",
      "\"a\r\nb\",c\r\n\"\"\"\",x\n",
      "  \"q\"  tail ,\t\"r\"\n",
      "\"ab\"cd,\"ab\"  ,\"\"\n",
      "a,\"b\nc\n\nd\",e\n\n\nf,g,h",
      "x\"y,\"z\n",
      "\xEF\xBB\xBF\n\na,b",
      "\xEF\xBB",
      ",\n,,\n",
      "\r\n\r\n",
      "a\tb\t\n \t\"x\"\t\n",
      "\"unterminated\n",
      "ok\n\"a\"\"\n",
  };
  for (const std::string& input : inputs) {
    for (const std::size_t block : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7},
                                    abp::RawCsvReader::kBlock}) {
      check_against_csv_reader(input, ',', block);
      check_against_csv_reader(input, '\t', block);
    }
  }
}

TEST_CASE("raw_csv_reader: agrees with CsvReader on random inputs", "[csv][raw]") {
  std::mt19937 random(20240611);
  const std::string alphabet[] = {"a",
                                  "b",
                                  " ",
                                  "\t",
                                  ",",
                                  ";",
                                  "\"",
                                  "\"\"",
                                  "\r",
                                  "\n",
                                  "\r\n",
                                  "\xC3\xA9",
                                  "\xEF\xBB\xBF",
                                  std::string(1, '\0')};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(alphabet) - 1);
  std::uniform_int_distribution<std::size_t> length(0, 40);
  std::uniform_int_distribution<std::size_t> blocks(1, 9);
  for (int i = 0; i < 3000; ++i) {
    std::string input;
    for (std::size_t n = length(random); n > 0; --n) input += alphabet[pick(random)];
    check_against_csv_reader(input, i % 3 == 0 ? ';' : ',', blocks(random));
  }
}
