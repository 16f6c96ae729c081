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

/// Steps through facts already in tree order (authors, their books, each book's publishers,
/// all byte-wise ascending), telling where each sits. O(1) amortised per fact.
class LeafCursor {
 public:
  explicit LeafCursor(const std::vector<Fact>& facts) : facts_(facts), end_(facts.size()) {}

  /// Steps through facts [begin, end) only: a piece of the tree that can be written on its
  /// own. `author_end` and `book_end` are where the author and the book of facts[begin] end
  /// (see run_ends()), so a piece may start inside an author or a book.
  LeafCursor(const std::vector<Fact>& facts, std::size_t begin, std::size_t end,
             std::size_t author_end, std::size_t book_end)
      : facts_(facts), i_(begin), end_(end), author_end_(author_end), book_end_(book_end) {}

  /// Where the author and the book of facts[at] end (one past their last facts). `hint`
  /// carries the answer for an earlier `at` (start with {0, 0}): called for ascending `at`,
  /// every call together reads each fact at most twice.
  static std::pair<std::size_t, std::size_t> run_ends(const std::vector<Fact>& facts,
                                                      std::size_t at,
                                                      std::pair<std::size_t, std::size_t> hint) {
    auto [author_end, book_end] = hint;
    if (author_end <= at) {
      author_end = at + 1;
      while (author_end < facts.size() && facts[author_end].author == facts[at].author) {
        ++author_end;
      }
    }
    if (book_end <= at) {
      book_end = at + 1;
      while (book_end < author_end && facts[book_end].title == facts[at].title) ++book_end;
    }
    return {author_end, book_end};
  }

  /// Returns the next fact and fills `at`; nullptr after the last.
  const Fact* next(LeafPosition& at) {
    const std::size_t n = facts_.size();
    if (i_ == end_) return nullptr;
    const Fact& fact = facts_[i_];
    const bool first_of_author = i_ == 0 || facts_[i_ - 1].author != fact.author;
    const bool first_of_book = first_of_author || facts_[i_ - 1].title != fact.title;
    if (first_of_author) {
      author_end_ = i_ + 1;
      while (author_end_ < n && facts_[author_end_].author == fact.author) ++author_end_;
    }
    if (first_of_book) {
      book_end_ = i_ + 1;
      while (book_end_ < author_end_ && facts_[book_end_].title == fact.title) ++book_end_;
    }
    at = LeafPosition{first_of_author, first_of_book, author_end_ == n, book_end_ == author_end_,
                      i_ + 1 == book_end_};
    ++i_;
    return &fact;
  }

 private:
  const std::vector<Fact>& facts_;
  std::size_t i_ = 0;
  std::size_t end_;
  std::size_t author_end_ = 0;
  std::size_t book_end_ = 0;
};

}  // namespace abp
