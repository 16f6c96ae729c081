#include "abp/core/aggregate.hpp"

#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

namespace {

using Counts = std::vector<std::pair<std::string, std::uint64_t>>;

Counts named(const abp::Catalogue& catalogue, const std::vector<abp::PublisherCount>& lines) {
  Counts out;
  for (const auto& line : lines) {
    out.emplace_back(std::string(catalogue.publisher_name(line.publisher)), line.count);
  }
  return out;
}

// Two authors with a book called It at Viking, one author twice at Signet, a shared title.
const abp::Catalogue& sample() {
  static const abp::Catalogue catalogue = abp_test::catalogue_of({
      {"King", "It", "Viking"},
      {"Other", "It", "Viking"},
      {"King", "It", "Viking"},
      {"King", "Carrie", "Signet"},
      {"King", "It", "Signet"},
      {"Ann", "A", "Alpha"},
      {"Bob", "B", "Alpha"},
      {"", "", ""},
  });
  return catalogue;
}

}  // namespace

TEST_CASE("aggregate: books_by_publisher counts distinct (author, title) books", "[aggregate]") {
  const auto& c = sample();
  CHECK(named(c, abp::books_by_publisher(c, abp::SortOrder::kDescending)) ==
        Counts{{"Viking", 2}, {"Signet", 2}, {"Alpha", 2}, {"", 1}});
}

TEST_CASE("aggregate: authors_by_publisher counts distinct authors", "[aggregate]") {
  const auto& c = sample();
  CHECK(named(c, abp::authors_by_publisher(c, abp::SortOrder::kDescending)) ==
        Counts{{"Viking", 2}, {"Alpha", 2}, {"Signet", 1}, {"", 1}});
}

TEST_CASE("aggregate: --ascending sorts by (count, name) ascending", "[aggregate]") {
  const auto& c = sample();
  CHECK(named(c, abp::books_by_publisher(c, abp::SortOrder::kAscending)) ==
        Counts{{"", 1}, {"Alpha", 2}, {"Signet", 2}, {"Viking", 2}});
  CHECK(named(c, abp::authors_by_publisher(c, abp::SortOrder::kAscending)) ==
        Counts{{"", 1}, {"Signet", 1}, {"Alpha", 2}, {"Viking", 2}});
}

TEST_CASE("aggregate: an author met again after other authors still counts once", "[aggregate]") {
  // Facts are grouped by author; a publisher sees authors A, B, then A's second title.
  const auto c = abp_test::catalogue_of(
      {{"A", "1", "P"}, {"B", "1", "P"}, {"A", "2", "P"}, {"A", "3", "Q"}, {"C", "1", "P"}});
  CHECK(named(c, abp::authors_by_publisher(c, abp::SortOrder::kDescending)) ==
        Counts{{"P", 3}, {"Q", 1}});
  CHECK(named(c, abp::books_by_publisher(c, abp::SortOrder::kDescending)) ==
        Counts{{"P", 4}, {"Q", 1}});
}

TEST_CASE("aggregate: an empty catalogue has no lines", "[aggregate]") {
  const auto c = abp_test::catalogue_of({});
  CHECK(abp::books_by_publisher(c, abp::SortOrder::kDescending).empty());
  CHECK(abp::authors_by_publisher(c, abp::SortOrder::kAscending).empty());
}

TEST_CASE("aggregate: books_by_author counts each author's distinct titles", "[aggregate]") {
  const auto& c = sample();
  auto authors = [&c](const std::vector<abp::AuthorCount>& lines) {
    Counts out;
    for (const auto& line : lines) {
      out.emplace_back(std::string(c.author_name(line.author)), line.count);
    }
    return out;
  };
  // King: It (at two publishers, stated twice) and Carrie.
  CHECK(authors(abp::books_by_author(c, abp::SortOrder::kDescending)) ==
        Counts{{"King", 2}, {"Other", 1}, {"Bob", 1}, {"Ann", 1}, {"", 1}});
  CHECK(authors(abp::books_by_author(c, abp::SortOrder::kAscending)) ==
        Counts{{"", 1}, {"Ann", 1}, {"Bob", 1}, {"Other", 1}, {"King", 2}});
}

TEST_CASE("aggregate: a catalogue counted on two threads counts as one pass would", "[aggregate]") {
  // Enough facts for two threads; an author of a fifth of them sits across the middle, so
  // the halves must meet past that author's run.
  std::mt19937 rng(3);
  std::vector<abp_test::Triple> facts;
  for (int i = 0; i < 60000; ++i) {
    const std::string author = i % 5 == 0 ? "A5 middle" : "A" + std::to_string(rng() % 900);
    facts.push_back({author, "T" + std::to_string(rng() % 500), "P" + std::to_string(rng() % 60)});
  }
  const abp::Catalogue catalogue = abp_test::catalogue_of(facts);
  std::map<std::string, std::set<std::pair<std::string, std::string>>> books;
  std::map<std::string, std::set<std::string>> authors;
  std::map<std::string, std::set<std::string>> author_books;
  for (const abp_test::Triple& f : facts) {
    books[f[2]].insert({f[0], f[1]});
    authors[f[2]].insert(f[0]);
    author_books[f[0]].insert(f[1]);
  }
  for (const auto& line : abp::books_by_publisher(catalogue, abp::SortOrder::kDescending)) {
    REQUIRE(line.count == books[std::string(catalogue.publisher_name(line.publisher))].size());
  }
  for (const auto& line : abp::authors_by_publisher(catalogue, abp::SortOrder::kDescending)) {
    REQUIRE(line.count == authors[std::string(catalogue.publisher_name(line.publisher))].size());
  }
  const auto by_author = abp::books_by_author(catalogue, abp::SortOrder::kDescending);
  REQUIRE(by_author.size() == author_books.size());
  for (const auto& line : by_author) {
    REQUIRE(line.count == author_books[std::string(catalogue.author_name(line.author))].size());
  }
  CHECK(abp::books_by_publisher(catalogue, abp::SortOrder::kDescending).size() == books.size());
  CHECK(abp::authors_by_publisher(catalogue, abp::SortOrder::kAscending).size() == authors.size());
}
