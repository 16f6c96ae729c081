#include "abp/io/csv_writer.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace {

std::string field(std::string_view value, char delimiter = ',') {
  std::string out;
  abp::append_csv_field(out, value, delimiter);
  return out;
}

}  // namespace

TEST_CASE("csv_writer: a field is quoted only where a reader needs it", "[csv_writer]") {
  CHECK(field("Stephen King") == "Stephen King");
  CHECK(field("") == "");
  CHECK(field("Tinker, Tailor") == "\"Tinker, Tailor\"");
  CHECK(field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(field("two\nlines") == "\"two\nlines\"");
  CHECK(field("cr\rhere") == "\"cr\rhere\"");
  CHECK(field(" padded") == "\" padded\"");
  CHECK(field("padded\t") == "\"padded\t\"");
  CHECK(field("back\\slash;semi|pipe") == "back\\slash;semi|pipe");
}

TEST_CASE("csv_writer: quoting follows the file's own delimiter", "[csv_writer]") {
  CHECK(field("a, b", ';') == "a, b");
  CHECK(field("a; b", ';') == "\"a; b\"");
  CHECK(field("a, b", '\t') == "a, b");
  CHECK(field("a\tb", '\t') == "\"a\tb\"");
}

TEST_CASE("csv_writer: encode_record joins fields and ends with the file's break", "[csv_writer]") {
  CHECK(abp::encode_record({"a", "b, c", ""}, ',', abp::LineEnd::kLf) == "a,\"b, c\",\n");
  CHECK(abp::encode_record({"a", "b"}, ';', abp::LineEnd::kCrLf) == "a;b\r\n");
  CHECK(abp::encode_record({"a", "b"}, '\t', abp::LineEnd::kCr) == "a\tb\r");
  CHECK(abp::encode_record({"", "", ""}, ',', abp::LineEnd::kLf) == ",,\n");
}

TEST_CASE("csv_writer: replace_csv_field_value keeps how the field was written", "[csv]") {
  using abp::replace_csv_field_value;
  CHECK(replace_csv_field_value("Viking", "Penguin", ',') == "Penguin");
  CHECK(replace_csv_field_value("  Viking \t", "Penguin", ',') == "  Penguin \t");
  CHECK(replace_csv_field_value("Viking", "Penguin, Inc.", ',') == "\"Penguin, Inc.\"");
  CHECK(replace_csv_field_value(" Viking ", "Say \"hi\"", ',') == " \"Say \"\"hi\"\"\" ");
  CHECK(replace_csv_field_value("\"Viking\"", "Penguin", ',') == "\"Penguin\"");
  CHECK(replace_csv_field_value(" \" Viking  \" ", "A \"B\"", ',') == " \" A \"\"B\"\"  \" ");
  CHECK(replace_csv_field_value("\"Vi\"\"king\"", "P", ',') == "\"P\"");
  CHECK(replace_csv_field_value("\"a,\nb\"", "c", ',') == "\"c\"");
  // Text after the closing quote belongs to the value: the field is written anew.
  CHECK(replace_csv_field_value("\"A\" Is for Alibi", "B", ',') == "B");
  // A blank that is the delimiter is not padding.
  CHECK(replace_csv_field_value("Viking", "Penguin Books", ' ') == "\"Penguin Books\"");
  // Inside quotes it is: a tab there is padding in a TSV file too, and stays (fuzz finding).
  CHECK(replace_csv_field_value("\"Q\t\"", "Fresh Name", '\t') == "\"Fresh Name\t\"");
  CHECK(replace_csv_field_value("\" Q \"", "R", ' ') == "\" R \"");
  CHECK(replace_csv_field_value("", "P", ',') == "P");
}
