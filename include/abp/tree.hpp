#pragma once

#include <cstddef>

#include "abp/catalogue.hpp"

namespace abp {

/// Where a leaf (one distinct fact) sits in the author -> book -> publisher tree.
struct LeafPosition {
  bool first_of_author;  // the leaf opens a new author
  bool first_of_book;    // the leaf opens a new book
  bool last_author;      // its author is the last one
  bool last_book;        // its book is its author's last
  bool last_publisher;   // it is its book's last publisher
};

/// Calls `visit(fact, position)` for every fact of `catalogue` in tree order (authors, their
/// books, each book's publishers, all byte-wise ascending). O(facts).
template <typename Visit>
void for_each_leaf(const Catalogue& catalogue, Visit&& visit) {
  const auto& facts = catalogue.facts();
  const std::size_t n = facts.size();
  std::size_t author_end = 0;
  std::size_t book_end = 0;
  constexpr std::size_t kAhead = 16;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) catalogue.prefetch_names(facts[i + kAhead]);
    const Fact& fact = facts[i];
    const bool first_of_author = i == 0 || facts[i - 1].author != fact.author;
    const bool first_of_book = first_of_author || facts[i - 1].title != fact.title;
    if (first_of_author) {
      author_end = i + 1;
      while (author_end < n && facts[author_end].author == fact.author) ++author_end;
    }
    if (first_of_book) {
      book_end = i + 1;
      while (book_end < author_end && facts[book_end].title == fact.title) ++book_end;
    }
    visit(fact, LeafPosition{first_of_author, first_of_book, author_end == n,
                             book_end == author_end, i + 1 == book_end});
  }
}

}  // namespace abp
