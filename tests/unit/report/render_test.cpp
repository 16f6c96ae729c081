#include "abp/report/render.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::render;

namespace {

const abp::Catalogue& sample() {
  static const abp::Catalogue catalogue = abp_test::catalogue_of({
      {"Stephen King", "It", "Random House"},
      {"Stephen King", "It", "Penguin"},
      {"Stephen King", "Carrie", "Random House"},
      {"Anne Rice", "Lestat, the Vampire", "Random House"},
  });
  return catalogue;
}

abp::RenderOptions options(abp::Format format, abp::Sections sections = {}) {
  abp::RenderOptions o;
  o.format = format;
  o.sections = sections;
  return o;
}

constexpr abp::Sections kBooks{true, false, false};
constexpr abp::Sections kAuthors{false, true, false};
constexpr abp::Sections kTree{false, false, true};

}  // namespace

TEST_CASE("render: the text report has three sections split by blank lines", "[render]") {
  CHECK(render(sample(), options(abp::Format::kText)) ==
        "Publisher: Random House, total books: 3\n"
        "Publisher: Penguin, total books: 1\n"
        "\n"
        "Publisher: Random House, total authors: 2\n"
        "Publisher: Penguin, total authors: 1\n"
        "\n"
        "Authors\n"
        "├── Anne Rice\n"
        "│   └── Lestat, the Vampire\n"
        "│       └── Random House\n"
        "└── Stephen King\n"
        "    ├── Carrie\n"
        "    │   └── Random House\n"
        "    └── It\n"
        "        ├── Penguin\n"
        "        └── Random House\n");
}

TEST_CASE("render: --ascii draws the same tree with ASCII", "[render]") {
  auto o = options(abp::Format::kText, kTree);
  o.style = abp::TreeStyle::kAscii;
  CHECK(render(sample(), o) ==
        "Authors\n"
        "|-- Anne Rice\n"
        "|   `-- Lestat, the Vampire\n"
        "|       `-- Random House\n"
        "`-- Stephen King\n"
        "    |-- Carrie\n"
        "    |   `-- Random House\n"
        "    `-- It\n"
        "        |-- Penguin\n"
        "        `-- Random House\n");
}

TEST_CASE("render: --ascending reorders the counts, not the tree", "[render]") {
  auto o = options(abp::Format::kText);
  o.order = abp::SortOrder::kAscending;
  const std::string text = render(sample(), o);
  CHECK_THAT(text, Catch::StartsWith("Publisher: Penguin, total books: 1\n"
                                     "Publisher: Random House, total books: 3\n\n"
                                     "Publisher: Penguin, total authors: 1\n"
                                     "Publisher: Random House, total authors: 2\n\n"));
  CHECK_THAT(text, Catch::EndsWith(render(sample(), options(abp::Format::kText, kTree))));
}

TEST_CASE("render: sections print in fixed order; blank lines stay when empty", "[render]") {
  const auto empty = abp_test::catalogue_of({});
  CHECK(render(empty, options(abp::Format::kText)) == "\n\nAuthors\n");
  CHECK(render(empty, options(abp::Format::kText, {true, false, true})) == "\nAuthors\n");
  CHECK(render(empty, options(abp::Format::kText, kBooks)) == "");
  CHECK(render(sample(), options(abp::Format::kText, {true, false, true})) ==
        "Publisher: Random House, total books: 3\nPublisher: Penguin, total books: 1\n\n" +
            render(sample(), options(abp::Format::kText, kTree)));
}

TEST_CASE("render: text shows empty values as (unknown) and escapes controls", "[render]") {
  const auto c = abp_test::catalogue_of({{"", "\x1b[2Jwipe", "Pub\xC2\x85"}, {"A\\B", "", ""}});
  CHECK(render(c, options(abp::Format::kText)) ==
        "Publisher: Pub\\u0085, total books: 1\n"
        "Publisher: (unknown), total books: 1\n"
        "\n"
        "Publisher: Pub\\u0085, total authors: 1\n"
        "Publisher: (unknown), total authors: 1\n"
        "\n"
        "Authors\n"
        "├── (unknown)\n"
        "│   └── \\x1b[2Jwipe\n"
        "│       └── Pub\\u0085\n"
        "└── A\\B\n"
        "    └── (unknown)\n"
        "        └── (unknown)\n");
}

TEST_CASE("render: csv has a header row and quotes only where needed", "[render]") {
  const auto c = abp_test::catalogue_of(
      {{"Ann \"Q\"", "Two\r\nlines", "Comma, Inc"}, {"", "back\\slash", "Plain"}});
  CHECK(render(c, options(abp::Format::kCsv, kTree)) ==
        "author,title,publisher\n"
        ",back\\slash,Plain\n"
        "\"Ann \"\"Q\"\"\",\"Two\r\nlines\",\"Comma, Inc\"\n");
  CHECK(render(c, options(abp::Format::kCsv, kBooks)) ==
        "publisher,books\nPlain,1\n\"Comma, Inc\",1\n");
  CHECK(render(c, options(abp::Format::kCsv, kAuthors)) ==
        "publisher,authors\nPlain,1\n\"Comma, Inc\",1\n");
}

