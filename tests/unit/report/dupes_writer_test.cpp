#include "abp/report/dupes_writer.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

namespace {

std::string text_of(const abp::Duplicates& dupes, const std::vector<std::string>& options) {
  std::string captured;
  abp::Output out(&captured);
  abp::write_duplicates_text(dupes, options, out);
  out.flush();
  return captured;
}

std::string json_of(const abp::Duplicates& dupes) {
  std::string captured;
  abp::Output out(&captured);
  abp::write_duplicates_json(dupes, out);
  out.flush();
  return captured;
}

}  // namespace

TEST_CASE("dupes_writer: shell_quote leaves plain words, quotes the others", "[dupes_writer]") {
  CHECK(abp::shell_quote("Tor") == "Tor");
  CHECK(abp::shell_quote("books.csv") == "books.csv");
  CHECK(abp::shell_quote("-30-") == "-30-");  // `--` before the values handles a dash
  CHECK(abp::shell_quote("") == "''");
  CHECK(abp::shell_quote("Simon & Schuster") == "'Simon & Schuster'");
  CHECK(abp::shell_quote("$HOME") == "'$HOME'");
  CHECK(abp::shell_quote("~/x") == "'~/x'");
  CHECK(abp::shell_quote("Rock 'n' Roll") == "'Rock '\\''n'\\'' Roll'");
  CHECK(abp::shell_quote("Caf\xC3\xA9") == "'Caf\xC3\xA9'");
}

TEST_CASE("dupes_writer: a control character or bidi control is written $'...'", "[dupes_writer]") {
  CHECK(abp::shell_quote("a\nb") == "$'a\\x0ab'");
  CHECK(abp::shell_quote("it's\t\\") == "$'it\\'s\\x09\\\\'");
  CHECK(abp::shell_quote("x\xC2\x85y") == "$'x\\u0085y'");                       // C1 NEL
  CHECK(abp::shell_quote("L \xE2\x80\xAER") == "$'L \\u202eR'");                 // RLO
  CHECK(abp::shell_quote("\xE2\x80\xA8") == "$'\\u2028'");                       // line separator
  CHECK(abp::shell_quote("\xE2\x81\xA6x\xE2\x81\xA9") == "$'\\u2066x\\u2069'");  // isolates
}

TEST_CASE("dupes_writer: text blocks end with the renames into the first spelling",
          "[dupes_writer]") {
  abp::Duplicates dupes;
  dupes.publishers.push_back({"tor", "", 10, {{"Tor", 7}, {"TOR", 2}, {"-tor-", 1}}});
  dupes.titles.push_back({"it", "Stephen King", 3, {{"It", 2}, {"IT", 1}}});
  CHECK(text_of(dupes, {"--file", "my books.csv"}) ==
        "Publisher \"tor\": 3 spellings, 10 rows\n"
        "  7  Tor\n"
        "  2  TOR\n"
        "  1  -tor-\n"
        "  abp rename --file 'my books.csv' publisher TOR Tor\n"
        "  abp rename --file 'my books.csv' publisher -- -tor- Tor\n"
        "\n"
        "Title \"it\" by Stephen King: 2 spellings, 3 rows\n"
        "  2  It\n"
        "  1  IT\n"
        "  abp rename --file 'my books.csv' title 'Stephen King' IT It\n");
  CHECK(text_of(abp::Duplicates{}, {}).empty());
}

TEST_CASE("dupes_writer: counts line up within a group; values are escaped for a terminal",
          "[dupes_writer]") {
  abp::Duplicates dupes;
  dupes.authors.push_back({"a b",
                           "",
                           1001,
                           {{"A B", 1000},
                            {"a\x1b"
                             "b",
                             1}}});
  CHECK(text_of(dupes, {}) ==
        "Author \"a b\": 2 spellings, 1001 rows\n"
        "  1000  A B\n"
        "     1  a\\x1bb\n"
        "  abp rename author $'a\\x1bb' 'A B'\n");
}

TEST_CASE("dupes_writer: json has the three kinds, titles with their author", "[dupes_writer]") {
  abp::Duplicates dupes;
  dupes.authors.push_back({"king stephen", "", 3, {{"Stephen King", 2}, {"King, \"S\"", 1}}});
  dupes.titles.push_back({"it", "Stephen King", 3, {{"It", 2}, {"IT", 1}}});
  CHECK(json_of(dupes) ==
        "{\"authors\":[{\"key\":\"king stephen\",\"spellings\":[{\"value\":\"Stephen King\","
        "\"rows\":2},{\"value\":\"King, \\\"S\\\"\",\"rows\":1}]}],\"publishers\":[],"
        "\"titles\":[{\"author\":\"Stephen King\",\"key\":\"it\",\"spellings\":[{\"value\":"
        "\"It\",\"rows\":2},{\"value\":\"IT\",\"rows\":1}]}]}\n");
  CHECK(json_of(abp::Duplicates{}) == "{\"authors\":[],\"publishers\":[],\"titles\":[]}\n");
}
