#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "abp/core/catalogue.hpp"

namespace abp {

/// Where a leaf (one distinct fact) sits in the author -> book -> publisher tree.
struct LeafPosition {
  bool first_of_author;  // the leaf opens a new author
  bool first_of_book;    // the leaf opens a new book
  bool last_author;      // its author is the last one
  bool last_book;        // its book is its author's last
  bool last_publisher;   // it is its book's last publisher
};

/// The one place that knows the tree's shape: steps through leaves 0 .. size-1 already in
/// tree order (authors, their books, each book's publishers), telling where each sits.
///
/// `Runs` tells which leaves belong together: `runs.same_author(i)` whether leaf i has the
/// author of leaf i - 1, `runs.same_book(i)` (asked only when same_author(i) holds) whether
/// it has its title too. Both are asked only for i >= 1. O(1) amortised per leaf.
template <typename Runs>
class LeafCursor {
 public:
  LeafCursor() = default;

  /// Steps through all `size` leaves. `more_authors_after`: other authors follow the last
  /// of these leaves (a source that hands the cursor one author at a time).
  LeafCursor(Runs runs, std::size_t size, bool more_authors_after = false)
      : runs_(runs), size_(size), end_(size), more_after_(more_authors_after) {}

  /// Steps through leaves [begin, end) only: a piece of the tree that can be written on its
  /// own. `ends` is run_ends(begin, ...), so a piece may start inside an author or a book.
  LeafCursor(Runs runs, std::size_t size, std::size_t begin, std::size_t end,
             std::pair<std::size_t, std::size_t> ends)
      : runs_(runs),
        size_(size),
        i_(begin),
        end_(end),
        author_end_(ends.first),
        book_end_(ends.second) {}

  /// Where the author and the book of leaf `at` end (one past their last leaves). `hint`
  /// carries the answer for an earlier `at` (start with {0, 0}): called for ascending `at`,
  /// every call together reads each leaf at most twice.
  std::pair<std::size_t, std::size_t> run_ends(std::size_t at,
                                               std::pair<std::size_t, std::size_t> hint) const {
    auto [author_end, book_end] = hint;
    if (author_end <= at) author_end = author_run_end(at);
    if (book_end <= at) book_end = book_run_end(at, author_end);
    return {author_end, book_end};
  }

  /// Sets `leaf` to the next leaf's index and `at` to where it sits; false after the last.
  bool next(std::size_t& leaf, LeafPosition& at) {
    if (i_ == end_) return false;
    const bool first_of_author = i_ == 0 || !runs_.same_author(i_);
    const bool first_of_book = first_of_author || !runs_.same_book(i_);
    if (first_of_author) author_end_ = author_run_end(i_);
    if (first_of_book) book_end_ = book_run_end(i_, author_end_);
    at = LeafPosition{first_of_author, first_of_book, author_end_ == size_ && !more_after_,
                      book_end_ == author_end_, i_ + 1 == book_end_};
    leaf = i_++;
    return true;
  }

 private:
  std::size_t author_run_end(std::size_t at) const {
    std::size_t end = at + 1;
    while (end < size_ && runs_.same_author(end)) ++end;
    return end;
  }
  std::size_t book_run_end(std::size_t at, std::size_t author_end) const {
    std::size_t end = at + 1;
    while (end < author_end && runs_.same_book(end)) ++end;
    return end;
  }

  Runs runs_{};
  std::size_t size_ = 0;
  std::size_t i_ = 0;
  std::size_t end_ = 0;
  std::size_t author_end_ = 0;
  std::size_t book_end_ = 0;
  bool more_after_ = false;
};

/// The runs of a catalogue's facts (Catalogue::facts(), in tree order): equal ids are equal
/// names.
struct FactRuns {
  const RankedFact* facts = nullptr;
  bool same_author(std::size_t i) const { return facts[i].author == facts[i - 1].author; }
  bool same_book(std::size_t i) const { return facts[i].title == facts[i - 1].title; }
};

/// A LeafCursor over a catalogue's facts.
using FactCursor = LeafCursor<FactRuns>;

}  // namespace abp
