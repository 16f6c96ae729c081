#include "abp/core/spellings.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>

#include "abp/core/fold.hpp"
#include "abp/fast/parallel.hpp"
#include "abp/fast/radix_sort.hpp"
#include "abp/fast/string_pool.hpp"

namespace abp {
namespace {

// Names (ranks or title ids) that share a key.
struct IdGroup {
  std::string key;
  std::vector<Id> ids;
};

// A name keyed for grouping: the high half of its fold_key_hash() above its id, so sorting these
// integers (radix sort, no comparisons) brings the names whose keys may be equal together.
std::uint64_t keyed_id(std::uint64_t hash, Id id) {
  return (hash & ~std::uint64_t{0xFFFFFFFF}) | id;
}
std::uint64_t hash_half(std::uint64_t keyed) { return keyed >> 32; }
Id id_of(std::uint64_t keyed) { return static_cast<Id>(keyed & 0xFFFFFFFF); }

// Appends to `out` the groups of two or more ids of `keyed` (keyed_id()s, sorted) that share
// a key. Equal hash halves only propose a group: the keys themselves decide.
template <typename NameOf>
void collect_groups(const std::vector<std::uint64_t>& keyed, NameOf name_of,
                    std::vector<IdGroup>& out) {
  std::vector<std::pair<std::string, Id>> keys;
  for (std::size_t i = 0; i < keyed.size();) {
    std::size_t j = i + 1;
    while (j < keyed.size() && hash_half(keyed[j]) == hash_half(keyed[i])) ++j;
    if (j - i >= 2) {
      keys.clear();
      for (std::size_t k = i; k < j; ++k) {
        keys.emplace_back(fold_key(name_of(id_of(keyed[k]))), id_of(keyed[k]));
      }
      std::sort(keys.begin(), keys.end());
      for (std::size_t a = 0; a < keys.size();) {
        std::size_t b = a + 1;
        while (b < keys.size() && keys[b].first == keys[a].first) ++b;
        if (b - a >= 2) {
          IdGroup group{keys[a].first, {}};
          for (std::size_t k = a; k < b; ++k) group.ids.push_back(keys[k].second);
          out.push_back(std::move(group));
        }
        a = b;
      }
    }
    i = j;
  }
}

// fold_key_letters() in 32 bits, so the letters of every title of a large catalogue, read
// at random, take half the memory: the digits share five bits (0 with 5, 1 with 6, ...), and
// a value that is not ASCII is kCompactLettersUnknown. Still 0 exactly for an empty key, and
// still equal for values with one key; more values that differ share one, which only means
// their keys are worked out.
constexpr std::uint32_t kCompactLettersUnknown = 0xFFFFFFFF;
std::uint32_t compact_letters(std::uint64_t letters) {
  if (letters == kKeyLettersUnknown) return kCompactLettersUnknown;
  const std::uint64_t digits = letters >> 26;  // ten bits
  return static_cast<std::uint32_t>((letters & 0x3FFFFFF) |
                                    (((digits | digits >> 5) & 0x1F) << 26));
}

// Names are read in rank order and lie in their pool in the order they were first seen:
// each one's memory is asked for this many names ahead.
constexpr std::size_t kNamesAhead = 16;

// The groups among names [0, n) for which counted(i) holds. ref_of(i) is name i's Ref,
// name_of(i) its text. On one thread.
template <typename Counted, typename RefOf, typename NameOf>
std::vector<IdGroup> group_by_key(std::size_t n, Counted counted, RefOf ref_of, NameOf name_of) {
  std::vector<std::uint64_t> keyed;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kNamesAhead < n) prefetch(ref_of(static_cast<Id>(i + kNamesAhead)));
    if (!counted(i)) continue;
    const std::uint64_t hash = fold_key_hash(name_of(static_cast<Id>(i)));
    if (hash != 0) keyed.push_back(keyed_id(hash, static_cast<Id>(i)));
  }
  // Keyed in ascending id order: a stable sort on the hash half alone (three passes, where
  // the whole key took six) leaves them as a sort of the whole keys would.
  std::vector<std::uint64_t> scratch;
  sort_bits_stable(keyed.data(), keyed.size(), 32, 32, scratch);
  std::vector<IdGroup> groups;
  collect_groups(keyed, name_of, groups);
  return groups;
}

