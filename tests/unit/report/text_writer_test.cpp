#include "abp/report/text_writer.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::render;

TEST_CASE("text_writer: the text report has three sections split by blank lines", "[text_writer]") {
  CHECK(render(abp_test::sample_catalogue(), abp_test::report_options(abp::Format::kText)) ==
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

TEST_CASE("text_writer: --ascii draws the same tree with ASCII", "[text_writer]") {
  auto o = abp_test::report_options(abp::Format::kText, abp_test::kTree);
  o.style = abp::TreeStyle::kAscii;
  CHECK(render(abp_test::sample_catalogue(), o) ==
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

TEST_CASE("text_writer: --ascending reorders the counts, not the tree", "[text_writer]") {
  auto o = abp_test::report_options(abp::Format::kText);
  o.order = abp::SortOrder::kAscending;
  const std::string text = render(abp_test::sample_catalogue(), o);
  CHECK_THAT(text, Catch::StartsWith("Publisher: Penguin, total books: 1\n"
                                     "Publisher: Random House, total books: 3\n\n"
                                     "Publisher: Penguin, total authors: 1\n"
                                     "Publisher: Random House, total authors: 2\n\n"));
  CHECK_THAT(
      text, Catch::EndsWith(render(abp_test::sample_catalogue(),
                                   abp_test::report_options(abp::Format::kText, abp_test::kTree))));
}

TEST_CASE("text_writer: sections print in fixed order; blank lines stay when empty",
          "[text_writer]") {
  const auto empty = abp_test::catalogue_of({});
  CHECK(render(empty, abp_test::report_options(abp::Format::kText)) == "\n\nAuthors\n");
  CHECK(render(empty, abp_test::report_options(abp::Format::kText, {true, false, true})) ==
        "\nAuthors\n");
  CHECK(render(empty, abp_test::report_options(abp::Format::kText, abp_test::kBooks)) == "");
  CHECK(render(abp_test::sample_catalogue(),
               abp_test::report_options(abp::Format::kText, {true, false, true})) ==
        "Publisher: Random House, total books: 3\nPublisher: Penguin, total books: 1\n\n" +
            render(abp_test::sample_catalogue(),
                   abp_test::report_options(abp::Format::kText, abp_test::kTree)));
}

TEST_CASE("text_writer: text shows empty values as (unknown) and escapes controls",
          "[text_writer]") {
  const auto c = abp_test::catalogue_of({{"", "\x1b[2Jwipe", "Pub\xC2\x85"}, {"A\\B", "", ""}});
  CHECK(render(c, abp_test::report_options(abp::Format::kText)) ==
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

TEST_CASE("text_writer: --color styles authors, titles, publishers, counts and bars",
          "[text_writer]") {
  auto o = abp_test::report_options(abp::Format::kText);
  o.color = true;
  o.bars = true;
  o.style = abp::TreeStyle::kAscii;
  o.width = 60;
  // in(style, text): `text` in one of the palette's styles, then the reset.
  const auto in = [](const char* style, const std::string& text) {
    return std::string("\x1b[") + style + "m" + text + "\x1b[0m";
  };
  const char* author = "1";
  const char* title = "36";
  const char* publisher = "33";
  const char* count = "1;32";
  const char* bar = "32";
  const auto bars = [&](std::size_t cells) { return in(bar, std::string(cells, '#')); };
  // The bars line up as without colour: in each section they start after its longest line
  // (39 and 41 columns), and the largest count's bar takes 60 - that - 2 cells.
  const std::string rh = "Publisher: " + in(publisher, "Random House") + ", total ";
  const std::string pg = "Publisher: " + in(publisher, "Penguin") + ", total ";
  CHECK(render(abp_test::sample_catalogue(), o) ==
        rh + "books: " + in(count, "3") + " " + bars(19) + "\n" +              //
            pg + "books: " + in(count, "1") + "      " + bars(6) + "\n\n" +    //
            rh + "authors: " + in(count, "2") + " " + bars(17) + "\n" +        //
            pg + "authors: " + in(count, "1") + "      " + bars(8) + "\n\n" +  //
            "Authors\n" +                                                      //
            "|-- " + in(author, "Anne Rice") + "\n" +                          //
            "|   `-- " + in(title, "Lestat, the Vampire") + "\n" +             //
            "|       `-- " + in(publisher, "Random House") + "\n" +            //
            "`-- " + in(author, "Stephen King") + "\n" +                       //
            "    |-- " + in(title, "Carrie") + "\n" +                          //
            "    |   `-- " + in(publisher, "Random House") + "\n" +            //
            "    `-- " + in(title, "It") + "\n" +                              //
            "        |-- " + in(publisher, "Penguin") + "\n" +                 //
            "        `-- " + in(publisher, "Random House") + "\n");
  // author-books lines name an author, in the authors' style.
  o.sections = abp_test::kAuthorBooks;
  o.bars = false;
  CHECK(render(abp_test::sample_catalogue(), o) ==
        "Author: " + in(author, "Stephen King") + ", total books: " + in(count, "2") + "\n" +
            "Author: " + in(author, "Anne Rice") + ", total books: " + in(count, "1") + "\n");
}

TEST_CASE("text_writer: colour leaves escaping alone: a value's own escape stays text",
          "[text_writer]") {
  auto o = abp_test::report_options(abp::Format::kText, abp_test::kTree);
  o.color = true;
  const auto c = abp_test::catalogue_of({{"", "\x1b[2Jwipe", "P"}});
  CHECK(render(c, o) ==
        "Authors\n"
        "└── \x1b[1m(unknown)\x1b[0m\n"
        "    └── \x1b[36m\\x1b[2Jwipe\x1b[0m\n"
        "        └── \x1b[33mP\x1b[0m\n");
}

TEST_CASE("text_writer: author-books lines name the author, in the fixed section order",
          "[text_writer]") {
  abp::Sections sections{false, true, false, true};
  auto o = abp_test::report_options(abp::Format::kText, sections);
  CHECK(render(abp_test::sample_catalogue(), o) ==
        "Publisher: Random House, total authors: 2\n"
        "Publisher: Penguin, total authors: 1\n"
        "\n"
        "Author: Stephen King, total books: 2\n"
        "Author: Anne Rice, total books: 1\n");
  o.order = abp::SortOrder::kAscending;
  o.top = 1;
  o.sections = abp_test::kAuthorBooks;
  CHECK(render(abp_test::sample_catalogue(), o) == "Author: Anne Rice, total books: 1\n");
  CHECK(render(abp_test::catalogue_of({{"", "t", "p"}}), o) ==
        "Author: (unknown), total books: 1\n");
}
