#include "abp/io/csv_reader.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::Fields;
using abp_test::read_records;

namespace {

// Returns the fields of the only record of `bytes`.
Fields one_record(const std::string& bytes, char delimiter = ',') {
  const auto records = read_records(bytes, delimiter);
  REQUIRE(records.size() == 1);
  return records[0].fields;
}

}  // namespace

TEST_CASE("csv_reader: dialect_for picks the delimiter from the name and the flag", "[csv]") {
  CHECK(abp::dialect_for("books.csv", "").delimiter == ',');
  CHECK(abp::dialect_for("books.tsv", "").delimiter == '\t');
  CHECK(abp::dialect_for("BOOKS.TSV", "").delimiter == '\t');
  CHECK(abp::dialect_for("books.tsv.bak", "").delimiter == ',');
  CHECK(abp::dialect_for("-", "").delimiter == ',');
  CHECK(abp::dialect_for("books.tsv", ";").delimiter == ';');
  CHECK(abp::dialect_for("books.csv", "\\t").delimiter == '\t');
  CHECK(abp::dialect_for("books.csv", "|").delimiter == '|');
}

TEST_CASE("csv_reader: dialect_for refuses a bad --delimiter with 64", "[csv]") {
  for (const char* flag : {";;", "\"", "\r", "\n", "é", "\\n", "tab"}) {
    CAPTURE(flag);
    const abp::Error e = abp_test::error_of([&] { abp::dialect_for("books.csv", flag); });
    CHECK(e.code() == abp::ExitCode::kUsage);
  }
}

TEST_CASE("csv_reader: plain fields, empty fields and a trailing delimiter", "[csv]") {
  CHECK(one_record("a,b,c\n") == Fields{"a", "b", "c"});
  CHECK(one_record(",,\n") == Fields{"", "", ""});
  CHECK(one_record("a,b,\n") == Fields{"a", "b", ""});
  CHECK(one_record(" a , b \n") == Fields{" a ", " b "});  // the loader normalises
}

TEST_CASE("csv_reader: a quoted field holds the delimiter, quotes and line breaks", "[csv]") {
  CHECK(one_record("\"a,b\",c\n") == Fields{"a,b", "c"});
  CHECK(one_record("\"say \"\"hi\"\"\",x\n") == Fields{"say \"hi\"", "x"});
  CHECK(one_record("\"\"\"\",\"\"\n") == Fields{"\"", ""});
  CHECK(one_record("\"one\ntwo\",x\n") == Fields{"one\ntwo", "x"});
  CHECK(one_record("\"one\r\ntwo\",x\r\n") == Fields{"one\r\ntwo", "x"});
  CHECK(one_record("\"one\rtwo\",x\r") == Fields{"one\rtwo", "x"});
  CHECK(one_record("\"a\n\nb\",x") == Fields{"a\n\nb", "x"});  // an empty line inside quotes
}

TEST_CASE("csv_reader: blanks before an opening quote, text after a closing one", "[csv]") {
  CHECK(one_record("  \"a,b\",\t \"c\"\n") == Fields{"a,b", "c"});
  CHECK(one_record("\"ab\"cd,x\n") == Fields{"abcd", "x"});
  CHECK(one_record("\"A\" Is for Alibi,x\n") == Fields{"A Is for Alibi", "x"});
  CHECK(one_record("\"ab\"  ,x\n") == Fields{"ab  ", "x"});
  CHECK(one_record("\"a\" \"b\",x\n") == Fields{"a \"b\"", "x"});
}

TEST_CASE("csv_reader: a quote inside an unquoted field is an ordinary character", "[csv]") {
  CHECK(one_record("a\"b\"c,5\" floppy\n") == Fields{"a\"b\"c", "5\" floppy"});
  CHECK(one_record("x \"\"y\",z\n") == Fields{"x \"\"y\"", "z"});
}

TEST_CASE("csv_reader: a tab delimiter is never taken for a blank before a quote", "[csv]") {
  CHECK(one_record("\t\"x\"\ty\n", '\t') == Fields{"", "x", "y"});
  CHECK(one_record(" \"a\tb\"\tc\n", '\t') == Fields{"a\tb", "c"});
}

TEST_CASE("csv_reader: records end at LF, CRLF and bare CR; the last may lack one", "[csv]") {
  const auto records = read_records("a,b\r\nc,d\re,f\ng,h");
  REQUIRE(records.size() == 4);
  CHECK(records[0].fields == Fields{"a", "b"});
  CHECK(records[1].fields == Fields{"c", "d"});
  CHECK(records[2].fields == Fields{"e", "f"});
  CHECK(records[3].fields == Fields{"g", "h"});
  CHECK(records[3].line == 4);
}

TEST_CASE("csv_reader: empty lines are skipped, a line of spaces is a record", "[csv]") {
  const auto records = read_records("\n\r\na\n\n\r\n   \n\nb\n\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == Fields{"a"});
  CHECK(records[0].line == 3);
  CHECK(records[1].fields == Fields{"   "});
  CHECK(records[1].line == 6);
  CHECK(records[2].line == 8);
}

TEST_CASE("csv_reader: line numbers are physical lines across multi-line fields", "[csv]") {
  const auto records = read_records("h1,h2\n\"a\nb\nc\",x\n\n1,\"2\r\n3\",\"4\n5\"\nlast,one\n");
  REQUIRE(records.size() == 4);
  CHECK(records[1].line == 2);
  CHECK(records[2].line == 6);
  CHECK(records[2].fields == Fields{"1", "2\r\n3", "4\n5"});
  CHECK(records[3].line == 9);
}

TEST_CASE("csv_reader: fields before and after multi-line fields survive", "[csv]") {
  // Fields read before a quoted field moves on to the next line must not be overwritten.
  CHECK(one_record("first,second,\"x\ny\",mid,\"p\nq\",end\n") ==
        Fields{"first", "second", "x\ny", "mid", "p\nq", "end"});
  // Quoted fields that end at their closing quote are read where they lie in the line: they
  // too must be kept when a later field moves on to the next line.
  CHECK(one_record("\"in, place\",b,\"\",\"x\ny\",\"last\"\n") ==
        Fields{"in, place", "b", "", "x\ny", "last"});
}

TEST_CASE("csv_reader: end of input inside quotes is 65 at the line the field began", "[csv]") {
  const abp::Error e =
      abp_test::error_of([] { read_records("h,i\nrecord,\"x\ny\",\"open\nmore\nmore\n"); });
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.file() == "test.csv");
  CHECK(e.line() == 3);  // the record starts on line 2, the open field on line 3
  CHECK_THAT(e.what(), Catch::Contains("never closed"));
}

TEST_CASE("csv_reader: NUL and 0x01 bytes are data", "[csv]") {
  CHECK(one_record(std::string("a\0b,\x01\x01"
                               "0,\"q\0\"\n",
                               13)) == Fields{std::string("a\0b", 3),
                                              "\x01\x01"
                                              "0",
                                              std::string("q\0", 2)});
}