// `groups` without the names that have no rows (they are in no fact), and without the groups
// left with fewer than two names: what grouping only the names with rows gives.
std::vector<IdGroup> with_rows(std::vector<IdGroup> groups,
                               const std::vector<std::uint64_t>& rows) {
  std::size_t kept = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<Id>& ids = groups[g].ids;
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&rows](Id id) { return rows[id] == 0; }),
              ids.end());
    if (ids.size() < 2) continue;
    if (kept != g) groups[kept] = std::move(groups[g]);  // not onto itself: that empties it
    ++kept;
  }
  groups.resize(kept);
  return groups;
}

// A title of one author and the rows that state it.
struct TitleRows {
  Id title;
  std::uint64_t rows;
};

// The titles of one author (after its spellings merged) that share a key.
struct TitleGroup {
  Id author;  // rank of the spelling shown
  std::string key;
  std::vector<TitleRows> titles;  // most rows first, then byte-wise: the first is shown
};

// Works out which spellings are one name (SPEC §7): authors and publishers among all, titles
// among those of one author once the author's spellings are one.
class SpellingMerge {
 public:
  // When each author's title groups are found: all of them as the merge is made (for
  // find_duplicates() and fold()), or each author's as fold_in_place() comes to it, on the
  // thread that folds it (report --fold: one walk of the facts instead of two).
  enum class TitleGroups { kFindNow, kWhileFolding };

  explicit SpellingMerge(const Catalogue& catalogue,
                         TitleGroups title_groups = TitleGroups::kFindNow)
      : catalogue_(catalogue), title_groups_found_(title_groups == TitleGroups::kFindNow) {
    // Every distinct title is summarised by the letters its key holds (find_title_groups()),
    // which needs nothing else; authors are grouped by key on this thread, rows counted and
    // publishers grouped on the other, side by side (neither needs the other's result), and
    // whichever is done first starts on the titles' letters (10M rows, timed in the process:
    // 0.143 s with the count and the authors one after the other beside the letters, 0.135 s
    // so).
    std::vector<IdGroup> author_groups;  // of authors with rows or not
    title_letters_.assign(catalogue_.title_id_count(), 0);
    for_each_index_after(
        title_letters_.size(),
        [&] {
          author_groups = group_by_key(
              catalogue_.author_count(), [](std::size_t) { return true; },
              [this](Id rank) { return catalogue_.author_ref(rank); },
              [this](Id rank) { return catalogue_.author_name(rank); });
        },
        [&] {
          count_rows();
          publisher_groups_ = group_by_key(
              catalogue_.publisher_count(),
              [this](std::size_t i) { return publisher_rows_[i] != 0; },
              [this](Id rank) { return catalogue_.publisher_ref(rank); },
              [this](Id rank) { return catalogue_.publisher_name(rank); });
          publisher_shown_ = choose_shown(publisher_groups_, publisher_rows_);
        },
        [&](std::size_t id) {
          title_letters_[id] =
              compact_letters(fold_key_letters(catalogue_.title_name(static_cast<Id>(id))));
        });
    author_groups_ = with_rows(std::move(author_groups), author_rows_);
    author_shown_ = choose_shown(author_groups_, author_rows_);
    group_shown_as_.assign(catalogue_.author_count(), kNoGroup);
    for (std::size_t g = 0; g < author_groups_.size(); ++g) {
      group_shown_as_[author_groups_[g].ids.front()] = g;
    }
    if (title_groups_found_) {
      find_title_groups();
      title_letters_ = {};
    }
  }

  const Catalogue& catalogue() const { return catalogue_; }
  const std::vector<IdGroup>& author_groups() const { return author_groups_; }
  const std::vector<IdGroup>& publisher_groups() const { return publisher_groups_; }
  const std::vector<TitleGroup>& title_groups() const { return title_groups_; }
  const std::vector<std::uint64_t>& author_rows() const { return author_rows_; }
  const std::vector<std::uint64_t>& publisher_rows() const { return publisher_rows_; }

  /// The catalogue with every group made one name.
  Catalogue fold() const;

