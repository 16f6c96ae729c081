#include "abp/core/spellings.hpp"

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/fold.hpp"
#include "support.hpp"

using abp_test::catalogue_of;
using abp_test::Triple;
using abp_test::triples;

namespace {

// A group as (value, rows) pairs, for comparing in one CHECK.
std::vector<std::pair<std::string, std::uint64_t>> spellings(const abp::SpellingGroup& group) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const abp::Spelling& s : group.spellings) out.emplace_back(s.value, s.rows);
  return out;
}

using Spellings = std::vector<std::pair<std::string, std::uint64_t>>;

const std::vector<Triple> kRows{
    {"Stephen King", "It", "Tor"},
    {"Stephen King", "It", "TOR"},
    {"Stephen King", "Carrie", "Tor"},
    {"King, Stephen", "IT", "Viking"},
    {"Stephen King", "It", "Tor"},
    {"Ursula Le Guin", "Lathe", "ROC"},
    {"Ursula Le Guin", "Lathe", "Roc"},
    {"Ursula Le Guin", "The Lathe", "Roc"},
    {"Ursula Le Guin", "lathe!", "Roc"},
    {"Anon", "Lathe", "-"},
    {"Anon", "Lathe", "?"},
    {"Anon", "Lathe", ""},
};

}  // namespace

TEST_CASE("spellings: groups of authors, publishers and an author's titles", "[spellings]") {
  const abp::Catalogue catalogue = catalogue_of(kRows, abp::RowCounts::kKeep);
  const abp::Duplicates dupes = abp::find_duplicates(catalogue);
  REQUIRE(dupes.authors.size() == 1);
  CHECK(dupes.authors[0].key == "king stephen");
  CHECK(dupes.authors[0].rows == 5);
  CHECK(spellings(dupes.authors[0]) == Spellings{{"Stephen King", 4}, {"King, Stephen", 1}});

  // Tor: 3 rows (two of them the same fact), TOR 1; Roc 3, ROC 1. Equal rows: key decides.
  REQUIRE(dupes.publishers.size() == 2);
  CHECK(dupes.publishers[0].key == "roc");
  CHECK(spellings(dupes.publishers[0]) == Spellings{{"Roc", 3}, {"ROC", 1}});
  CHECK(dupes.publishers[1].key == "tor");
  CHECK(spellings(dupes.publishers[1]) == Spellings{{"Tor", 3}, {"TOR", 1}});

  // King's It/IT only meet once his two spellings are one; Le Guin's Lathe/lathe! meet, "The
  // Lathe" has another key; Anon's Lathe has no other spelling.
  REQUIRE(dupes.titles.size() == 2);
  CHECK(dupes.titles[0].author == "Stephen King");
  CHECK(dupes.titles[0].key == "it");
  CHECK(spellings(dupes.titles[0]) == Spellings{{"It", 3}, {"IT", 1}});
  CHECK(dupes.titles[1].author == "Ursula Le Guin");
  CHECK(spellings(dupes.titles[1]) == Spellings{{"Lathe", 2}, {"lathe!", 1}});
}

TEST_CASE("spellings: values without a letter or digit are never grouped", "[spellings]") {
  const abp::Catalogue catalogue = catalogue_of({{"A", "t", "-"}, {"A", "t", "?"}, {"A", "t", ""}});
  const abp::Duplicates dupes = abp::find_duplicates(catalogue);
  CHECK(dupes.publishers.empty());
}

TEST_CASE("spellings: a tie in rows goes to the byte-wise smallest spelling", "[spellings]") {
  const abp::Catalogue catalogue =
      catalogue_of({{"A", "t", "tor"}, {"A", "t", "Tor"}, {"A", "u", "TOR"}});
  const abp::Duplicates dupes = abp::find_duplicates(catalogue);
  REQUIRE(dupes.publishers.size() == 1);
  CHECK(spellings(dupes.publishers[0]) == Spellings{{"TOR", 1}, {"Tor", 1}, {"tor", 1}});
}

TEST_CASE("spellings: groups are ordered by rows, then key", "[spellings]") {
  const abp::Catalogue catalogue = catalogue_of({{"A", "1", "Bb"},
                                                 {"A", "2", "BB"},
                                                 {"A", "3", "Aa"},
                                                 {"A", "4", "AA"},
                                                 {"A", "5", "Cc"},
                                                 {"A", "6", "CC"},
                                                 {"A", "7", "CC"}});
  const abp::Duplicates dupes = abp::find_duplicates(catalogue);
  REQUIRE(dupes.publishers.size() == 3);
  CHECK(dupes.publishers[0].key == "cc");
  CHECK(dupes.publishers[1].key == "aa");
  CHECK(dupes.publishers[2].key == "bb");
}

