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

namespace {

// The plain escaper append_json_string() is held to: one byte at a time.
std::string plain_json_string(const std::string& value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\f') {
      out += "\\f";
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("json_writer: a string is escaped as byte by byte, whatever byte lies where",
          "[json_writer]") {
  // Every byte value at every place of a word-sized stretch and of its tail, in strings that
  // are otherwise plain: the eight- or sixteen-at-a-time check must see each one.
  for (const std::size_t length : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 23u, 31u, 32u, 33u, 40u}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string value(length, 'a');
        value[at] = static_cast<char>(byte);
        std::string out = "x";
        abp::append_json_string(out, value);
        INFO("length " << length << ", byte " << byte << " at " << at);
        REQUIRE(out == "x" + plain_json_string(value));
      }
    }
  }
  std::string empty;
  abp::append_json_string(empty, "");
  CHECK(empty == "\"\"");
  std::string utf8;
  abp::append_json_string(utf8, "Caf\xC3\xA9 \xE2\x80\xA8 \"Tor\"");
  CHECK(utf8 == "\"Caf\xC3\xA9 \xE2\x80\xA8 \\\"Tor\\\"\"");
}