  /// fold()'s facts and rows made in `facts` and `rows` themselves: the catalogue's own,
  /// taken out of it (Catalogue::release_facts), `rows` empty or one count per fact. Only the
  /// memory differs: no second list of facts.
  void fold_in_place(std::vector<RankedFact>& facts, std::vector<std::uint32_t>& rows) const;

 private:
  void count_rows() {
    const std::vector<RankedFact>& facts = catalogue_.facts();
    author_begin_.assign(catalogue_.author_count() + 1, 0);
    author_rows_.assign(catalogue_.author_count(), 0);
    publisher_rows_.assign(catalogue_.publisher_count(), 0);
    for (std::size_t i = 0; i < facts.size(); ++i) {
      const std::uint32_t rows = catalogue_.fact_rows(i);
      author_rows_[facts[i].author] += rows;
      publisher_rows_[facts[i].publisher] += rows;
      ++author_begin_[facts[i].author + 1];
    }
    for (std::size_t r = 0; r < catalogue_.author_count(); ++r) {
      author_begin_[r + 1] += author_begin_[r];
    }
  }

  // Orders each group's ids by rows (descending), then rank (byte-wise), and returns the
  // rank shown for each rank: the first of its group, or itself.
  static std::vector<Id> choose_shown(std::vector<IdGroup>& groups,
                                      const std::vector<std::uint64_t>& rows) {
    std::vector<Id> shown(rows.size());
    for (std::size_t r = 0; r < shown.size(); ++r) shown[r] = static_cast<Id>(r);
    for (IdGroup& group : groups) {
      std::sort(group.ids.begin(), group.ids.end(),
                [&rows](Id a, Id b) { return rows[a] != rows[b] ? rows[a] > rows[b] : a < b; });
      for (const Id id : group.ids) shown[id] = group.ids.front();
    }
    return shown;
  }

  // The ranks whose facts make up the author shown as `rank`.
  const std::vector<Id>& members(Id rank, std::vector<Id>& alone) const {
    const std::size_t group = group_shown_as_[rank];
    if (group != kNoGroup) return author_groups_[group].ids;
    alone.assign(1, rank);
    return alone;
  }

  // Appends the books of the author shown as `rank` (title id, rows), each title once.
  // facts_of(member, each) calls each(title, rows) for every fact of the author rank
  // `member`, in order.
  template <typename FactsOf>
  void books_of(Id rank, std::vector<Id>& alone, FactsOf facts_of,
                std::vector<TitleRows>& books) const {
    books.clear();
    const std::vector<Id>& ranks = members(rank, alone);
    for (const Id member : ranks) {
      facts_of(member, [&books](Id title, std::uint32_t rows) {
        if (books.empty() || books.back().title != title) {
          // Written where it lies: a TitleRows made on the stack was copied in with one
          // 16-byte load of its two narrower stores, which cannot be forwarded and waited for
          // every store before it (a third of this walk's samples).
          books.emplace_back().title = title;
        }
        books.back().rows += rows;
      });
    }
    if (ranks.size() > 1) {  // two spellings of an author may share a title: add them up
      std::sort(books.begin(), books.end(),
                [](const TitleRows& a, const TitleRows& b) { return a.title < b.title; });
      std::size_t kept = 0;
      for (std::size_t i = 0; i < books.size(); ++i) {
        if (kept > 0 && books[kept - 1].title == books[i].title) {
          books[kept - 1].rows += books[i].rows;
        } else {
          books[kept++] = books[i];
        }
      }
      books.resize(kept);
    }
  }

  // books_of()'s facts_of for the catalogue's own list.
  auto facts_in_catalogue() const {
    return [this](Id member, auto each) {
      const std::vector<RankedFact>& facts = catalogue_.facts();
      for (std::size_t i = author_begin_[member]; i < author_begin_[member + 1]; ++i) {
        each(facts[i].title, catalogue_.fact_rows(i));
      }
    };
  }

