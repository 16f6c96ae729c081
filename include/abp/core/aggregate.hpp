#pragma once

#include <cstdint>
#include <vector>

#include "abp/core/catalogue.hpp"

namespace abp {

/// One line of a count section: a publisher (its rank in the catalogue) and a count.
struct PublisherCount {
  Id publisher;
  std::uint64_t count;
};

/// One line of the books-by-author section: an author (its rank) and a count.
struct AuthorCount {
  Id author;
  std::uint64_t count;
};

enum class SortOrder { kDescending, kAscending };

/// Returns the number of distinct books of each publisher, ordered by (count, name) in
/// `order` (SPEC §3). O(facts + publishers log publishers).
std::vector<PublisherCount> books_by_publisher(const Catalogue& catalogue, SortOrder order);

/// Returns the number of distinct authors of each publisher, ordered like books_by_publisher.
std::vector<PublisherCount> authors_by_publisher(const Catalogue& catalogue, SortOrder order);

/// Returns the number of distinct books of each author (SPEC §7, the article's total_books),
/// ordered by (count, name) in `order` like the publisher sections. O(facts + authors log
/// authors).
std::vector<AuthorCount> books_by_author(const Catalogue& catalogue, SortOrder order);

}  // namespace abp