TEST_CASE("spellings: fold_spellings shows each group as its most frequent spelling",
          "[spellings]") {
  const abp::Catalogue folded = abp::fold_spellings(catalogue_of(kRows, abp::RowCounts::kKeep));
  CHECK(triples(folded) == std::vector<Triple>{{"Anon", "Lathe", ""},
                                               {"Anon", "Lathe", "-"},
                                               {"Anon", "Lathe", "?"},
                                               {"Stephen King", "Carrie", "Tor"},
                                               {"Stephen King", "It", "Tor"},
                                               {"Stephen King", "It", "Viking"},
                                               {"Ursula Le Guin", "Lathe", "Roc"},
                                               {"Ursula Le Guin", "The Lathe", "Roc"}});
  // Rows add up where facts became one: It/Tor had 2, It/TOR 1.
  CHECK(folded.fact_rows(4) == 3);
  CHECK(folded.fact_rows(6) == 3);
}

TEST_CASE("spellings: a catalogue with nothing to fold comes back as it was", "[spellings]") {
  const std::vector<Triple> rows{{"A", "x", "P"}, {"A", "y", "Q"}, {"B", "x", "P"}};
  const abp::Catalogue catalogue = catalogue_of(rows, abp::RowCounts::kKeep);
  CHECK(triples(abp::fold_spellings(catalogue)) == triples(catalogue));
  const abp::Duplicates dupes = abp::find_duplicates(catalogue);
  CHECK(dupes.authors.empty());
  CHECK(dupes.publishers.empty());
  CHECK(dupes.titles.empty());
}

TEST_CASE("spellings: without row counts every fact weighs one row", "[spellings]") {
  const abp::Catalogue catalogue =
      catalogue_of({{"A", "t", "Tor"}, {"A", "t", "Tor"}, {"A", "u", "TOR"}, {"B", "u", "TOR"}});
  const abp::Duplicates dupes = abp::find_duplicates(catalogue);
  REQUIRE(dupes.publishers.size() == 1);
  CHECK(spellings(dupes.publishers[0]) == Spellings{{"TOR", 2}, {"Tor", 1}});
}

TEST_CASE("spellings: an author's title groups are those a plain grouping by key finds",
          "[spellings]") {
  // Titles of few words in many spellings: case, punctuation, word order, letters that match
  // but keys that do not ("Dog God" / "God Dog!" share one; "Good Dog" has the same letters
  // and another key), and non-ASCII spellings whose key an ASCII one shares ("Cafe"/"Café").
  const std::vector<std::string> words{"dog", "god", "good", "Cafe", "Caf\xC3\xA9",
                                       "DOG", "x1",  "1x",   "the",  "THE"};
  const std::vector<std::string> glue{" ", ", ", "!", " - ", "/"};
  std::mt19937 random(23);
  std::vector<Triple> rows;
  for (int i = 0; i < 3000; ++i) {
    std::string title = words[random() % words.size()];
    for (auto n = random() % 3; n > 0; --n) {
      title += glue[random() % glue.size()] + words[random() % words.size()];
    }
    rows.push_back({"Author " + std::to_string(random() % 40), title, "Pub"});
  }
  const abp::Catalogue catalogue = catalogue_of(rows, abp::RowCounts::kKeep);

  // The plain version: per author, its distinct titles by key; groups of two or more.
  std::set<std::pair<std::string, std::set<std::string>>> expected;
  std::map<std::string, std::map<std::string, std::set<std::string>>> by_author;
  for (const Triple& row : rows) {
    const std::string key = abp::fold_key(row[1]);
    if (!key.empty()) by_author[row[0]][key].insert(row[1]);
  }
  for (const auto& [author, keys] : by_author) {
    for (const auto& [key, titles] : keys) {
      if (titles.size() >= 2) expected.emplace(author, titles);
    }
  }
  std::set<std::pair<std::string, std::set<std::string>>> found;
  for (const abp::SpellingGroup& group : abp::find_duplicates(catalogue).titles) {
    std::set<std::string> titles;
    for (const abp::Spelling& s : group.spellings) titles.insert(std::string(s.value));
    found.emplace(std::string(group.author), titles);
  }
  CHECK(expected.size() > 40);
  CHECK(found == expected);
}