  // The titles of the author shown as `rank` that show as another (title, title shown),
  // sorted, from `groups` (in author order): those at `next_group` and on, moved past.
  static void titles_shown(Id rank, const std::vector<TitleGroup>& groups, std::size_t& next_group,
                           std::vector<std::pair<Id, Id>>& title_shown) {
    title_shown.clear();
    for (; next_group < groups.size() && groups[next_group].author == rank; ++next_group) {
      const TitleGroup& group = groups[next_group];
      for (const TitleRows& title : group.titles) {
        title_shown.emplace_back(title.title, group.titles.front().title);
      }
    }
    std::sort(title_shown.begin(), title_shown.end());
  }

  // Whether folding changes any fact of the author shown as `rank` (`ranks` its spellings,
  // `facts` the catalogue's): most authors keep theirs as they are, in tree order.
  bool changes(Id rank, const std::vector<Id>& ranks,
               const std::vector<std::pair<Id, Id>>& title_shown,
               const std::vector<RankedFact>& facts) const {
    if (ranks.size() > 1 || !title_shown.empty()) return true;
    for (std::size_t i = author_begin_[rank]; i < author_begin_[rank + 1]; ++i) {
      if (publisher_shown_[facts[i].publisher] != facts[i].publisher) return true;
    }
    return false;
  }

  // The fact as the author shown as `rank` shows it.
  RankedFact shown_fact(Id rank, const RankedFact& fact,
                        const std::vector<std::pair<Id, Id>>& title_shown) const {
    RankedFact out{rank, fact.title, publisher_shown_[fact.publisher]};
    const auto shown =
        std::lower_bound(title_shown.begin(), title_shown.end(), std::make_pair(out.title, Id{0}));
    if (shown != title_shown.end() && shown->first == out.title) out.title = shown->second;
    return out;
  }

  // Sorts an author's merged facts into tree order (titles by their text, then publishers by
  // rank) and adds up the rows of facts that became equal; calls keep(fact, rows) for each.
  template <typename Keep>
  void merge_facts(std::vector<std::pair<RankedFact, std::uint32_t>>& merged, Keep keep) const {
    std::sort(merged.begin(), merged.end(), [this](const auto& a, const auto& b) {
      if (a.first.title != b.first.title) {
        return catalogue_.title_name(a.first.title) < catalogue_.title_name(b.first.title);
      }
      return a.first.publisher < b.first.publisher;
    });
    for (std::size_t i = 0; i < merged.size();) {
      std::uint64_t sum = merged[i].second;
      std::size_t j = i + 1;
      for (; j < merged.size() && merged[j].first == merged[i].first; ++j) sum += merged[j].second;
      keep(merged[i].first, static_cast<std::uint32_t>(std::min<std::uint64_t>(sum, UINT32_MAX)));
      i = j;
    }
  }

  // Work space for title_groups_of(), kept from author to author.
  struct TitleScratch {
    std::vector<Id> alone;
    std::vector<TitleRows> books;
    std::vector<std::uint64_t> lettered;  // a title's compact letters above its id
    std::vector<std::uint64_t> keyed;
    std::vector<IdGroup> groups;
  };

  // The first author of the second half of `fact_count` facts (authors in rank order): the
  // split for work on two threads.
  Id half_of_facts(std::size_t fact_count) const {
    return static_cast<Id>(std::min<std::size_t>(
        catalogue_.author_count(),
        static_cast<std::size_t>(
            std::lower_bound(author_begin_.begin(), author_begin_.end(), fact_count / 2) -
            author_begin_.begin())));
  }

  // Finds title_groups_: every author's, on two threads.
  void find_title_groups();
  void find_title_groups_in(Id first, Id last, std::vector<TitleGroup>& out) const;
  // Appends to `out` the title groups of the author shown as `rank`, whose books (books_of())
  // are in scratch.books.
  void title_groups_of(Id rank, TitleScratch& scratch, std::vector<TitleGroup>& out) const;

  // What fold_in_place() made of the authors [first, last) in their own places: facts from
  // `begin` to `written`, and those that did not fit there, in order after them.
  struct FoldedPart {
    std::size_t begin = 0;
    std::size_t written = 0;
    std::deque<std::pair<RankedFact, std::uint32_t>> waiting;
  };
  struct SetAside {
    std::vector<std::pair<RankedFact, std::uint32_t>> facts;  // of spellings not shown
    std::vector<std::size_t> begin;                           // by rank, and one more
  };
  FoldedPart fold_authors(Id first, Id last, std::vector<RankedFact>& facts,
                          std::vector<std::uint32_t>& rows, const SetAside& aside) const;

