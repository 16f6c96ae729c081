#include "abp/serve/reading.hpp"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/fold.hpp"
#include "abp/serve/http_types.hpp"
#include "support.hpp"

using abp_test::catalogue_of;
using abp_test::Triple;
using abp_test::triples;

namespace {

// The status of the HttpError that `f` throws, 0 when it throws none.
template <typename F>
int http_status_of(F&& f) {
  try {
    f();
  } catch (const abp::HttpError& e) {
    return e.status();
  }
  return 0;
}

// What /search must find, the slow way: every fact in tree order whose author, title or
// publisher folds to something holding fold(text).
std::vector<std::uint32_t> searched_slowly(const abp::Catalogue& catalogue, const std::string& text,
                                           std::size_t limit) {
  const std::string wanted = abp::fold(text);
  std::vector<std::uint32_t> found;
  for (std::size_t i = 0; i < catalogue.facts().size() && found.size() < limit; ++i) {
    const abp::RankedFact& f = catalogue.facts()[i];
    for (const std::string_view name :
         {catalogue.author_name(f.author), catalogue.title_name(f.title),
          catalogue.publisher_name(f.publisher)}) {
      if (abp::fold(name).find(wanted) != std::string::npos) {
        found.push_back(static_cast<std::uint32_t>(i));
        break;
      }
    }
  }
  return found;
}

const std::vector<std::string> kWords = {"Café",   "cafe",    "KING",  "Stephen", "le",
                                         "Guin",   "ünïcode", "l'été", "Tor",     "TOR",
                                         "Straße", "x",       "ab",    "abc",     "Ab-C"};

std::string phrase(std::mt19937& rng) {
  std::string out;
  const int words = 1 + static_cast<int>(rng() % 3);
  for (int w = 0; w < words; ++w) {
    if (w > 0) out += rng() % 4 == 0 ? ", " : " ";
    out += kWords[rng() % kWords.size()];
  }
  return out;
}

std::vector<Triple> random_facts(std::mt19937& rng, std::size_t n) {
  std::vector<Triple> facts;
  for (std::size_t i = 0; i < n; ++i) facts.push_back({phrase(rng), phrase(rng), phrase(rng)});
  return facts;
}

void check_searches(const abp::Reading& reading, std::mt19937& rng) {
  const std::vector<std::string> texts = {
      "",        "  ",  "cafe",    "CAFÉ",  "king stephen", "ng st",         "e",      "ab c",
      "le guin", "ete", "strasse", "x, ab", "tor",          "no such thing", "abc ab", "b c"};
  for (const std::string& text : texts) {
    for (const std::size_t limit : {std::size_t{3}, std::size_t{100}}) {
      INFO("search '" << text << "', limit " << limit);
      CHECK(reading.search(text, limit) == searched_slowly(reading.catalogue(), text, limit));
    }
  }
  const std::string text = phrase(rng);
  INFO("search '" << text << "'");
  CHECK(reading.search(text, 100) == searched_slowly(reading.catalogue(), text, 100));
}

}  // namespace

TEST_CASE("reading: search finds what folding every name would find", "[serve]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    const auto reading = abp::Reading::fresh(catalogue_of(random_facts(rng, 1 + rng() % 300)));
    check_searches(*reading, rng);
  }
}

TEST_CASE("reading: a merged reading answers as a fresh one of the same facts", "[serve]") {
  std::mt19937 rng(8);
  for (int round = 0; round < 20; ++round) {
    std::vector<Triple> all = random_facts(rng, 1 + rng() % 200);
    std::shared_ptr<const abp::Reading> reading = abp::Reading::fresh(catalogue_of(all));
    // Several merges in a row, as adds come, each with names old and new.
    for (int step = 0; step < 4; ++step) {
      const std::vector<Triple> more = random_facts(rng, rng() % 20);
      all.insert(all.end(), more.begin(), more.end());
      // Held twice for every other step: the old reading stays usable when a request has it.
      const std::shared_ptr<const abp::Reading> held = step % 2 == 0 ? reading : nullptr;
      const std::vector<Triple> held_facts =
          held ? triples(held->catalogue()) : std::vector<Triple>{};
      reading = abp::Reading::merged(reading, catalogue_of(more));
      if (held) CHECK(triples(held->catalogue()) == held_facts);
      const auto fresh = abp::Reading::fresh(catalogue_of(all));
      REQUIRE(triples(reading->catalogue()) == triples(fresh->catalogue()));
      const abp::Totals& got = reading->totals();
      const abp::Totals& want = fresh->totals();
      CHECK(got.facts == want.facts);
      CHECK(got.books == want.books);
      CHECK(got.authors == want.authors);
      CHECK(got.publishers == want.publishers);
      check_searches(*reading, rng);
    }
  }
}

TEST_CASE("reading: counts are the report's, lookups by name", "[serve]") {
  const auto reading = abp::Reading::fresh(catalogue_of({{"King", "It", "Viking"},
                                                         {"King", "It", "Signet"},
                                                         {"King", "Carrie", "Viking"},
                                                         {"Austen", "Emma", "Viking"}}));
  const abp::Catalogue& catalogue = reading->catalogue();
  CHECK(reading->totals().facts == 4);
  CHECK(reading->totals().books == 3);
  CHECK(reading->totals().authors == 2);
  CHECK(reading->totals().publishers == 2);
  const auto& books = reading->books_by_publisher();
  REQUIRE(books.size() == 2);
  CHECK(catalogue.publisher_name(books[0].publisher) == "Viking");
  CHECK(books[0].count == 3);
  const abp::Id viking = catalogue.find_publisher("Viking");
  CHECK(reading->publisher_books(viking) == 3);
  CHECK(reading->publisher_authors(viking) == 2);
  const auto [first, last] = reading->publisher_facts(viking);
  CHECK(last - first == 3);
  const auto [begin, end] = reading->author_facts(catalogue.find_author("King"));
  CHECK(end - begin == 3);
  CHECK(reading->books_in(begin, end) == 2);
  CHECK(reading->listed_authors().size() == 2);
  CHECK(reading->named_author_facts("King") == std::make_pair(begin, end));
  CHECK(reading->named_publisher("Viking") == viking);
  for (const char* nobody : {"Kin", "king", ""}) {
    CHECK(http_status_of([&] { reading->named_author_facts(nobody); }) == 404);
    CHECK(http_status_of([&] { reading->named_publisher(nobody); }) == 404);
  }
}
