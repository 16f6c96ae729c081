#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "abp/core/aggregate.hpp"
#include "abp/core/catalogue.hpp"
#include "abp/serve/search_index.hpp"

namespace abp {

/// The four numbers at the top of the front page.
struct Totals {
  std::uint64_t facts = 0;
  std::uint64_t books = 0;  // distinct (author, title)
  std::uint64_t authors = 0;
  std::uint64_t publishers = 0;
};

/// Positions of facts grouped by a key (a publisher rank, a title id): those of key k are
/// positions[offsets[k] .. offsets[k+1]), ascending, so in tree order.
struct FactGroups {
  std::vector<std::uint32_t> offsets;
  std::vector<std::uint32_t> positions;

  std::pair<const std::uint32_t*, const std::uint32_t*> of(Id key) const {
    return {positions.data() + offsets[key], positions.data() + offsets[key + 1]};
  }
};

/// One reading of the catalogue and what the pages ask of it, computed once so that a page
/// costs what it shows, not what the catalogue holds. Immutable: requests share it, and an
/// add makes a new one (merged(), which costs O(facts) but reads only the new rows).
///
/// Memory beyond the catalogue: 8 bytes a fact (the two groupings), 12 an author, 4 a title,
/// and the search index (search_index.hpp).
class Reading {
 public:
  /// The reading of `catalogue`, indexed afresh.
  static std::shared_ptr<const Reading> fresh(Catalogue catalogue);

  /// The reading of `old`'s facts and `more`'s together (Catalogue::merge); the search index
  /// of `old` is kept and `more`'s new names listed beside it. When nothing but `old` holds
  /// the old reading, it is let go (`old` becomes null) once the merged catalogue is made and
  /// before the new indexes are, so memory holds one set of indexes, not two.
  static std::shared_ptr<const Reading> merged(std::shared_ptr<const Reading>& old,
                                               const Catalogue& more);

  const Catalogue& catalogue() const { return catalogue_; }
  const Totals& totals() const { return totals_; }

  /// The count sections in report order (SPEC §3, descending), as abp report counts them.
  const std::vector<PublisherCount>& books_by_publisher() const { return books_; }
  const std::vector<PublisherCount>& authors_by_publisher() const { return authors_; }

  /// A publisher's number of distinct books and of distinct authors.
  std::uint64_t publisher_books(Id rank) const { return publisher_books_[rank]; }
  std::uint64_t publisher_authors(Id rank) const { return publisher_authors_[rank]; }

  /// The authors that have facts, by rank (alphabetical); a filter may leave some without.
  const std::vector<Id>& listed_authors() const { return listed_authors_; }

  /// Where the facts of the author ranked `rank` are in catalogue().facts(): [first, second).
  std::pair<std::size_t, std::size_t> author_facts(Id rank) const {
    return {author_first_[rank], author_first_[rank + 1]};
  }

  /// Where the facts of the author called `name` are in catalogue().facts(); HttpError(404)
  /// when no author with facts has that name (/author and /api/author).
  std::pair<std::size_t, std::size_t> named_author_facts(std::string_view name) const;

  /// The rank of the publisher called `name`; HttpError(404) when no publisher with books has
  /// that name (/publisher and /api/publisher).
  Id named_publisher(std::string_view name) const;

  /// The positions of a publisher's facts, in tree order.
  std::pair<const std::uint32_t*, const std::uint32_t*> publisher_facts(Id rank) const {
    return publisher_facts_.of(rank);
  }

  /// The number of distinct books among facts [first, last) of one author.
  std::size_t books_in(std::size_t first, std::size_t last) const;

  /// Returns the positions of the first `limit` facts in tree order whose author, title or
  /// publisher contains fold(`text`) in its fold (SPEC §8, /search). Reads the word index
  /// and the facts of the names found, or, when very many names match, the facts in order
  /// until `limit` are found.
  std::vector<std::uint32_t> search(std::string_view text, std::size_t limit) const;

 private:
  Reading(Catalogue catalogue, SearchNames search);

  Catalogue catalogue_;
  SearchNames search_;
  Totals totals_;
  std::vector<PublisherCount> books_;
  std::vector<PublisherCount> authors_;
  std::vector<std::uint64_t> publisher_books_;
  std::vector<std::uint64_t> publisher_authors_;
  std::vector<Id> listed_authors_;
  std::vector<std::uint32_t> author_first_;  // by rank, one past the last author too
  FactGroups publisher_facts_;
  FactGroups title_facts_;
};

}  // namespace abp