  const Catalogue& catalogue_;
  bool title_groups_found_;
  std::vector<std::size_t> author_begin_;  // by rank: where its facts begin (and one more)
  std::vector<std::uint64_t> author_rows_;
  std::vector<std::uint64_t> publisher_rows_;
  std::vector<IdGroup> author_groups_;
  std::vector<IdGroup> publisher_groups_;
  std::vector<Id> author_shown_;     // by rank: the rank shown in its place
  std::vector<Id> publisher_shown_;  // likewise
  static constexpr std::size_t kNoGroup = SIZE_MAX;
  std::vector<std::size_t> group_shown_as_;  // by rank: the author group it shows
  // By title id: the letters its key holds (compact_letters()). Only titles of authors with
  // two or more books can meet another spelling; this summarises every title (each distinct
  // title once, in the order they lie in memory: cheaper than finding out first which titles
  // are wanted), so keys are worked out only where two titles of an author share a summary
  // (most titles of a large catalogue share it with none of their author's others). Kept
  // until the title groups are found.
  std::vector<std::uint32_t> title_letters_;
  std::vector<TitleGroup> title_groups_;  // by author rank, with TitleGroups::kFindNow
};

void SpellingMerge::find_title_groups() {
  // Each half of the authors (about half the facts) on its own thread; the halves' groups
  // are in author order.
  const std::size_t fact_count = catalogue_.facts().size();
  const Id half = half_of_facts(fact_count);
  std::vector<TitleGroup> second;
  on_two_threads(fact_count, [&](int part) {
    if (part == 0) {
      find_title_groups_in(0, half, title_groups_);
    } else {
      find_title_groups_in(half, static_cast<Id>(catalogue_.author_count()), second);
    }
  });
  std::move(second.begin(), second.end(), std::back_inserter(title_groups_));
}

// Facts are read in order, their titles' letters at random: those are asked for this many
// facts ahead of the facts being read.
constexpr std::size_t kLettersAhead = 32;

void SpellingMerge::find_title_groups_in(Id first, Id last, std::vector<TitleGroup>& out) const {
  TitleScratch scratch;
  const std::vector<RankedFact>& facts = catalogue_.facts();
  std::size_t ahead = author_begin_[first];
  for (Id rank = first; rank < last; ++rank) {
    const std::size_t until =
        std::min(author_begin_[last], author_begin_[rank + 1] + kLettersAhead);
    for (; ahead < until; ++ahead) prefetch(&title_letters_[facts[ahead].title]);
    if (author_shown_[rank] != rank || author_rows_[rank] == 0) continue;
    books_of(rank, scratch.alone, facts_in_catalogue(), scratch.books);
    title_groups_of(rank, scratch, out);
  }
}

