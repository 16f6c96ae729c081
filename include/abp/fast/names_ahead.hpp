#pragma once

#include <cstddef>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/fast/string_pool.hpp"

namespace abp {

/// Asks for a catalogue's names ahead of a walk through its facts in order. The names lie
/// scattered over memory, so a writer that names fact after fact would otherwise wait for
/// memory at each one; asked for early, the loads overlap. Only the speed changes.
class NamesAhead {
 public:
  /// For a walk through facts [begin, end) of `catalogue` (which must outlive this).
  NamesAhead(const Catalogue& catalogue, std::size_t end)
      : catalogue_(catalogue), facts_(catalogue.facts()), end_(end) {}

  /// Call before naming facts()[i], for ascending i. Asks for the names of the fact kAhead
  /// further on, and (unless the catalogue keeps its facts' titles in order) for where the
  /// Ref of the title of the fact 2 * kAhead further on is kept (needed to find the title's
  /// name).
  void before(std::size_t i) const {
    if (!catalogue_.fact_titles_in_order() && i + 2 * kAhead < end_) {
      prefetch(catalogue_.title_ref_slot(facts_[i + 2 * kAhead].title));
    }
    if (i + kAhead < end_) {
      const RankedFact& fact = facts_[i + kAhead];
      prefetch(catalogue_.author_ref(fact.author));
      // A title's entry (its length, some 25 bytes of text, its id) starts anywhere in a
      // cache line: four in ten run into the next line, which the writer then waited for.
      const StringPool::Ref title = catalogue_.fact_title_ref(i + kAhead);
      prefetch(title);
      prefetch(title + 32);
    }
  }

 private:
  static constexpr std::size_t kAhead = 16;

  const Catalogue& catalogue_;
  const std::vector<RankedFact>& facts_;
  std::size_t end_;
};

}  // namespace abp
