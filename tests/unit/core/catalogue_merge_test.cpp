#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/catalogue.hpp"
#include "support.hpp"

using abp_test::catalogue_of;
using abp_test::Triple;
using abp_test::triples;

namespace {

// Facts drawn from small name sets, so two draws share authors, titles and publishers often.
std::vector<Triple> random_facts(std::mt19937& rng, std::size_t n) {
  static const std::vector<std::string> names = {"",  "a",  "ab", "b",   "Zoe", "zoë",
                                                 "É", "It", "it", "It ", "x,y", "King"};
  std::vector<Triple> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back({names[rng() % names.size()], names[rng() % names.size()] + "t",
                   names[rng() % names.size()] + "p"});
  }
  return out;
}

}  // namespace

TEST_CASE("catalogue_merge: the result is the catalogue of both files' facts", "[catalogue]") {
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {
    const std::vector<Triple> first = random_facts(rng, rng() % 40);
    const std::vector<Triple> second = random_facts(rng, rng() % 8);
    std::vector<Triple> both = first;
    both.insert(both.end(), second.begin(), second.end());
    const abp::Catalogue base = catalogue_of(first);
    const abp::Catalogue more = catalogue_of(second);
    abp::MergedRanks ranks;
    const abp::Catalogue merged = abp::Catalogue::merge(base, more, &ranks);
    const abp::Catalogue expected = catalogue_of(both);
    REQUIRE(triples(merged) == triples(expected));
    REQUIRE(merged.author_count() == expected.author_count());
    REQUIRE(merged.publisher_count() == expected.publisher_count());
    for (abp::Id rank = 0; rank < base.author_count(); ++rank) {
      REQUIRE(merged.author_name(ranks.author[rank]) == base.author_name(rank));
    }
    for (abp::Id rank = 0; rank < base.publisher_count(); ++rank) {
      REQUIRE(merged.publisher_name(ranks.publisher[rank]) == base.publisher_name(rank));
    }
    // Within an author, one title text has one id: the tree finds each book once.
    const auto& facts = merged.facts();
    for (std::size_t i = 1; i < facts.size(); ++i) {
      if (facts[i].author == facts[i - 1].author && facts[i].title != facts[i - 1].title) {
        REQUIRE(merged.title_name(facts[i].title) != merged.title_name(facts[i - 1].title));
      }
    }
  }
}

TEST_CASE("catalogue_merge: merged names outlive both inputs", "[catalogue]") {
  abp::Catalogue merged;
  {
    const abp::Catalogue base = catalogue_of({{"King", "It", "Viking"}});
    const abp::Catalogue more = catalogue_of({{std::string(300, 'n'), "Carrie", "Doubleday"}});
    merged = abp::Catalogue::merge(abp::Catalogue::merge(base, more), catalogue_of({}));
  }
  CHECK(triples(merged) == std::vector<Triple>{{"King", "It", "Viking"},
                                               {std::string(300, 'n'), "Carrie", "Doubleday"}});
}

TEST_CASE("catalogue: lookups by name", "[catalogue]") {
  const abp::Catalogue catalogue = catalogue_of({{"King", "It", "Viking"},
                                                 {"King", "Carrie", "Doubleday"},
                                                 {"Austen", "Emma", "Murray"},
                                                 {"King", "It", "Signet"}});
  const abp::Id king = catalogue.find_author("King");
  REQUIRE(king != abp::StringPool::kMissing);
  CHECK(catalogue.author_name(king) == "King");
  CHECK(catalogue.find_author("king") == abp::StringPool::kMissing);
  CHECK(catalogue.find_author("") == abp::StringPool::kMissing);
  CHECK(catalogue.publisher_name(catalogue.find_publisher("Signet")) == "Signet");
  CHECK(catalogue.find_publisher("Penguin") == abp::StringPool::kMissing);
  const auto [first, last] = catalogue.author_facts(king);
  CHECK(first == 1);
  CHECK(last == 4);
  CHECK(catalogue.contains("King", "It", "Signet"));
  CHECK(catalogue.contains("Austen", "Emma", "Murray"));
  CHECK_FALSE(catalogue.contains("King", "Emma", "Murray"));
  CHECK_FALSE(catalogue.contains("King", "It", "Murray"));
  CHECK_FALSE(catalogue.contains("King", "It ", "Signet"));
}