void SpellingMerge::title_groups_of(Id rank, TitleScratch& scratch,
                                    std::vector<TitleGroup>& out) const {
  const std::vector<TitleRows>& books = scratch.books;
  if (books.size() < 2) return;
  std::vector<std::uint64_t>& lettered = scratch.lettered;
  std::vector<std::uint64_t>& keyed = scratch.keyed;
  // The titles that may share a key with another: all of them when one is not ASCII, else
  // those whose letters another title holds too.
  lettered.clear();
  bool unknown = false;
  for (const TitleRows& book : books) {
    const std::uint32_t letters = title_letters_[book.title];
    if (letters == 0) continue;  // an empty key: never grouped
    unknown = unknown || letters == kCompactLettersUnknown;
    lettered.push_back(std::uint64_t{letters} << 32 | book.title);
  }
  const auto letters_of = [&lettered](std::size_t i) { return lettered[i] >> 32; };
  // An author has a few titles (eight on average): comparing each with the others costs
  // less than sorting them (a third of this walk's samples went to std::sort). More than
  // kFewTitles are sorted, so equal letters lie side by side.
  constexpr std::size_t kFewTitles = 16;
  const bool few = lettered.size() <= kFewTitles;
  if (!unknown && !few) std::sort(lettered.begin(), lettered.end());
  const auto shares_letters = [&](std::size_t i) {
    if (few) {
      for (std::size_t j = 0; j < lettered.size(); ++j) {
        if (j != i && letters_of(j) == letters_of(i)) return true;
      }
      return false;
    }
    return (i > 0 && letters_of(i - 1) == letters_of(i)) ||
           (i + 1 < lettered.size() && letters_of(i + 1) == letters_of(i));
  };
  keyed.clear();
  for (std::size_t i = 0; i < lettered.size(); ++i) {
    if (!unknown && !shares_letters(i)) continue;
    const auto title = static_cast<Id>(lettered[i] & 0xFFFFFFFF);
    const std::uint64_t hash = fold_key_hash(catalogue_.title_name(title));
    if (hash != 0) keyed.push_back(keyed_id(hash, title));
  }
  if (keyed.size() < 2) return;
  std::sort(keyed.begin(), keyed.end());
  scratch.groups.clear();
  collect_groups(
      keyed, [this](Id title) { return catalogue_.title_name(title); }, scratch.groups);
  for (IdGroup& group : scratch.groups) {
    TitleGroup titles{rank, std::move(group.key), {}};
    for (const Id title : group.ids) {
      const auto book = std::find_if(books.begin(), books.end(),
                                     [title](const TitleRows& b) { return b.title == title; });
      titles.titles.push_back(*book);
    }
    std::sort(titles.titles.begin(), titles.titles.end(),
              [this](const TitleRows& a, const TitleRows& b) {
                if (a.rows != b.rows) return a.rows > b.rows;
                return catalogue_.title_name(a.title) < catalogue_.title_name(b.title);
              });
    out.push_back(std::move(titles));
  }
}

Catalogue SpellingMerge::fold() const {
  if (!title_groups_found_) throw std::logic_error("fold: the title groups were not found");
  const std::vector<RankedFact>& facts = catalogue_.facts();
  std::vector<RankedFact> folded;
  std::vector<std::uint32_t> rows;
  folded.reserve(facts.size());
  rows.reserve(facts.size());
  // Title groups come in author order: the ones of the author at hand start at next_group.
  std::size_t next_group = 0;
  std::vector<std::pair<Id, Id>> title_shown;  // (title, title shown), sorted
  std::vector<Id> alone;
  std::vector<std::pair<RankedFact, std::uint32_t>> merged;
  for (Id rank = 0; rank < catalogue_.author_count(); ++rank) {
    if (author_shown_[rank] != rank || author_rows_[rank] == 0) continue;
    titles_shown(rank, title_groups_, next_group, title_shown);
    const std::vector<Id>& ranks = members(rank, alone);
    if (!changes(rank, ranks, title_shown,
                 facts)) {  // most authors: their facts stay as they are, in tree order
      for (std::size_t i = author_begin_[rank]; i < author_begin_[rank + 1]; ++i) {
        folded.push_back(facts[i]);
        rows.push_back(catalogue_.fact_rows(i));
      }
      continue;
    }
    merged.clear();
    for (const Id member : ranks) {
      for (std::size_t i = author_begin_[member]; i < author_begin_[member + 1]; ++i) {
        merged.emplace_back(shown_fact(rank, facts[i], title_shown), catalogue_.fact_rows(i));
      }
    }
    merge_facts(merged, [&](const RankedFact& fact, std::uint32_t fact_rows) {
      folded.push_back(fact);
      rows.push_back(fact_rows);
    });
  }
  return catalogue_.with_facts(std::move(folded), std::move(rows));
}