namespace {

// Of spellings with their rows, the one shown for them all: the most rows, then byte-wise
// first (SPEC §7).
std::string most_rows(const std::map<std::string, std::uint64_t>& spellings) {
  std::string shown;
  std::uint64_t best = 0;
  for (const auto& [spelling, rows] : spellings) {  // byte-wise order: ties keep the first
    if (shown.empty() || rows > best) {
      shown = spelling;
      best = rows;
    }
  }
  return shown;
}

// value -> the spelling shown for it, grouping `rows_by_value` by key; values without a key
// stand for themselves.
std::map<std::string, std::string> shown_by_key(
    const std::map<std::string, std::uint64_t>& rows_by_value) {
  std::map<std::string, std::map<std::string, std::uint64_t>> groups;
  std::map<std::string, std::string> shown;
  for (const auto& [value, rows] : rows_by_value) {
    const std::string key = abp::fold_key(value);
    if (key.empty()) {
      shown[value] = value;
    } else {
      groups[key][value] = rows;
    }
  }
  for (const auto& [key, spellings] : groups) {
    const std::string first = most_rows(spellings);
    for (const auto& entry : spellings) shown[entry.first] = first;
  }
  return shown;
}

}  // namespace

TEST_CASE("spellings: a large catalogue folds as a plain grouping by key folds it", "[spellings]") {
  // Enough authors, titles and facts that names are keyed, titles' letters made and title
  // groups found on two threads (scripts/test.sh runs this under ThreadSanitizer), with
  // spellings of authors ("Author 12" / "12, AUTHOR"), publishers and an author's titles,
  // rows repeated.
  std::mt19937 random(7);
  const std::vector<std::string> words{"dog", "god", "Cafe", "Caf\xC3\xA9", "DOG", "the", "!"};
  std::vector<Triple> rows;
  for (int i = 0; i < 60000; ++i) {
    const auto n = random() % 25000;
    const std::string author =
        random() % 4 == 0 ? std::to_string(n) + ", AUTHOR" : "Author " + std::to_string(n);
    std::string title = words[random() % words.size()];
    if (random() % 2 == 0) title += " " + words[random() % words.size()];
    if (random() % 2 == 0) title += " " + std::to_string(random() % 40000);  // many titles
    const std::string publisher =
        (random() % 3 == 0 ? "PUB " : "Pub ") + std::to_string(random() % 50);
    rows.push_back({author, title, publisher});
  }
  const abp::Catalogue catalogue = catalogue_of(rows, abp::RowCounts::kKeep);
  // Titles enough for the letters to be made on two threads (fast/parallel.hpp: 16,384 items).
  REQUIRE(catalogue.title_id_count() >= 16384);

  // The plain fold: authors and publishers by key among all, then each shown author's titles
  // by key; rows added up.
  std::map<std::string, std::uint64_t> author_rows;
  std::map<std::string, std::uint64_t> publisher_rows;
  for (const Triple& row : rows) {
    ++author_rows[row[0]];
    ++publisher_rows[row[2]];
  }
  const std::map<std::string, std::string> author_shown = shown_by_key(author_rows);
  const std::map<std::string, std::string> publisher_shown = shown_by_key(publisher_rows);
  std::map<std::string, std::map<std::string, std::uint64_t>> title_rows;  // by author shown
  for (const Triple& row : rows) ++title_rows[author_shown.at(row[0])][row[1]];
  std::map<std::string, std::map<std::string, std::string>> title_shown;
  for (const auto& [author, titles] : title_rows) title_shown[author] = shown_by_key(titles);
  std::map<Triple, std::uint64_t> expected;
  for (const Triple& row : rows) {
    const std::string& author = author_shown.at(row[0]);
    ++expected[{author, title_shown.at(author).at(row[1]), publisher_shown.at(row[2])}];
  }

  const abp::Catalogue folded = abp::fold_spellings(catalogue);
  std::map<Triple, std::uint64_t> found;
  for (std::size_t i = 0; i < folded.facts().size(); ++i) {
    const abp::RankedFact& f = folded.facts()[i];
    found[{std::string(folded.author_name(f.author)), std::string(folded.title_name(f.title)),
           std::string(folded.publisher_name(f.publisher))}] += folded.fact_rows(i);
  }
  CHECK(folded.facts().size() == expected.size());
  CHECK(found == expected);
  CHECK(abp::find_duplicates(catalogue).authors.size() > 5000);

  // Folded in the catalogue's own list (report --fold): the same facts in the same order,
  // the same rows. Here an author shown in place of a spelling that sorts after it (more rows
  // for "12, AUTHOR" than "Author 12") writes beyond what it has read, as well as before.
  abp::Catalogue own = catalogue;
  const abp::Catalogue in_place = abp::fold_spellings(std::move(own));
  REQUIRE(in_place.facts().size() == folded.facts().size());
  bool same = true;
  for (std::size_t i = 0; i < folded.facts().size(); ++i) {
    same = same && in_place.facts()[i] == folded.facts()[i] &&
           in_place.fact_rows(i) == folded.fact_rows(i);
  }
  CHECK(same);
  std::size_t shown_first = 0;  // groups whose shown spelling sorts before another's
  for (const abp::SpellingGroup& group : abp::find_duplicates(catalogue).authors) {
    for (const abp::Spelling& other : group.spellings) {
      if (other.value > group.spellings.front().value) {
        ++shown_first;
        break;
      }
    }
  }
  CHECK(shown_first > 100);
}

