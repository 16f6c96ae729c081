#include "abp/report/json_writer.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::render;

TEST_CASE("json_writer: json is one line with keys for the sections asked for", "[json_writer]") {
  CHECK(render(abp_test::sample_catalogue(), abp_test::report_options(abp::Format::kJson)) ==
        "{\"books_by_publisher\":[{\"publisher\":\"Random House\",\"books\":3},"
        "{\"publisher\":\"Penguin\",\"books\":1}],"
        "\"authors_by_publisher\":[{\"publisher\":\"Random House\",\"authors\":2},"
        "{\"publisher\":\"Penguin\",\"authors\":1}],"
        "\"tree\":[{\"author\":\"Anne Rice\",\"books\":[{\"title\":\"Lestat, the Vampire\","
        "\"publishers\":[\"Random House\"]}]},"
        "{\"author\":\"Stephen King\",\"books\":[{\"title\":\"Carrie\",\"publishers\":"
        "[\"Random House\"]},{\"title\":\"It\",\"publishers\":[\"Penguin\","
        "\"Random House\"]}]}]}\n");
  CHECK(render(abp_test::sample_catalogue(),
               abp_test::report_options(abp::Format::kJson, abp_test::kAuthors)) ==
        "{\"authors_by_publisher\":[{\"publisher\":\"Random House\",\"authors\":2},"
        "{\"publisher\":\"Penguin\",\"authors\":1}]}\n");
  CHECK(render(abp_test::catalogue_of({}), abp_test::report_options(abp::Format::kJson)) ==
        "{\"books_by_publisher\":[],\"authors_by_publisher\":[],\"tree\":[]}\n");
}

TEST_CASE("json_writer: json escapes quotes, backslash and controls, keeps UTF-8",
          "[json_writer]") {
  const auto c = abp_test::catalogue_of({{"", "\"q\" \\ \n\t\x01\x7f", "Zoë \xC2\x85"}});
  CHECK(render(c, abp_test::report_options(abp::Format::kJson, abp_test::kTree)) ==
        "{\"tree\":[{\"author\":\"\",\"books\":[{\"title\":\"\\\"q\\\" \\\\ \\n\\t\\u0001\x7f\","
        "\"publishers\":[\"Zoë \xC2\x85\"]}]}]}\n");
}

TEST_CASE("json_writer: books_by_author comes after the publisher sections, before the tree",
          "[json_writer]") {
  abp::Sections sections{true, false, true, true};
  CHECK(render(abp_test::sample_catalogue(),
               abp_test::report_options(abp::Format::kJson, sections)) ==
        "{\"books_by_publisher\":[{\"publisher\":\"Random House\",\"books\":3},"
        "{\"publisher\":\"Penguin\",\"books\":1}],"
        "\"books_by_author\":[{\"author\":\"Stephen King\",\"books\":2},"
        "{\"author\":\"Anne Rice\",\"books\":1}],"
        "\"tree\":[{\"author\":\"Anne Rice\",\"books\":[{\"title\":\"Lestat, the Vampire\","
        "\"publishers\":[\"Random House\"]}]},"
        "{\"author\":\"Stephen King\",\"books\":[{\"title\":\"Carrie\",\"publishers\":"
        "[\"Random House\"]},{\"title\":\"It\",\"publishers\":[\"Penguin\","
        "\"Random House\"]}]}]}\n");
  auto ndjson = abp_test::report_options(abp::Format::kNdjson, abp_test::kAuthorBooks);
  CHECK(render(abp_test::sample_catalogue(), ndjson) ==
        "{\"author\":\"Stephen King\",\"books\":2}\n{\"author\":\"Anne Rice\",\"books\":1}\n");
}