TEST_CASE("render: tsv escapes tab, LF, CR and backslash, nothing else", "[render]") {
  const auto c = abp_test::catalogue_of({{"A\tB", "x\ny\r", "back\\slash, \"q\""}});
  CHECK(render(c, options(abp::Format::kTsv, kTree)) ==
        "author\ttitle\tpublisher\n"
        "A\\tB\tx\\ny\\r\tback\\\\slash, \"q\"\n");
  CHECK(render(c, options(abp::Format::kTsv, kAuthors)) ==
        "publisher\tauthors\nback\\\\slash, \"q\"\t1\n");
}

TEST_CASE("render: json is one line with keys for the sections asked for", "[render]") {
  CHECK(render(sample(), options(abp::Format::kJson)) ==
        "{\"books_by_publisher\":[{\"publisher\":\"Random House\",\"books\":3},"
        "{\"publisher\":\"Penguin\",\"books\":1}],"
        "\"authors_by_publisher\":[{\"publisher\":\"Random House\",\"authors\":2},"
        "{\"publisher\":\"Penguin\",\"authors\":1}],"
        "\"tree\":[{\"author\":\"Anne Rice\",\"books\":[{\"title\":\"Lestat, the Vampire\","
        "\"publishers\":[\"Random House\"]}]},"
        "{\"author\":\"Stephen King\",\"books\":[{\"title\":\"Carrie\",\"publishers\":"
        "[\"Random House\"]},{\"title\":\"It\",\"publishers\":[\"Penguin\","
        "\"Random House\"]}]}]}\n");
  CHECK(render(sample(), options(abp::Format::kJson, kAuthors)) ==
        "{\"authors_by_publisher\":[{\"publisher\":\"Random House\",\"authors\":2},"
        "{\"publisher\":\"Penguin\",\"authors\":1}]}\n");
  CHECK(render(abp_test::catalogue_of({}), options(abp::Format::kJson)) ==
        "{\"books_by_publisher\":[],\"authors_by_publisher\":[],\"tree\":[]}\n");
}

TEST_CASE("render: json escapes quotes, backslash and controls, keeps UTF-8", "[render]") {
  const auto c = abp_test::catalogue_of({{"", "\"q\" \\ \n\t\x01\x7f", "Zoë \xC2\x85"}});
  CHECK(render(c, options(abp::Format::kJson, kTree)) ==
        "{\"tree\":[{\"author\":\"\",\"books\":[{\"title\":\"\\\"q\\\" \\\\ \\n\\t\\u0001\x7f\","
        "\"publishers\":[\"Zoë \xC2\x85\"]}]}]}\n");
}

TEST_CASE("render: csv and tsv need exactly one section, json and text any", "[render]") {
  for (const abp::Format format : {abp::Format::kCsv, abp::Format::kTsv}) {
    CHECK(abp_test::error_of([&] {
            abp::validate_render_options(options(format), false);
          }).code() == abp::ExitCode::kUsage);
    CHECK(abp_test::error_of([&] {
            abp::validate_render_options(options(format, {true, false, true}), true);
          }).code() == abp::ExitCode::kUsage);
    CHECK_NOTHROW(abp::validate_render_options(options(format, kAuthors), true));
  }
  CHECK_NOTHROW(abp::validate_render_options(options(abp::Format::kJson), false));
  CHECK_NOTHROW(abp::validate_render_options(options(abp::Format::kText, kTree), true));
}

TEST_CASE("render: a tree written in pieces on two threads has the same bytes", "[render]") {
  // Authors with one to many leaves, so pieces start and end everywhere: at an author, a
  // book, or inside either.
  std::vector<abp_test::Triple> facts;
  for (int a = 0; a < 40; ++a) {
    for (int b = 0; b <= a % 7; ++b) {
      for (int p = 0; p <= (a + b) % 3; ++p) {
        facts.push_back({"author " + std::to_string(a), "book " + std::to_string(b),
                         "publisher " + std::to_string(p)});
      }
    }
  }
  facts.push_back({"", "", ""});  // (unknown) sorts first
  // One author of many books, and one book of many publishers: pieces start inside both.
  for (int b = 0; b < 300; ++b) facts.push_back({"prolific", "b" + std::to_string(b), "P"});
  for (int p = 0; p < 200; ++p) facts.push_back({"one", "book", "p" + std::to_string(p)});
  const abp::Catalogue catalogue = abp_test::catalogue_of(facts);
  for (const abp::Format format : {abp::Format::kText, abp::Format::kCsv, abp::Format::kTsv,
                                   abp::Format::kJson, abp::Format::kNdjson}) {
    abp::RenderOptions one_thread = options(format, kTree);
    one_thread.piece_leaves = 0;
    const std::string expected = render(catalogue, one_thread);
    REQUIRE(expected.size() > 1000);
    for (const std::size_t leaves : std::vector<std::size_t>{1, 2, 5, 17, 64, 250, 100000}) {
      abp::RenderOptions pieces = one_thread;
      pieces.piece_leaves = leaves;
      INFO("format " << static_cast<int>(format) << ", " << leaves << " leaves a piece");
      CHECK(render(catalogue, pieces) == expected);
    }
  }
  abp::RenderOptions all = options(abp::Format::kText);
  abp::RenderOptions all_pieces = all;
  all.piece_leaves = 0;
  all_pieces.piece_leaves = 3;
  CHECK(render(catalogue, all_pieces) == render(catalogue, all));
}
