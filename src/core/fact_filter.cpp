#include "abp/core/fact_filter.hpp"

#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "abp/core/fold.hpp"
#include "abp/core/spellings.hpp"
#include "abp/fast/parallel.hpp"

namespace abp {
namespace {

// Which names one filter text keeps: those whose fold holds fold(text) (SPEC §7).
class NameMatcher {
 public:
  explicit NameMatcher(std::string_view text) : needle_(fold(text)) {}

  /// True when every name matches (no text, or one without a letter or digit).
  bool keeps_all() const { return needle_.empty(); }

  bool matches(std::string_view name) const {
    thread_local std::string folded;
    fold_into(name, folded);
    return folded.find(needle_) != std::string::npos;
  }

  /// For names [0, n): 1 where `wanted[id]` and the name matches, else 0. Each name is
  /// folded once, on two threads.
  template <typename NameOf>
  std::vector<char> match_each(const std::vector<char>& wanted, NameOf name_of) const {
    std::vector<char> kept(wanted.size(), 0);
    for_each_index(wanted.size(), [&](std::size_t id) {
      if (wanted[id]) kept[id] = matches(name_of(static_cast<Id>(id))) ? 1 : 0;
    });
    return kept;
  }

 private:
  std::string needle_;
};

// The names [0, n) that facts[i] name through `part`, for the facts `keep_fact` keeps. Facts
// are a builder's (Fact) or a catalogue's (RankedFact): both name their parts by number.
template <typename Facts, typename Part, typename Keep>
std::vector<char> names_used(const Facts& facts, std::size_t n, Part part, Keep keep_fact) {
  std::vector<char> used(n, 0);
  for (const auto& fact : facts) {
    if (keep_fact(fact)) used[part(fact)] = 1;
  }
  return used;
}

// Decides which facts the filter's texts keep: the authors and publishers first, then only
// the titles of facts those keep (a title filter with an author filter folds few titles).
template <typename Facts, typename AuthorName, typename TitleName, typename PublisherName>
std::vector<char> facts_kept(const Facts& facts, const FactFilter& filter, std::size_t authors,
                             AuthorName author_name, std::size_t titles, TitleName title_name,
                             std::size_t publishers, PublisherName publisher_name) {
  using AnyFact = std::decay_t<decltype(facts[0])>;  // Fact or RankedFact
  const NameMatcher by_author(filter.author);
  const NameMatcher by_title(filter.title);
  const NameMatcher by_publisher(filter.publisher);
  const auto all = [](const AnyFact&) { return true; };
  std::vector<char> author_ok;
  std::vector<char> publisher_ok;
  if (!by_author.keeps_all()) {
    author_ok =
        by_author.match_each(names_used(
                                 facts, authors, [](const AnyFact& f) { return f.author; }, all),
                             author_name);
  }
  if (!by_publisher.keeps_all()) {
    publisher_ok = by_publisher.match_each(
        names_used(
            facts, publishers, [](const AnyFact& f) { return f.publisher; }, all),
        publisher_name);
  }
  const auto names_ok = [&](const AnyFact& f) {
    return (author_ok.empty() || author_ok[f.author]) &&
           (publisher_ok.empty() || publisher_ok[f.publisher]);
  };
  std::vector<char> title_ok;
  if (!by_title.keeps_all()) {
    title_ok =
        by_title.match_each(names_used(
                                facts, titles, [](const AnyFact& f) { return f.title; }, names_ok),
                            title_name);
  }
  std::vector<char> kept(facts.size());
  for (std::size_t i = 0; i < facts.size(); ++i) {
    kept[i] = names_ok(facts[i]) && (title_ok.empty() || title_ok[facts[i].title]);
  }
  return kept;
}

// A folded catalogue with the filter's texts (not its fold) applied: a filter sees the
// spellings shown.
Catalogue texts_applied(Catalogue folded, const FactFilter& filter) {
  FactFilter texts = filter;
  texts.fold = false;
  // Not a conditional expression: its `folded` would be a copy of every fact, not a move.
  if (!texts.selects()) return folded;
  return apply_filter(folded, texts);
}

}  // namespace

Catalogue apply_filter(const Catalogue& catalogue, const FactFilter& filter) {
  if (filter.fold) return texts_applied(fold_spellings(catalogue), filter);
  const std::vector<RankedFact>& facts = catalogue.facts();
  const std::vector<char> kept = facts_kept(
      facts, filter, catalogue.author_count(), [&](Id r) { return catalogue.author_name(r); },
      catalogue.title_id_count(), [&](Id t) { return catalogue.title_name(t); },
      catalogue.publisher_count(), [&](Id r) { return catalogue.publisher_name(r); });
  std::vector<RankedFact> out;
  std::vector<std::uint32_t> rows;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    if (!kept[i]) continue;
    out.push_back(facts[i]);
    if (catalogue.has_row_counts()) rows.push_back(catalogue.fact_rows(i));
  }
  return catalogue.with_facts(std::move(out), std::move(rows));
}

Catalogue apply_filter(Catalogue&& catalogue, const FactFilter& filter) {
  if (!filter.fold) return apply_filter(static_cast<const Catalogue&>(catalogue), filter);
  return texts_applied(fold_spellings(std::move(catalogue)), filter);
}

void filter_facts(CatalogueBuilder& builder, const FactFilter& filter) {
  if (!filter.selects()) return;
  const std::vector<char> kept = facts_kept(
      builder.facts(), filter, builder.authors().size(),
      [&](Id id) { return builder.authors().view(id); }, builder.titles().size(),
      [&](Id id) { return builder.titles().view(id); }, builder.publishers().size(),
      [&](Id id) { return builder.publishers().view(id); });
  builder.keep_facts([&kept](std::size_t i) { return kept[i] != 0; });
}

}  // namespace abp