namespace {

// `catalogue` folded in its own list of facts (report --fold), checked against the fold into a
// new list (the plain version): the same facts, in the same order, with the same rows.
abp::Catalogue folded_in_place_as_copied(const abp::Catalogue& catalogue) {
  const abp::Catalogue copied = abp::fold_spellings(catalogue);
  abp::Catalogue own = catalogue;
  abp::Catalogue in_place = abp::fold_spellings(std::move(own));
  CHECK(triples(in_place) == triples(copied));
  REQUIRE(in_place.facts().size() == copied.facts().size());
  for (std::size_t i = 0; i < copied.facts().size(); ++i) {
    CHECK(in_place.fact_rows(i) == copied.fact_rows(i));
  }
  return in_place;
}

}  // namespace

TEST_CASE("spellings: folding in place takes in facts of spellings on either side", "[spellings]") {
  // Byte-wise, "Abe" < "Mid ..." < "ZED" < "Zed" < "abe!" < "abe." < "zed!". "Abe" (shown:
  // most rows, all of one fact) takes the 80 facts of "abe!" and "abe.", which sort after
  // everyone else: 41 facts written where one was read, so they wait, in order, while each
  // "Mid" writes what it reads, until the places of the spellings set aside are free. "Zed"
  // takes the facts of "ZED", set aside before it, and of "zed!", after it.
  std::vector<Triple> rows;
  for (int i = 0; i < 100; ++i) rows.push_back({"Abe", "One", "P"});
  for (const char* spelling : {"abe!", "abe."}) {
    for (int t = 0; t < 40; ++t) rows.push_back({spelling, "Book " + std::to_string(t), "P"});
  }
  rows.push_back({"abe!", "one", "P"});  // a title group of Abe's once the authors are one
  for (int a = 0; a < 30; ++a) {
    rows.push_back({"Mid " + std::to_string(a), "Only", "P"});
    rows.push_back({"Mid " + std::to_string(a), "Only", "Q"});
  }
  for (int i = 0; i < 5; ++i) rows.push_back({"Zed", "Last", "P"});
  rows.push_back({"Zed", "Other", "Q"});
  for (const char* spelling : {"ZED", "zed!"}) rows.push_back({spelling, "Last", "P"});
  const abp::Catalogue catalogue = catalogue_of(rows, abp::RowCounts::kKeep);

  const abp::Catalogue in_place = folded_in_place_as_copied(catalogue);

  // Abe: Book 0-39 (two rows each), then One (101 rows); each Mid its two facts; Zed: Last
  // (7 rows), Other.
  const std::vector<Triple> facts = triples(in_place);
  REQUIRE(facts.size() == 41 + 60 + 2);
  CHECK(facts[0] == Triple{"Abe", "Book 0", "P"});
  CHECK(in_place.fact_rows(0) == 2);
  CHECK(facts[40] == Triple{"Abe", "One", "P"});
  CHECK(in_place.fact_rows(40) == 101);
  CHECK(facts[41] == Triple{"Mid 0", "Only", "P"});
  CHECK(facts[101] == Triple{"Zed", "Last", "P"});
  CHECK(in_place.fact_rows(101) == 7);
  CHECK(facts[102] == Triple{"Zed", "Other", "Q"});
}

