#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "abp/fast/growing_list.hpp"
#include "abp/fast/repeat_filter.hpp"
#include "abp/fast/string_pool.hpp"

namespace abp {

/// One (author, title, publisher) fact as read, each part the Id of its string in
/// CatalogueBuilder's pools.
struct Fact {
  Id author;
  Id title;
  Id publisher;

  friend bool operator==(const Fact& a, const Fact& b) {
    return a.author == b.author && a.title == b.title && a.publisher == b.publisher;
  }
};

/// The facts as read, in file order.
using FactList = GrowingList<Fact>;

/// One fact of a finished Catalogue: `author` and `publisher` are ranks (byte-wise positions
/// among all authors / publishers), so comparing them compares the names; `title` is still
/// the title's Id (equal titles of two authors have the same one).
struct RankedFact {
  Id author;
  Id title;
  Id publisher;

  friend bool operator==(const RankedFact& a, const RankedFact& b) {
    return a.author == b.author && a.title == b.title && a.publisher == b.publisher;
  }
};

class Catalogue;

/// Whether finish() keeps, for each distinct fact, the number of rows that stated it (what
/// `--fold` and `abp dupes` weigh spellings by, SPEC §7); counting costs a little time and
/// 4 bytes a fact, so only they ask for it.
enum class RowCounts { kDrop, kKeep };

/// Whether finish() keeps beside each fact where its title lies (Catalogue::fact_title): 4
/// bytes a fact, worth it only to a writer about to walk the facts as they are (a report's
/// tree), not to one that filters, folds or keeps them (a server).
enum class FactTitles { kById, kInOrder };

/// Collects facts while a file is read: strings interned once, facts as integer triples,
/// duplicates allowed until finish().
class CatalogueBuilder {
 public:
  StringPool& authors() { return authors_; }
  StringPool& titles() { return titles_; }
  StringPool& publishers() { return publishers_; }
  const StringPool& authors() const { return authors_; }
  const StringPool& titles() const { return titles_; }
  const StringPool& publishers() const { return publishers_; }

  void add(Fact fact) {
    if (drop_repeats_ && repeats_.repeats(fact.author, fact.title, fact.publisher)) return;
    facts_.push_back(fact);
  }

  /// From here on, a fact added again may be kept once rather than once a row (fast/
  /// repeat_filter.hpp): for a catalogue that will be finished without row counts
  /// (finish() refuses RowCounts::kKeep then), so a file of few distinct facts takes little
  /// memory however many rows state them.
  void drop_repeated_facts() { drop_repeats_ = true; }

  /// Drops every fact facts()[i] for which keep(i) is false (the filters of SPEC §7), keeping
  /// the others in order; the names stay, whether or not a fact still uses them.
  template <typename Keep>
  void keep_facts(Keep keep) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < facts_.size(); ++i) {
      if (keep(i)) facts_[kept++] = facts_[i];
    }
    facts_.shrink_to(kept);
  }

  /// The facts as added: file order, duplicates included (some dropped after
  /// drop_repeated_facts()), parts are pool ids.
  const FactList& facts() const { return facts_; }

  /// Makes room for `facts` facts up front. Untouched room costs nothing; without it (a pipe)
  /// the list grows without copying (fast/growing_list.hpp).
  void reserve(std::size_t facts) { facts_.reserve(facts); }

  /// True when the catalogue holds this (author, title, publisher), compared byte for byte.
  bool contains(std::string_view author, std::string_view title, std::string_view publisher) const;

  /// Ranks every name, keeps each distinct fact once and sorts facts in tree order
  /// (author, title, publisher, each byte-wise), the way fast/tree_order.hpp does it.
  /// Consumes the builder (its lookup tables are freed first). With RowCounts::kKeep the
  /// catalogue also knows how many of the facts added were each distinct fact
  /// (Catalogue::fact_rows).
  Catalogue finish(RowCounts row_counts = RowCounts::kDrop,
                   FactTitles titles = FactTitles::kById) &&;

 private:
  StringPool authors_;
  StringPool titles_;
  StringPool publishers_;
  FactList facts_;
  bool drop_repeats_ = false;
  RepeatFilter repeats_;
};

/// How the ranks of one catalogue's names moved when another was merged into it
/// (Catalogue::merge): `author[old rank]` is the author's rank in the result, and so on.
/// Title ids do not move; new titles get ids from `first_new_title` on.
struct MergedRanks {
  std::vector<Id> author;
  std::vector<Id> publisher;
  Id first_new_title = 0;
};