void SpellingMerge::fold_in_place(std::vector<RankedFact>& facts,
                                  std::vector<std::uint32_t>& rows) const {
  if (title_groups_found_) {
    throw std::logic_error("fold_in_place: made for TitleGroups::kWhileFolding");
  }
  if (rows.empty()) rows.assign(facts.size(), 1);
  // The authors shown are written front to back over the list they are read from. An author
  // shown in place of others also takes their facts: those of spellings that are not shown
  // are set aside first, as their places may be written before they are read.
  SetAside aside;
  aside.begin.assign(catalogue_.author_count() + 1, 0);
  for (Id rank = 0; rank < catalogue_.author_count(); ++rank) {
    aside.begin[rank] = aside.facts.size();
    if (author_shown_[rank] == rank) continue;
    for (std::size_t i = author_begin_[rank]; i < author_begin_[rank + 1]; ++i) {
      aside.facts.emplace_back(facts[i], rows[i]);
    }
  }
  aside.begin[catalogue_.author_count()] = aside.facts.size();
  // Each half of the authors is folded in its own places on its own thread; then the second
  // half's facts are moved to follow the first's. An author takes in spellings from either
  // half, so either may write more than its places hold: what did not fit follows its facts.
  const Id half = half_of_facts(facts.size());
  FoldedPart parts[2];
  on_two_threads(facts.size(), [&](int part) {
    parts[part] = part == 0 ? fold_authors(0, half, facts, rows, aside)
                            : fold_authors(half, static_cast<Id>(catalogue_.author_count()), facts,
                                           rows, aside);
  });
  const std::size_t second_begin = parts[0].written + parts[0].waiting.size();
  const std::size_t second_count = parts[1].written - parts[1].begin;
  const std::size_t total = second_begin + second_count + parts[1].waiting.size();
  // Folding never makes more facts than it read; were that broken, facts would be lost here.
  if (total > facts.size()) throw std::logic_error("fold_in_place: more facts written than read");
  static_assert(std::is_trivially_copyable_v<RankedFact>);
  if (second_count > 0 && second_begin != parts[1].begin) {  // (an empty list has no data())
    std::memmove(facts.data() + second_begin, facts.data() + parts[1].begin,
                 second_count * sizeof(RankedFact));
    std::memmove(rows.data() + second_begin, rows.data() + parts[1].begin,
                 second_count * sizeof(std::uint32_t));
  }
  std::size_t at = parts[0].written;
  for (const int part : {0, 1}) {
    for (const auto& [fact, fact_rows] : parts[part].waiting) {
      facts[at] = fact;
      rows[at++] = fact_rows;
    }
    at = second_begin + second_count;
  }
  facts.resize(total);
  rows.resize(total);
}

SpellingMerge::FoldedPart SpellingMerge::fold_authors(Id first, Id last,
                                                      std::vector<RankedFact>& facts,
                                                      std::vector<std::uint32_t>& rows,
                                                      const SetAside& aside) const {
  FoldedPart out;
  out.begin = out.written = author_begin_[first];
  // An author that takes another's facts writes more than it read; what does not fit before
  // the first place not yet read waits, in order, until reading frees the room.
  auto put = [&](const RankedFact& fact, std::uint32_t fact_rows, std::size_t read_up_to) {
    if (out.waiting.empty() && out.written < read_up_to) {
      facts[out.written] = fact;
      rows[out.written++] = fact_rows;
    } else {
      out.waiting.emplace_back(fact, fact_rows);
    }
  };
  auto write_waiting = [&](std::size_t read_up_to) {
    while (!out.waiting.empty() && out.written < read_up_to) {
      facts[out.written] = out.waiting.front().first;
      rows[out.written++] = out.waiting.front().second;
      out.waiting.pop_front();
    }
  };
  // The facts of an author shown are still where they were when it is reached (nothing is
  // written past the end of the authors before it); those of its other spellings were set
  // aside, and are read there: the other thread may be writing over their places.
  const auto facts_here = [&](Id member, auto each) {
    if (author_shown_[member] == member) {
      for (std::size_t i = author_begin_[member]; i < author_begin_[member + 1]; ++i) {
        each(facts[i].title, rows[i]);
      }
    } else {
      for (std::size_t i = aside.begin[member]; i < aside.begin[member + 1]; ++i) {
        each(aside.facts[i].first.title, aside.facts[i].second);
      }
    }
  };
  TitleScratch scratch;
  std::vector<TitleGroup> groups;  // this author's
  std::vector<std::pair<Id, Id>> title_shown;
  std::vector<std::pair<RankedFact, std::uint32_t>> merged;
  std::size_t ahead = author_begin_[first];
  for (Id rank = first; rank < last; ++rank) {
    const std::size_t begin = author_begin_[rank];
    const std::size_t end = author_begin_[rank + 1];
    // Read ahead only among facts not yet written over: past this author's beginning.
    const std::size_t until = std::min(author_begin_[last], end + kLettersAhead);
    for (; ahead < until; ++ahead) prefetch(&title_letters_[facts[ahead].title]);
    if (author_shown_[rank] != rank || author_rows_[rank] == 0) {
      write_waiting(end);  // set aside, or no facts: its places are free
      continue;
    }
    books_of(rank, scratch.alone, facts_here, scratch.books);
    groups.clear();
    title_groups_of(rank, scratch, groups);
    std::size_t next_group = 0;
    titles_shown(rank, groups, next_group, title_shown);
    const std::vector<Id>& ranks = members(rank, scratch.alone);
    if (!changes(rank, ranks, title_shown, facts)) {
      // Fact i is read before place i is written: written <= i while nothing waits.
      for (std::size_t i = begin; i < end; ++i) put(facts[i], rows[i], i + 1);
      write_waiting(end);
      continue;
    }
    merged.clear();
    for (const Id member : ranks) {
      if (member == rank) {
        for (std::size_t i = begin; i < end; ++i) {
          merged.emplace_back(shown_fact(rank, facts[i], title_shown), rows[i]);
        }
      } else {
        for (std::size_t i = aside.begin[member]; i < aside.begin[member + 1]; ++i) {
          merged.emplace_back(shown_fact(rank, aside.facts[i].first, title_shown),
                              aside.facts[i].second);
        }
      }
    }
    // This author's facts are all read now: its places may be written.
    merge_facts(merged, [&](const RankedFact& fact, std::uint32_t fact_rows) {
      put(fact, fact_rows, end);
    });
    write_waiting(end);
  }
  write_waiting(author_begin_[last]);
  return out;
}

