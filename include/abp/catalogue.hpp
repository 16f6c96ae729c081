#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "abp/string_pool.hpp"

namespace abp {

/// One (author, title, publisher) fact, each part an Id of its pool in CatalogueBuilder, or a
/// rank (position in byte-wise order) in Catalogue.
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

  /// True when the catalogue holds this (author, title, publisher), compared byte for byte.
  bool contains(std::string_view author, std::string_view title,
                std::string_view publisher) const;

  /// Ranks every name, keeps each distinct fact once and sorts facts in tree order
  /// (author, title, publisher, each byte-wise). O(n log n); consumes the builder.
  Catalogue finish() &&;

 private:
  StringPool authors_;
  StringPool titles_;
  StringPool publishers_;
  std::vector<Fact> facts_;
};

/// The distinct facts of a catalogue in tree order, with names ranked byte-wise so every
/// later sort compares integers. Fact parts are ranks: author_name(fact.author).
class Catalogue {
 public:
  const std::vector<Fact>& facts() const { return facts_; }
  std::string_view author_name(Id rank) const { return author_names_[rank]; }
  std::string_view title_name(Id rank) const { return title_names_[rank]; }
  std::string_view publisher_name(Id rank) const { return publisher_names_[rank]; }
  std::size_t publisher_count() const { return publisher_names_.size(); }

 private:
  friend class CatalogueBuilder;

  StringPool authors_;
  StringPool titles_;
  StringPool publishers_;
  std::vector<std::string_view> author_names_;
  std::vector<std::string_view> title_names_;
  std::vector<std::string_view> publisher_names_;
  std::vector<Fact> facts_;
};

}  // namespace abp
