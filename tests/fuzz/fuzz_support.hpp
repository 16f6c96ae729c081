// What the fuzz targets share: how a finding stops the run, how an option byte picks the
// reading options, and the facts of a catalogue as plain strings to compare.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <set>
#include <string>
#include <tuple>

#include "abp/core/catalogue.hpp"
#include "abp/fast/loader.hpp"

namespace abp_fuzz {

/// Reports a broken invariant with the input that broke it, and stops (libFuzzer keeps the
/// input as a finding).
[[noreturn]] inline void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s\n%s\n", what, detail.c_str());
  std::abort();
}

/// The reading options one byte picks: bits 0-1 the delimiter (, TAB ; |), bit 2
/// --skip-bad-rows, bit 3 --encoding latin1, bit 4 --split-authors " & ", bit 5 an author
/// column named `author` (else detected), bit 6 a publisher column named `publication` (in a
/// LibraryThing export the publisher is then the start of that field). Only encodings that extend
/// ASCII, so the rewriter takes every choice too.
inline abp::LoadOptions load_options(std::uint8_t pick) {
  abp::LoadOptions options;
  options.dialect.delimiter = ",\t;|"[pick & 3u];
  options.skip_bad_rows = (pick & 4u) != 0;
  if ((pick & 8u) != 0) options.encoding = "latin1";
  if ((pick & 16u) != 0) options.split_authors = " & ";
  if ((pick & 32u) != 0) options.columns.author = "author";
  if ((pick & 64u) != 0) options.columns.publisher = "publication";
  return options;
}

using FactText = std::tuple<std::string, std::string, std::string>;
using FactSet = std::set<FactText>;

/// The distinct facts of `catalogue` as (author, title, publisher) strings.
inline FactSet fact_set(const abp::Catalogue& catalogue) {
  FactSet out;
  for (const abp::RankedFact& fact : catalogue.facts()) {
    out.emplace(std::string(catalogue.author_name(fact.author)),
                std::string(catalogue.title_name(fact.title)),
                std::string(catalogue.publisher_name(fact.publisher)));
  }
  return out;
}

/// The fact at position `n` modulo the count; `facts` is not empty.
inline const FactText& nth_fact(const FactSet& facts, std::size_t n) {
  return *std::next(facts.begin(), static_cast<std::ptrdiff_t>(n % facts.size()));
}

/// Renders facts one per line, for a finding's message.
inline std::string describe(const FactSet& facts) {
  std::string out;
  for (const auto& [author, title, publisher] : facts) {
    out += author + " | " + title + " | " + publisher + "\n";
  }
  return out;
}

}  // namespace abp_fuzz
