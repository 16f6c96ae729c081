// Catalogue::merge: the facts of two catalogues together, without sorting again. Both lists
// are already in tree order, so after the names of both are ranked together (a merge of two
// sorted lists) one pass over the facts interleaves them.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/catalogue.hpp"

namespace abp {
namespace {

// The names of `base` and `more` (each sorted byte-wise, no repeats) ranked together.
struct MergedNames {
  std::vector<StringPool::Ref> names;  // by rank in the result
  std::vector<Id> base_rank;           // base rank -> result rank
  std::vector<Id> more_rank;           // more rank -> result rank
};

// `copies` collects the names only `more` has: they get Refs into the merge's own block later,
// so their slots in `names` are filled in then (see `pending`).
MergedNames merge_names(const std::vector<StringPool::Ref>& base,
                        const std::vector<StringPool::Ref>& more,
                        std::vector<std::string_view>& copies,
                        std::vector<std::pair<std::size_t, std::size_t>>& pending) {
  MergedNames out;
  out.names.reserve(base.size() + more.size());
  out.base_rank.resize(base.size());
  out.more_rank.resize(more.size());
  std::size_t b = 0;
  std::size_t m = 0;
  while (b < base.size() || m < more.size()) {
    const auto rank = static_cast<Id>(out.names.size());
    if (m == more.size() ||
        (b < base.size() && StringPool::text(base[b]) < StringPool::text(more[m]))) {
      out.base_rank[b] = rank;
      out.names.push_back(base[b++]);
    } else if (b < base.size() && StringPool::text(base[b]) == StringPool::text(more[m])) {
      out.base_rank[b] = rank;
      out.more_rank[m++] = rank;
      out.names.push_back(base[b++]);
    } else {
      out.more_rank[m] = rank;
      pending.emplace_back(rank, copies.size());
      copies.push_back(StringPool::text(more[m++]));
      out.names.push_back(nullptr);
    }
  }
  return out;
}

}  // namespace

Catalogue Catalogue::merge(const Catalogue& base, const Catalogue& more, MergedRanks* ranks) {
  Catalogue out;
  auto names = std::make_shared<Names>();
  // Names only `more` has are copied into one new block; until then their slots are empty
  // and the (slot, copy) pairs say what goes where.
  std::vector<std::string_view> copies;
  std::vector<std::pair<std::size_t, std::size_t>> author_slots;
  std::vector<std::pair<std::size_t, std::size_t>> publisher_slots;
  std::vector<std::pair<std::size_t, std::size_t>> title_slots;
  MergedNames authors =
      merge_names(base.names_->author_names, more.names_->author_names, copies, author_slots);
  MergedNames publishers = merge_names(base.names_->publisher_names, more.names_->publisher_names,
                                       copies, publisher_slots);

  // Titles keep their ids; a title of `more` takes the id its author already has for it in
  // `base`, else a new one (one per distinct title of `more`), so an author's books stay
  // distinct by id, which the tree relies on.
  // Room for the titles only `more` has, up front: growing would copy them all once more.
  names->title_names.reserve(base.title_id_count() + more.title_id_count());
  names->title_names.assign(base.names_->title_names.begin(), base.names_->title_names.end());
  std::vector<Id> new_title(more.title_id_count(), StringPool::kMissing);
  std::vector<RankedFact> added;
  added.reserve(more.facts_.size());
  for (const RankedFact& fact : more.facts_) {
    const std::string_view title = more.title_name(fact.title);
    Id title_id = StringPool::kMissing;
    const Id base_author = base.find_author(more.author_name(fact.author));
    if (base_author != StringPool::kMissing) {
      const auto [first, last] = base.author_facts(base_author);
      const auto begin = base.facts_.begin() + static_cast<std::ptrdiff_t>(first);
      const auto end = base.facts_.begin() + static_cast<std::ptrdiff_t>(last);
      const auto at = std::lower_bound(
          begin, end, title,
          [&](const RankedFact& f, std::string_view t) { return base.title_name(f.title) < t; });
      if (at != end && base.title_name(at->title) == title) title_id = at->title;
    }
    if (title_id == StringPool::kMissing) {
      Id& id = new_title[fact.title];
      if (id == StringPool::kMissing) {
        id = static_cast<Id>(names->title_names.size());
        title_slots.emplace_back(id, copies.size());
        copies.push_back(title);
        names->title_names.push_back(nullptr);
      }
      title_id = id;
    }
    added.push_back(
        RankedFact{authors.more_rank[fact.author], title_id, publishers.more_rank[fact.publisher]});
  }

  names->storage = base.names_->storage;
  if (!copies.empty()) {
    std::vector<StringPool::Ref> refs;
    names->storage.push_back(StringPool::copy_block(copies, refs));
    for (const auto& [slot, copy] : author_slots) authors.names[slot] = refs[copy];
    for (const auto& [slot, copy] : publisher_slots) publishers.names[slot] = refs[copy];
    for (const auto& [slot, copy] : title_slots) names->title_names[slot] = refs[copy];
  }
  names->author_names = std::move(authors.names);
  names->publisher_names = std::move(publishers.names);
  out.names_ = std::move(names);

  // Both lists are in tree order under the new ranks too (ranking the names together kept
  // each list's order): interleave them, comparing titles by text only within one author.
  auto less = [&out](const RankedFact& x, const RankedFact& y) {
    if (x.author != y.author) return x.author < y.author;
    if (x.title != y.title) {
      const std::string_view tx = out.title_name(x.title);
      const std::string_view ty = out.title_name(y.title);
      if (tx != ty) return tx < ty;
    }
    return x.publisher < y.publisher;
  };
  out.facts_.reserve(base.facts_.size() + added.size());
  std::size_t m = 0;
  for (const RankedFact& f : base.facts_) {
    const RankedFact mapped{authors.base_rank[f.author], f.title,
                            publishers.base_rank[f.publisher]};
    while (m < added.size() && less(added[m], mapped)) out.facts_.push_back(added[m++]);
    if (m < added.size() && !less(mapped, added[m])) ++m;  // in both: kept once
    out.facts_.push_back(mapped);
  }
  out.facts_.insert(out.facts_.end(), added.begin() + static_cast<std::ptrdiff_t>(m), added.end());
  if (ranks != nullptr) {
    ranks->author = std::move(authors.base_rank);
    ranks->publisher = std::move(publishers.base_rank);
    ranks->first_new_title = static_cast<Id>(base.title_id_count());
  }
  return out;
}

}  // namespace abp
