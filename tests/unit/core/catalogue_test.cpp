#include "abp/core/catalogue.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::catalogue_of;
using abp_test::Triple;
using abp_test::triples;

TEST_CASE("catalogue: duplicate facts are kept once", "[catalogue]") {
  const auto catalogue = catalogue_of({{"King", "It", "Viking"},
                                       {"King", "It", "Viking"},
                                       {"King", "It", "Signet"},
                                       {"King", "It", "Viking"}});
  CHECK(triples(catalogue) ==
        std::vector<Triple>{{"King", "It", "Signet"}, {"King", "It", "Viking"}});
}

TEST_CASE("catalogue: facts come in tree order, every name compared byte-wise", "[catalogue]") {
  const auto catalogue = catalogue_of({{"zoë", "b", "p"},
                                       {"Zoe", "b", "p"},
                                       {"", "z", "p"},
                                       {"Zoe", "a", "q"},
                                       {"Zoe", "a", "P"},
                                       {"Émile", "x", "p"}});
  CHECK(triples(catalogue) == std::vector<Triple>{{"", "z", "p"},
                                                  {"Zoe", "a", "P"},
                                                  {"Zoe", "a", "q"},
                                                  {"Zoe", "b", "p"},
                                                  {"zoë", "b", "p"},
                                                  {"Émile", "x", "p"}});
  CHECK(catalogue.publisher_count() == 3);
}

TEST_CASE("catalogue: two authors may each have a book of the same title", "[catalogue]") {
  const auto catalogue = catalogue_of({{"King", "It", "Viking"}, {"Other", "It", "Viking"}});
  CHECK(catalogue.facts().size() == 2);
}

TEST_CASE("catalogue: contains compares exact bytes", "[catalogue]") {
  abp::CatalogueBuilder builder;
  builder.add(abp::Fact{builder.authors().intern("Stephen King"), builder.titles().intern("It"),
                        builder.publishers().intern("Viking")});
  builder.titles().intern("Carrie");  // a known title alone is no fact
  CHECK(builder.contains("Stephen King", "It", "Viking"));
  CHECK_FALSE(builder.contains("Stephen King", "Carrie", "Viking"));
  CHECK_FALSE(builder.contains("stephen king", "It", "Viking"));
  CHECK_FALSE(builder.contains("Stephen King", "It", "Viking "));
  CHECK_FALSE(builder.contains("", "", ""));
}

TEST_CASE("catalogue: names outlive the builder they came from", "[catalogue]") {
  abp::Catalogue catalogue;
  {
    abp::CatalogueBuilder builder;
    const std::string long_name(5000, 'n');
    builder.add(abp::Fact{builder.authors().intern(long_name), builder.titles().intern("t"),
                          builder.publishers().intern("p")});
    catalogue = std::move(builder).finish();
  }
  REQUIRE(catalogue.facts().size() == 1);
  CHECK(catalogue.author_name(catalogue.facts()[0].author) == std::string(5000, 'n'));
}

TEST_CASE("catalogue: an author's many titles come in byte-wise order, duplicates once",
          "[catalogue]") {
  // A few authors with thousands of titles each (many sharing long prefixes, with NUL, high
  // bytes and prefixes of one another), so titles are ordered within large authors; the same
  // titles under several authors, and every fact twice.
  std::mt19937 rng(5);
  std::vector<std::string> titles;
  for (int i = 0; i < 6000; ++i) {
    std::string t = i % 2 == 0 ? "Chronicles of the Long Shared Prefix, Volume " : "";
    const int length = static_cast<int>(rng() % 12);
    for (int j = 0; j < length; ++j) t += "aZ \0\x7F\xC3\xA9\xFF"[rng() % 8];
    titles.push_back(t);
  }
  const std::vector<std::string> authors = {"Zed", "Ann", "", "Ann Lee", "Bob"};
  std::vector<abp_test::Triple> facts;
  std::vector<abp_test::Triple> expected;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const abp_test::Triple fact = {authors[rng() % authors.size()], titles[i],
                                   "P" + std::to_string(rng() % 7)};
    facts.push_back(fact);
    facts.push_back(fact);
    expected.push_back(fact);
    if (i % 3 == 0) {
      const abp_test::Triple other = {authors[(i / 3) % authors.size()], titles[i], "P0"};
      facts.push_back(other);
      expected.push_back(other);
    }
  }
  std::shuffle(facts.begin(), facts.end(), rng);
  std::sort(expected.begin(), expected.end());  // std::string compares bytes as unsigned
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  CHECK(abp_test::triples(abp_test::catalogue_of(facts)) == expected);
}

