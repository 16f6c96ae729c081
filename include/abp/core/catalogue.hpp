#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

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
  /// (author, title, publisher, each byte-wise), the way fast/tree_order.hpp does it.
  /// Consumes the builder (its lookup tables are freed first).
  Catalogue finish() &&;

 private:
  StringPool authors_;
  StringPool titles_;
  StringPool publishers_;
  std::vector<Fact> facts_;
};

/// The distinct facts of a catalogue in tree order. `author` and `publisher` are ranks
/// (byte-wise positions among all authors / publishers), so later sorts compare integers;
/// `title` names the title string (equal titles of two authors have the same one). Names:
/// author_name(fact.author), title_name(fact.title), publisher_name(fact.publisher).
class Catalogue {
 public:
  const std::vector<RankedFact>& facts() const { return facts_; }
  std::string_view author_name(Id rank) const { return StringPool::text(author_names_[rank]); }
  std::string_view title_name(Id title) const { return titles_.view(title); }
  std::string_view publisher_name(Id rank) const {
    return StringPool::text(publisher_names_[rank]);
  }
  std::size_t publisher_count() const { return publisher_names_.size(); }

  /// Where names lie, for code that reads them ahead of use (fast/names_ahead.hpp): the
  /// pool of titles, and an author's name by rank.
  const StringPool& title_pool() const { return titles_; }
  StringPool::Ref author_ref(Id rank) const { return author_names_[rank]; }

 private:
  friend class CatalogueBuilder;

  StringPool authors_;
  StringPool titles_;
  StringPool publishers_;
  std::vector<StringPool::Ref> author_names_;  // by rank
  std::vector<StringPool::Ref> publisher_names_;
  std::vector<RankedFact> facts_;
};

}  // namespace abp
