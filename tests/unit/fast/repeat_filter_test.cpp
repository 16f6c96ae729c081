// RepeatFilter against the plain way, a std::set of every triple seen: it may miss a repeat
// (once it has stopped, or is full), never call a new triple a repeat; with few distinct
// triples it misses none.
#include "abp/fast/repeat_filter.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>

#include "abp/core/catalogue.hpp"
#include "support.hpp"

namespace {

using Triple = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;

// Feeds `rows` triples from `next` to a filter and to a set; returns how many repeats the
// filter missed, after checking it named none that was new.
template <typename Next>
std::size_t missed_repeats(abp::RepeatFilter& filter, std::size_t rows, Next next) {
  std::set<Triple> seen;
  std::size_t missed = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const Triple t = next(i);
    const bool repeat = !seen.insert(t).second;
    const bool said = filter.repeats(std::get<0>(t), std::get<1>(t), std::get<2>(t));
    REQUIRE((repeat || !said));  // a new triple is never called a repeat
    if (repeat && !said) ++missed;
  }
  return missed;
}

}  // namespace

TEST_CASE("repeat_filter: few distinct facts stated again and again: every repeat found",
          "[repeat_filter]") {
  abp::RepeatFilter filter;
  // 300 authors, 1,000 titles, 37 publishers, in the cycle of 111,000 distinct triples.
  const std::size_t missed = missed_repeats(filter, 400000, [](std::size_t i) {
    return Triple(i % 300, i % 1000, i % 37);
  });
  CHECK(missed == 0);
  CHECK_FALSE(filter.stopped());
}

TEST_CASE("repeat_filter: mostly distinct facts: it stops looking once it holds its most",
          "[repeat_filter]") {
  abp::RepeatFilter filter;
  std::mt19937 random(7);
  const std::size_t rows = abp::RepeatFilter::kMostKept * 3;
  missed_repeats(filter, rows, [&](std::size_t i) {
    return Triple(static_cast<std::uint32_t>(i), random() % 50, random() % 5);
  });
  CHECK(filter.stopped());
  CHECK_FALSE(filter.repeats(0, 0, 0));  // stopped: nothing is a repeat any more
}

TEST_CASE("repeat_filter: full of facts that repeat, it goes on finding them", "[repeat_filter]") {
  abp::RepeatFilter filter;
  const std::size_t past_most = 1000;
  const std::size_t distinct = abp::RepeatFilter::kMostKept + past_most;
  // Each triple three times in a row, then the first thousand again: most rows repeat, so the
  // full filter keeps looking (it adds no more).
  const std::size_t missed = missed_repeats(filter, 3 * distinct + 200000, [&](std::size_t i) {
    const std::size_t k = i < 3 * distinct ? i / 3 : i % 1000;
    return Triple(static_cast<std::uint32_t>(k), 1, 2);
  });
  CHECK_FALSE(filter.stopped());
  // Only the repeats of triples past its most were missed, two of each at most.
  CHECK(missed > 0);
  CHECK(missed <= 2 * past_most);
}

TEST_CASE("repeat_filter: a catalogue that drops repeats reads as one that keeps them",
          "[repeat_filter]") {
  std::string csv = "author,title,publisher\n";
  for (int i = 0; i < 5000; ++i) {
    csv += "A" + std::to_string(i % 7) + ",T" + std::to_string(i % 11) + ",P" +
           std::to_string(i % 3) + "\n";
  }
  abp::LoadOptions dropping;
  dropping.drop_repeated_facts = true;
  abp::Loaded dropped = abp_test::load(csv, dropping);
  abp::Loaded kept = abp_test::load(csv);
  CHECK(dropped.catalogue.facts().size() == 7 * 11 * 3);
  CHECK(kept.catalogue.facts().size() == 5000);
  CHECK(abp_test::triples(std::move(dropped.catalogue).finish()) ==
        abp_test::triples(std::move(kept.catalogue).finish()));
}

TEST_CASE("repeat_filter: row counts are refused once repeats were dropped", "[repeat_filter]") {
  abp::LoadOptions dropping;
  dropping.drop_repeated_facts = true;
  abp::Loaded loaded = abp_test::load("author,title,publisher\nA,T,P\nA,T,P\n", dropping);
  CHECK_THROWS_AS(std::move(loaded.catalogue).finish(abp::RowCounts::kKeep), std::logic_error);
}