TEST_CASE("spellings: either half of the authors may fold into more facts than it held",
          "[spellings]") {
  // Folding in place works on two halves of the authors, each in its own places (split where
  // the facts are halved). An author shown in one half may take in a spelling from the other:
  // its facts then follow the half's own, ahead of the second half's, and nothing is lost.
  // Mid 0-29: two facts each, a filler on both sides of the split.
  const auto with_mid = [](std::vector<Triple> rows) {
    for (int a = 0; a < 30; ++a) {
      rows.push_back({"Mid " + std::to_string(a), "Only", "P"});
      rows.push_back({"Mid " + std::to_string(a), "Only", "Q"});
    }
    return rows;
  };
  // "Ann" (the first half, shown: 100 rows of one fact) takes the 40 facts of "ann!", last.
  std::vector<Triple> first_takes = with_mid({});
  for (int i = 0; i < 100; ++i) first_takes.push_back({"Ann", "One", "P"});
  for (int t = 0; t < 40; ++t) first_takes.push_back({"ann!", "Book " + std::to_string(t), "P"});
  // "aaa" (the second half, shown) takes the 40 facts of "AAA", the first author.
  std::vector<Triple> second_takes = with_mid({});
  for (int i = 0; i < 100; ++i) second_takes.push_back({"aaa", "One", "P"});
  for (int t = 0; t < 40; ++t) second_takes.push_back({"AAA", "Book " + std::to_string(t), "P"});

  for (const auto& [rows, shown] :
       {std::pair{first_takes, "Ann"}, std::pair{second_takes, "aaa"}}) {
    const abp::Catalogue catalogue = catalogue_of(rows, abp::RowCounts::kKeep);
    REQUIRE(catalogue.facts().size() == 101);
    const abp::Catalogue in_place = folded_in_place_as_copied(catalogue);
    // The shown author's 41 facts, the 60 of Mid 0-29: all 101 kept, in tree order.
    const std::vector<Triple> facts = triples(in_place);
    REQUIRE(facts.size() == 101);
    std::size_t of_shown = 0;
    for (const Triple& fact : facts) of_shown += fact[0] == shown ? 1U : 0U;
    CHECK(of_shown == 41);
    const std::size_t first_shown = shown == std::string("Ann") ? 0 : 60;
    CHECK(facts[first_shown] == Triple{shown, "Book 0", "P"});
    CHECK(facts[first_shown + 40] == Triple{shown, "One", "P"});
    CHECK(in_place.fact_rows(first_shown + 40) == 100);
  }
}

TEST_CASE("spellings: a name that is in no fact is in no group", "[spellings]") {
  // A catalogue keeps names whose facts were taken out (an edit, a filter): "King, Stephen",
  // "TOR" and "Viking" here. They have no rows, and are neither grouped nor shown.
  const abp::Catalogue full = catalogue_of(
      {
          {"Stephen King", "It", "Tor"},
          {"King, Stephen", "It", "Viking"},
          {"King, Stephen", "It", "Viking"},
          {"Anne Rice", "X", "Tor"},
          {"Rice, Anne", "Y", "TOR"},
          {"Rice, Anne", "Z", "Tor"},
      },
      abp::RowCounts::kKeep);
  std::vector<abp::RankedFact> kept;
  std::vector<std::uint32_t> rows;
  for (std::size_t i = 0; i < full.facts().size(); ++i) {
    const abp::RankedFact& f = full.facts()[i];
    if (full.author_name(f.author) == "King, Stephen" ||
        full.publisher_name(f.publisher) == "TOR") {
      continue;
    }
    kept.push_back(f);
    rows.push_back(full.fact_rows(i));
  }
  const abp::Catalogue catalogue = full.with_facts(kept, rows);

  const abp::Duplicates found = abp::find_duplicates(catalogue);
  REQUIRE(found.authors.size() == 1);
  CHECK(spellings(found.authors[0]) == Spellings{{"Anne Rice", 1}, {"Rice, Anne", 1}});
  CHECK(found.publishers.empty());
  const std::vector<Triple> expected{
      {"Anne Rice", "X", "Tor"}, {"Anne Rice", "Z", "Tor"}, {"Stephen King", "It", "Tor"}};
  CHECK(triples(abp::fold_spellings(catalogue)) == expected);
  abp::Catalogue own = catalogue;
  CHECK(triples(abp::fold_spellings(std::move(own))) == expected);
}

TEST_CASE("spellings: a catalogue without facts folds to one without facts", "[spellings]") {
  const abp::Catalogue empty = catalogue_of({}, abp::RowCounts::kKeep);
  CHECK(abp::fold_spellings(empty).facts().empty());
  abp::Catalogue own = empty;
  CHECK(abp::fold_spellings(std::move(own)).facts().empty());
  CHECK(abp::find_duplicates(empty).authors.empty());
}