// The spellings of `ids`, already in the order shown.
template <typename NameOf>
SpellingGroup spelling_group(std::string key, const std::vector<Id>& ids,
                             const std::vector<std::uint64_t>& rows_of, NameOf name_of) {
  SpellingGroup group{std::move(key), {}, 0, {}};
  for (const Id id : ids) {
    group.spellings.push_back(Spelling{name_of(id), rows_of[id]});
    group.rows += rows_of[id];
  }
  return group;
}

void order_groups(std::vector<SpellingGroup>& groups) {
  std::sort(groups.begin(), groups.end(), [](const SpellingGroup& a, const SpellingGroup& b) {
    return std::tie(b.rows, a.key, a.author) < std::tie(a.rows, b.key, b.author);
  });
}

}  // namespace

Duplicates find_duplicates(const Catalogue& catalogue) {
  const SpellingMerge merge(catalogue);
  Duplicates out;
  for (const IdGroup& group : merge.author_groups()) {
    out.authors.push_back(spelling_group(group.key, group.ids, merge.author_rows(),
                                         [&](Id r) { return catalogue.author_name(r); }));
  }
  for (const IdGroup& group : merge.publisher_groups()) {
    out.publishers.push_back(spelling_group(group.key, group.ids, merge.publisher_rows(),
                                            [&](Id r) { return catalogue.publisher_name(r); }));
  }
  for (const TitleGroup& group : merge.title_groups()) {
    SpellingGroup titles{group.key, catalogue.author_name(group.author), 0, {}};
    for (const TitleRows& title : group.titles) {
      titles.spellings.push_back(Spelling{catalogue.title_name(title.title), title.rows});
      titles.rows += title.rows;
    }
    out.titles.push_back(std::move(titles));
  }
  order_groups(out.authors);
  order_groups(out.publishers);
  order_groups(out.titles);
  return out;
}

Catalogue fold_spellings(const Catalogue& catalogue) { return SpellingMerge(catalogue).fold(); }

Catalogue fold_spellings(Catalogue&& catalogue) {
  const SpellingMerge merge(catalogue, SpellingMerge::TitleGroups::kWhileFolding);
  auto [facts, rows] = catalogue.release_facts();
  merge.fold_in_place(facts, rows);
  return catalogue.with_facts(std::move(facts), std::move(rows));
}

}  // namespace abp
