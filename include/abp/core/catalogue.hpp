#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "abp/fast/string_pool.hpp"

namespace abp {

/// One (author, title, publisher) fact, each part an Id of its pool in CatalogueBuilder, or a
/// position in tree order in Catalogue (see there).
struct Fact {
  Id author;
  Id title;
  Id publisher;

  friend bool operator==(const Fact& a, const Fact& b) {
    return a.author == b.author && a.title == b.title && a.publisher == b.publisher;
  }
};

class Catalogue;

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

  void add(Fact fact) { facts_.push_back(fact); }

  /// The facts as added: file order, duplicates included, parts are pool ids.
  const std::vector<Fact>& facts() const { return facts_; }

  /// Makes room for `facts` facts up front (a large file would otherwise pay for copies and,
  /// for a moment, twice the memory each time the list grows). Untouched room costs nothing.
  void reserve(std::size_t facts) { facts_.reserve(facts); }

  /// True when the catalogue holds this (author, title, publisher), compared byte for byte.
  bool contains(std::string_view author, std::string_view title, std::string_view publisher) const;

  /// Ranks every name, keeps each distinct fact once and sorts facts in tree order
  /// (author, title, publisher, each byte-wise). Authors and publishers are ranked by radix
  /// sorts of their leading bytes, facts sorted as packed integers and each author's titles
  /// by their text, on two threads: O(n) in practice. Consumes the builder (its lookup
  /// tables are freed first).
  Catalogue finish() &&;

 private:
  // The two ways finish() sorts facts: ranks packed into 64-bit keys, or (for more distinct
  // names than fit) as triples. Both consume facts_ and fill out.facts_.
  void sort_packed(std::vector<Id>& author_rank, std::vector<Id>& publisher_rank, Catalogue& out);
  void sort_wide(std::vector<Id>& author_rank, std::vector<Id>& publisher_rank, Catalogue& out);

  StringPool authors_;
  StringPool titles_;
  StringPool publishers_;
  std::vector<Fact> facts_;
};

/// How the ranks of one catalogue's names moved when another was merged into it
/// (Catalogue::merge): `author[old rank]` is the author's rank in the result, and so on.
/// Title ids do not move; new titles get ids after the old ones.
struct MergedRanks {
  std::vector<Id> author;
  std::vector<Id> publisher;
  Id first_new_title = 0;
};

/// The distinct facts of a catalogue in tree order. `author` and `publisher` are ranks
/// (byte-wise positions among all authors / publishers), so later sorts compare integers;
/// `title` names the title string (equal titles of two authors have the same one, except
/// after a merge, where only one author's titles are sure to be distinct). Names:
/// author_name(fact.author), title_name(fact.title), publisher_name(fact.publisher).
///
/// A catalogue shares its names with the catalogues merged from it: copying one copies the
/// lists, never the strings.
class Catalogue {
 public:
  const std::vector<Fact>& facts() const { return facts_; }
  std::string_view author_name(Id rank) const { return StringPool::text(author_names_[rank]); }
  std::string_view title_name(Id title) const { return StringPool::text(title_names_[title]); }
  std::string_view publisher_name(Id rank) const {
    return StringPool::text(publisher_names_[rank]);
  }
  std::size_t author_count() const { return author_names_.size(); }
  std::size_t title_count() const { return title_names_.size(); }
  std::size_t publisher_count() const { return publisher_names_.size(); }

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
  /// order, and sets `ranks` (when given) to where base's authors and publishers went.
  /// O(base's facts and names + more's facts times log base's): the names of `base` are
  /// shared, not copied, and those only `more` holds are copied into one block of their own.
  static Catalogue merge(const Catalogue& base, const Catalogue& more,
                         MergedRanks* ranks = nullptr);

  /// Starts loading the author and title names of `fact`: writers that walk the facts call
  /// it a few facts ahead, since those names lie scattered over memory, after
  /// prefetch_title_ref() a few facts before that (it finds where the title lies).
  void prefetch_title_ref(const Fact& fact) const { prefetch(&title_names_[fact.title]); }
  void prefetch_names(const Fact& fact) const {
    prefetch(author_names_[fact.author]);
    prefetch(title_names_[fact.title]);
  }

 private:
  friend class CatalogueBuilder;

  // What the names point into: the pools a builder filled, then one block per merge. Shared,
  // so that catalogues merged from this one keep them alive without copies.
  std::vector<std::shared_ptr<const void>> storage_;
  std::vector<StringPool::Ref> author_names_;  // by rank
  std::vector<StringPool::Ref> title_names_;   // by title id
  std::vector<StringPool::Ref> publisher_names_;
  std::vector<Fact> facts_;
};

}  // namespace abp
