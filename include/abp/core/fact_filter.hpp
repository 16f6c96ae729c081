#pragma once

#include <string>

#include "abp/core/catalogue.hpp"

namespace abp {

/// SPEC §7's filters and `--fold`, as report, export and serve apply them.
struct FactFilter {
  std::string author;     // keep facts whose author's fold holds fold(author); empty: all
  std::string title;      // likewise for the title
  std::string publisher;  // likewise for the publisher
  bool fold = false;      // spellings that share a key are one name (fold_spellings)

  /// True when the filter keeps only some facts (a text is given).
  bool selects() const { return !author.empty() || !title.empty() || !publisher.empty(); }
  /// True when applying the filter can change the catalogue.
  bool active() const { return fold || selects(); }
};

/// Returns `catalogue` as SPEC §7 has a report see it (the texts must be valid UTF-8): with `fold`,
/// each group of spellings made one name first (fold_spellings), so a filter sees the spelling
/// shown; then only the facts whose author, title and publisher each hold the fold of the filter's
/// text in their own fold; every filter given must hold. Each distinct name is folded once, on two
/// threads, never once per fact. Row counts are kept.
Catalogue apply_filter(const Catalogue& catalogue, const FactFilter& filter);

/// The same, folding (when asked) in the catalogue's own list of facts, which it consumes.
Catalogue apply_filter(Catalogue&& catalogue, const FactFilter& filter);

/// Drops the facts of `builder` that the filter's texts do not keep (its `fold` is not
/// looked at): what `abp export --author ...` writes. Each distinct name is folded once.
void filter_facts(CatalogueBuilder& builder, const FactFilter& filter);

}  // namespace abp