/// The distinct facts of a catalogue in tree order. `author` and `publisher` are ranks
/// (byte-wise positions among all authors / publishers), so later sorts compare integers;
/// `title` names the title string (equal titles of two authors have the same one, except
/// after a merge, which makes sure of it only within one author). Names:
/// author_name(fact.author), title_name(fact.title), publisher_name(fact.publisher).
///
/// The names are shared, never copied: with_facts() makes a catalogue of other facts over the
/// same names (a filtered or folded one) in O(facts), and copies are cheap. merge() keeps the
/// strings of both catalogues where they are.
class Catalogue {
 public:
  const std::vector<RankedFact>& facts() const { return facts_; }
  std::string_view author_name(Id rank) const {
    return StringPool::text(names_->author_names[rank]);
  }
  std::string_view title_name(Id title) const {
    return StringPool::text(names_->title_names[title]);
  }
  std::string_view publisher_name(Id rank) const {
    return StringPool::text(names_->publisher_names[rank]);
  }
  /// title_name(facts()[i].title); a walk through the facts in order reads it without
  /// looking the title up by id at random when finish() was asked for FactTitles::kInOrder.
  std::string_view fact_title(std::size_t i) const { return StringPool::text(fact_title_ref(i)); }
  /// How many author / publisher ranks there are (also those no fact names any more).
  std::size_t author_count() const { return names_->author_names.size(); }
  std::size_t publisher_count() const { return names_->publisher_names.size(); }
  /// One past the largest title id.
  std::size_t title_id_count() const { return names_->title_names.size(); }

  /// Returns the rank of the author named exactly `name`, or StringPool::kMissing.
  /// O(log authors).
  Id find_author(std::string_view name) const;

  /// Returns the rank of the publisher named exactly `name`, or StringPool::kMissing.
  Id find_publisher(std::string_view name) const;

  /// Returns where the facts of the author ranked `rank` are: [first, second), consecutive in
  /// tree order (empty when the author has none). O(log facts).
  std::pair<std::size_t, std::size_t> author_facts(Id rank) const;

  /// True when the catalogue holds this (author, title, publisher), compared byte for byte.
  /// O(log facts + the author's facts).
  bool contains(std::string_view author, std::string_view title, std::string_view publisher) const;

  /// Returns the catalogue of the facts of `base` and of `more` together, each once, in tree
  /// order, and sets `ranks` (when given) to where base's authors and publishers went. Row
  /// counts are not kept. O(base's facts and names + more's facts times log base's): the
  /// strings of both stay where they are (those only `more` has are copied into one block
  /// of their own, so `more` may go).
  static Catalogue merge(const Catalogue& base, const Catalogue& more,
                         MergedRanks* ranks = nullptr);

  /// True when the catalogue knows how many rows stated each fact (RowCounts::kKeep).
  bool has_row_counts() const { return row_counts_; }
  /// The number of rows that stated facts()[i] (duplicates included); 1 without row counts.
  std::uint32_t fact_rows(std::size_t i) const { return fact_rows_.empty() ? 1 : fact_rows_[i]; }

  /// Returns a catalogue of `facts` over this one's names. `facts` must be distinct, in tree
  /// order and name only this catalogue's names; `rows` is empty or has one count per fact.
  Catalogue with_facts(std::vector<RankedFact> facts, std::vector<std::uint32_t> rows) const;

  /// Hands over the facts and their row counts (empty without them), leaving none: for code
  /// that rewrites them where they lie and makes a catalogue of them again with with_facts().
  std::pair<std::vector<RankedFact>, std::vector<std::uint32_t>> release_facts();

  /// Where names lie, for code that reads them ahead of use (fast/names_ahead.hpp): an
  /// author's or publisher's name by rank, a title's by id, and where the title's Ref is kept.
  StringPool::Ref author_ref(Id rank) const { return names_->author_names[rank]; }
  StringPool::Ref publisher_ref(Id rank) const { return names_->publisher_names[rank]; }
  StringPool::Ref title_ref(Id title) const { return names_->title_names[title]; }
  const StringPool::Ref* title_ref_slot(Id title) const { return &names_->title_names[title]; }
  /// True when fact_title_ref(i) reads no title Ref by id (see fact_title()), but for the
  /// few titles first read.
  bool fact_titles_in_order() const { return !title_offsets_.empty(); }
  StringPool::Ref fact_title_ref(std::size_t i) const {
    if (!title_offsets_.empty() && title_offsets_[i] != StringPool::kNoOffset) {
      return title_base_ + title_offsets_[i];
    }
    return title_ref(facts_[i].title);
  }

 private:
  friend class CatalogueBuilder;

  struct Names {
    // What the Refs point into: the pools a builder filled, and a block per merge since.
    std::vector<std::shared_ptr<const void>> storage;
    std::vector<StringPool::Ref> author_names;  // by rank
    std::vector<StringPool::Ref> title_names;   // by title id
    std::vector<StringPool::Ref> publisher_names;
  };

  std::shared_ptr<const Names> names_;
  std::vector<RankedFact> facts_;
  std::vector<std::uint32_t> fact_rows_;  // by fact; empty unless RowCounts::kKeep
  // By fact, where its title lies (TreeOrder::title_offsets): empty but after
  // finish(..., FactTitles::kInOrder), and emptied whenever the facts change.
  const char* title_base_ = nullptr;
  std::vector<std::uint32_t> title_offsets_;
  bool row_counts_ = false;
};

}  // namespace abp
