#include "abp/io/header.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

namespace {

using Names = std::vector<std::string>;

Names header_of(std::string bytes, char delimiter = ',', const std::string& encoding = "") {
  return abp::read_header(abp::make_memory_source(std::move(bytes)), "test.csv",
                          abp::Dialect{delimiter}, encoding);
}

}  // namespace

TEST_CASE("header: fields as the file holds them, quotes taken off", "[header]") {
  CHECK(header_of("first_name,last_name,title,publisher\nA,B,C,D\n") ==
        Names{"first_name", "last_name", "title", "publisher"});
  // A quoted name keeps its delimiter; as for any field (SPEC §2), a quote opens it only as
  // its first non-blank character and text after the closing quote is kept.
  CHECK(header_of("\"a,b\", \"c d\" ,title\n") == Names{"a,b", "c d ", "title"});
  CHECK(header_of("\"Primary\nAuthor\",\"say \"\"hi\"\"\"\n") ==
        Names{"Primary\nAuthor", "say \"hi\""});
}

TEST_CASE("header: the first record that is not blank, after a BOM, any line ending", "[header]") {
  CHECK(header_of("\n\r\nauthor,title\r\nA,B\r\n") == Names{"author", "title"});
  CHECK(header_of("\xef\xbb\xbf"
                  "author,title\r\n") == Names{"author", "title"});
  CHECK(header_of("author,title") == Names{"author", "title"});
}

TEST_CASE("header: split by the dialect given", "[header]") {
  CHECK(header_of("a;b,c;d\n", ';') == Names{"a", "b,c", "d"});
  CHECK(header_of("a\tb,c\n", '\t') == Names{"a", "b,c"});
}

TEST_CASE("header: converted from the encoding given", "[header]") {
  CHECK(header_of("Aut\xe9ur,Titre\n", ',', "latin1") == Names{"Aut\xc3\xa9ur", "Titre"});
}

TEST_CASE("header: none in an empty input; an unterminated quote is an error", "[header]") {
  CHECK(header_of("").empty());
  CHECK(header_of("\n\r\n").empty());
  CHECK(abp_test::error_of([] { header_of("\"author,title\n"); }).code() ==
        abp::ExitCode::kDataErr);
}