TEST_CASE("catalogue: with row counts kept, each fact knows how many rows stated it",
          "[catalogue]") {
  const std::vector<Triple> rows{{"King", "It", "Viking"}, {"Le Guin", "Lathe", "Avon"},
                                 {"King", "It", "Viking"}, {"King", "Carrie", "Doubleday"},
                                 {"King", "It", "Viking"}, {"Le Guin", "Lathe", "Avon"}};
  const auto counted = catalogue_of(rows, abp::RowCounts::kKeep);
  REQUIRE(counted.has_row_counts());
  REQUIRE(triples(counted) == std::vector<Triple>{{"King", "Carrie", "Doubleday"},
                                                  {"King", "It", "Viking"},
                                                  {"Le Guin", "Lathe", "Avon"}});
  CHECK(counted.fact_rows(0) == 1);
  CHECK(counted.fact_rows(1) == 3);
  CHECK(counted.fact_rows(2) == 2);
  const auto plain = catalogue_of(rows);
  CHECK_FALSE(plain.has_row_counts());
  CHECK(plain.fact_rows(1) == 1);
  CHECK(triples(plain) == triples(counted));
}

TEST_CASE("catalogue: row counts follow an author's titles when they are reordered",
          "[catalogue]") {
  // Titles interned in an order unlike their byte order, each stated a different number of
  // times, so the counts must move with the facts when each author's titles are sorted.
  std::vector<Triple> rows;
  const std::vector<std::string> titles{"d", "b", "e", "a", "c"};
  for (std::size_t i = 0; i < titles.size(); ++i) {
    for (std::size_t copy = 0; copy <= i; ++copy) rows.push_back({"A", titles[i], "P"});
  }
  const auto counted = catalogue_of(rows, abp::RowCounts::kKeep);
  REQUIRE(triples(counted).size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    const std::string title = triples(counted)[i][1];
    const auto at = std::find(titles.begin(), titles.end(), title) - titles.begin();
    CHECK(counted.fact_rows(i) == static_cast<std::uint32_t>(at + 1));
  }
}

TEST_CASE("catalogue: with_facts shares the names", "[catalogue]") {
  const auto catalogue = catalogue_of({{"A", "t", "P"}, {"B", "u", "Q"}});
  const auto only_b = catalogue.with_facts({catalogue.facts()[1]}, {});
  CHECK(triples(only_b) == std::vector<Triple>{{"B", "u", "Q"}});
  CHECK(only_b.author_count() == 2);
  CHECK(only_b.publisher_count() == 2);
}

TEST_CASE("catalogue: a large one sorts and counts as a plain map does", "[catalogue]") {
  // Enough facts that finishing hands the memory of the facts read, and of the keys turned
  // into facts, back in many steps (fast/page_buffer.hpp's give_back_pages): what is kept
  // and counted must be exactly what sorting the triples gives.
  std::mt19937 rng(11);
  std::vector<Triple> rows;
  std::map<Triple, std::uint32_t> expected;
  for (int i = 0; i < 400000; ++i) {
    const Triple row{"Author " + std::to_string(rng() % 3000),
                     "Title " + std::to_string(rng() % 60000),
                     "Publisher " + std::to_string(rng() % 20)};
    rows.push_back(row);
    ++expected[row];
  }
  const abp::Catalogue counted = catalogue_of(rows, abp::RowCounts::kKeep);
  const std::vector<Triple> found = triples(counted);
  REQUIRE(found.size() == expected.size());
  std::size_t i = 0;
  bool same = true;
  for (const auto& [triple, count] : expected) {
    same = same && found[i] == triple && counted.fact_rows(i) == count;
    ++i;
  }
  CHECK(same);
  CHECK(triples(catalogue_of(rows)) == found);
}
