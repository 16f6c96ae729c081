#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/catalogue.hpp"

namespace abp {

/// One way a name is written, and how many rows write it so.
struct Spelling {
  std::string_view value;
  std::uint64_t rows;
};

/// Two or more spellings that share a key (SPEC §7), most rows first, then byte-wise: the
/// first is the one `--fold` shows and the one `abp dupes` merges the others into.
struct SpellingGroup {
  std::string key;
  std::string_view author;  // a group of titles: their author (as --fold shows it); else empty
  std::uint64_t rows = 0;   // the rows of all its spellings
  std::vector<Spelling> spellings;
};

/// What `abp dupes` reports: each list ordered by rows (descending), then key, then author.
struct Duplicates {
  std::vector<SpellingGroup> authors;
  std::vector<SpellingGroup> publishers;
  /// Titles of one author, once that author's own spellings are merged: `King, Stephen` and
  /// `Stephen King` are one author whose `It` and `IT` are one group.
  std::vector<SpellingGroup> titles;
};

/// Returns the groups of spellings that share a key in `catalogue`: authors, publishers, and
/// titles of the same author. A spelling's rows are the rows of its facts
/// (Catalogue::fact_rows; 1 a fact without row counts). Values whose key is empty (no letter
/// or digit: ``, `-`, `?`) are never grouped: there is nothing to tell them apart by. Views
/// point into `catalogue`'s names. Each distinct name is folded once, on two threads.
Duplicates find_duplicates(const Catalogue& catalogue);
Duplicates find_duplicates(Catalogue&&) = delete;  // the views would outlive the names

/// Returns `catalogue` as `--fold` shows it (SPEC §7): the spellings of each group of
/// find_duplicates() made one, shown as the first (most rows, then byte-wise smallest); facts
/// that become equal are one fact, with their rows added up. O(facts) plus the sorting of
/// the authors whose facts change.
Catalogue fold_spellings(const Catalogue& catalogue);

/// The same, made in the catalogue's own list of facts: no second list in memory.
Catalogue fold_spellings(Catalogue&& catalogue);

}  // namespace abp
