#include "abp/serve/search_index.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <utility>

#include "abp/core/fold.hpp"
#include "abp/fast/parallel.hpp"
#include "abp/fast/string_pool.hpp"

namespace abp {
namespace {

constexpr std::size_t kKinds = 3;

std::size_t kind_index(NameKind kind) { return static_cast<std::size_t>(kind); }

// Calls `each` with each word of a fold (words joined by one space), in order.
template <typename Each>
void for_each_word(std::string_view folded, Each each) {
  std::size_t begin = 0;
  while (begin < folded.size()) {
    std::size_t end = folded.find(' ', begin);
    if (end == std::string_view::npos) end = folded.size();
    if (end > begin) each(folded.substr(begin, end - begin));
    begin = end + 1;
  }
}

// The words of a fold.
std::vector<std::string_view> words_of(std::string_view folded) {
  std::vector<std::string_view> words;
  for_each_word(folded, [&](std::string_view word) { words.push_back(word); });
  return words;
}

std::size_t key_count(const Catalogue& catalogue, NameKind kind) {
  switch (kind) {
    case NameKind::kAuthor:
      return catalogue.author_count();
    case NameKind::kTitle:
      return catalogue.title_id_count();
    case NameKind::kPublisher:
      break;
  }
  return catalogue.publisher_count();
}

std::string_view name_at(const Catalogue& catalogue, NameKind kind, Id key) {
  switch (kind) {
    case NameKind::kAuthor:
      return catalogue.author_name(key);
    case NameKind::kTitle:
      return catalogue.title_name(key);
    case NameKind::kPublisher:
      break;
  }
  return catalogue.publisher_name(key);
}

constexpr NameKind kAllKinds[kKinds] = {NameKind::kAuthor, NameKind::kTitle, NameKind::kPublisher};

}  // namespace

namespace {

// The distinct words of some names, as ids of `words`: name after name, per kind.
struct NameWords {
  StringPool words;
  std::vector<std::uint32_t> ids[kKinds];   // each name's word ids, ascending, one after another
  std::vector<std::uint32_t> ends[kKinds];  // where each name's ids end in ids[kind]
};

// Folds names [first, last) of `kind` and adds their words to `out`.
void collect_words(const Catalogue& catalogue, NameKind kind, Id first, Id last, NameWords& out) {
  std::vector<std::uint32_t>& ids = out.ids[kind_index(kind)];
  std::vector<std::uint32_t>& ends = out.ends[kind_index(kind)];
  ends.reserve(last - first);
  std::string folded;
  for (Id key = first; key < last; ++key) {
    fold_into(name_at(catalogue, kind, key), folded);
    const std::size_t begin = ids.size();
    // Word by word, with no list of them: this runs for every name of the catalogue.
    for_each_word(folded, [&](std::string_view word) { ids.push_back(out.words.intern(word)); });
    std::sort(ids.begin() + static_cast<std::ptrdiff_t>(begin), ids.end());
    ids.erase(std::unique(ids.begin() + static_cast<std::ptrdiff_t>(begin), ids.end()), ids.end());
    ends.push_back(static_cast<std::uint32_t>(ids.size()));
  }
}

}  // namespace

WordIndex::WordIndex(const Catalogue& catalogue) {
  // Each thread folds half of each kind's names into words of its own vocabulary; the second
  // vocabulary is then added to the first, and the postings counted from both halves.
  NameWords halves[2];
  Id middle[kKinds];
  std::size_t names = 0;
  for (const NameKind kind : kAllKinds) {
    const std::size_t k = kind_index(kind);
    key_counts_[k] = key_count(catalogue, kind);
    middle[k] = static_cast<Id>(key_counts_[k] / 2);
    names += key_counts_[k];
  }
  on_two_threads(names, [&](int part) {
    for (const NameKind kind : kAllKinds) {
      const std::size_t k = kind_index(kind);
      collect_words(catalogue, kind, part == 0 ? 0 : middle[k],
                    part == 0 ? middle[k] : static_cast<Id>(key_counts_[k]), halves[part]);
    }
  });
  StringPool& words = halves[0].words;
  std::vector<std::uint32_t> moved(halves[1].words.size());
  for (Id w = 0; w < moved.size(); ++w) moved[w] = words.intern(halves[1].words.view(w));
  for (std::vector<std::uint32_t>& ids : halves[1].ids) {
    for (std::uint32_t& id : ids) id = moved[id];  // one-to-one: still distinct within a name
  }

  for (std::size_t k = 0; k < kKinds; ++k) {
    Postings& postings = postings_[k];
    postings.offsets.assign(words.size() + 1, 0);
    for (const NameWords& half : halves) {
      for (const std::uint32_t word : half.ids[k]) ++postings.offsets[word + 1];
    }
    for (std::size_t w = 0; w < words.size(); ++w) postings.offsets[w + 1] += postings.offsets[w];
    postings.keys.resize(postings.offsets.back());
    std::vector<std::uint32_t> at(postings.offsets.begin(), postings.offsets.end() - 1);
    // Names in key order, the first half's then the second's: each word's keys ascend.
    Id key = 0;
    for (const NameWords& half : halves) {
      std::size_t begin = 0;
      for (const std::uint32_t end : half.ends[k]) {
        for (std::size_t i = begin; i < end; ++i) postings.keys[at[half.ids[k][i]]++] = key;
        begin = end;
        ++key;
      }
    }
  }
  vocabulary_ = "\n";
  word_starts_.reserve(words.size());
  for (Id w = 0; w < words.size(); ++w) {
    word_starts_.push_back(static_cast<std::uint32_t>(vocabulary_.size()));
    vocabulary_ += words.view(w);
    vocabulary_ += '\n';
  }
}

void WordIndex::words_with(std::string_view part, Where where,
                           std::vector<std::uint32_t>& ids) const {
  // Words sit between '\n's, which no fold holds, so a match never spans two; the needle
  // carries the '\n' that pins it to a word's start or end.
  std::string needle;
  if (where == Where::kStart || where == Where::kWhole) needle += '\n';
  needle += part;
  if (where == Where::kEnd || where == Where::kWhole) needle += '\n';
  const char* text = vocabulary_.data();
  const std::size_t size = vocabulary_.size();
  std::size_t from = 0;
  while (from < size) {
    const void* hit = ::memmem(text + from, size - from, needle.data(), needle.size());
    if (hit == nullptr) break;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - text);
    // The word the match lies in: the last one starting at or before its first letter.
    const std::size_t letter = at + (needle.front() == '\n' ? 1 : 0);
    const auto word = static_cast<std::uint32_t>(
        std::upper_bound(word_starts_.begin(), word_starts_.end(), letter) - word_starts_.begin() -
        1);
    ids.push_back(word);
    // Go on after this word: one hit per word is enough.
    const std::size_t next = word + 1 < word_starts_.size() ? word_starts_[word + 1] : size;
    from = std::max(next - 1, at + 1);
  }
}

NameSet WordIndex::keys_of(NameKind kind, const std::vector<std::uint32_t>& ids) const {
  const std::size_t k = kind_index(kind);
  const Postings& postings = postings_[k];
  std::size_t total = 0;
  for (const std::uint32_t word : ids) total += postings.offsets[word + 1] - postings.offsets[word];
  NameSet keys;
  if (total * 16 <= key_counts_[k]) {
    // Few: gather and sort.
    keys.reserve(total);
    for (const std::uint32_t word : ids) {
      keys.insert(keys.end(), postings.keys.begin() + postings.offsets[word],
                  postings.keys.begin() + postings.offsets[word + 1]);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
  }
  // Many (a short text matches much of the vocabulary): mark them, then read them in order.
  std::vector<std::uint64_t> bits((key_counts_[k] + 63) / 64, 0);
  for (const std::uint32_t word : ids) {
    for (std::uint32_t i = postings.offsets[word]; i < postings.offsets[word + 1]; ++i) {
      bits[postings.keys[i] / 64] |= std::uint64_t{1} << (postings.keys[i] % 64);
    }
  }
  for (std::size_t w = 0; w < bits.size(); ++w) {
    for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
      keys.push_back(static_cast<Id>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
    }
  }
  return keys;
}

WordIndex::Query WordIndex::prepare(std::string_view folded) const {
  Query query{std::string(folded), {}};
  const std::vector<std::string_view> words = words_of(query.folded);
  query.words.resize(words.size());
  if (words.size() == 1) {
    // One word: every name with a word containing it matches, no checking needed.
    words_with(words.front(), Where::kInside, query.words.front());
    return query;
  }
  // Several: the text starts at the end of a word, ends at the start of one, and whole words
  // lie between.
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Where where = i == 0                  ? Where::kEnd
                        : i + 1 == words.size() ? Where::kStart
                                                : Where::kWhole;
    words_with(words[i], where, query.words[i]);
  }
  return query;
}

NameSet WordIndex::find(NameKind kind, const Query& query,
                        const std::function<std::string_view(Id)>& name_of) const {
  if (query.words.size() == 1) return keys_of(kind, query.words.front());
  // Names with a word of each part are candidates, checked against their fold.
  NameSet candidates = keys_of(kind, query.words.front());
  for (std::size_t i = 1; i < query.words.size() && !candidates.empty(); ++i) {
    const NameSet with = keys_of(kind, query.words[i]);
    NameSet both;
    std::set_intersection(candidates.begin(), candidates.end(), with.begin(), with.end(),
                          std::back_inserter(both));
    candidates = std::move(both);
  }
  NameSet matches;
  std::string name_fold;
  for (const Id key : candidates) {
    fold_into(name_of(key), name_fold);
    if (name_fold.find(query.folded) != std::string::npos) matches.push_back(key);
  }
  return matches;
}

SearchNames::SearchNames(const Catalogue& catalogue)
    : index_(std::make_shared<const WordIndex>(catalogue)) {}

SearchNames::SearchNames(const SearchNames& old, const Catalogue& merged, const MergedRanks& ranks)
    : index_(old.index_) {
  auto move_ranks = [](const std::vector<Id>& before, std::size_t keys,
                       const std::vector<Id>& moved) {
    std::vector<Id> now(keys);
    for (Id key = 0; key < keys; ++key) now[key] = moved[before.empty() ? key : before[key]];
    return now;
  };
  author_rank_ = move_ranks(old.author_rank_, index_->author_keys(), ranks.author);
  publisher_rank_ = move_ranks(old.publisher_rank_, index_->publisher_keys(), ranks.publisher);
  added_.reserve(old.added_.size());
  for (const Added& name : old.added_) {
    Added moved = name;
    if (name.kind == NameKind::kAuthor) moved.key = ranks.author[name.key];
    if (name.kind == NameKind::kPublisher) moved.key = ranks.publisher[name.key];
    added_.push_back(std::move(moved));
  }
  // The names `merged` has that the old catalogue had not: authors and publishers no old rank
  // moved to, and the titles after the old ones.
  std::vector<bool> old_authors(merged.author_count(), false);
  for (const Id rank : ranks.author) old_authors[rank] = true;
  std::vector<bool> old_publishers(merged.publisher_count(), false);
  for (const Id rank : ranks.publisher) old_publishers[rank] = true;
  add_new_names(merged, old_authors, old_publishers, ranks.first_new_title);
  const std::size_t indexed =
      index_->author_keys() + index_->title_keys() + index_->publisher_keys();
  if (added_.size() > std::max<std::size_t>(256, indexed / 20)) *this = SearchNames(merged);
}

void SearchNames::add_new_names(const Catalogue& catalogue, const std::vector<bool>& old_authors,
                                const std::vector<bool>& old_publishers, std::size_t old_titles) {
  for (Id rank = 0; rank < old_authors.size(); ++rank) {
    if (!old_authors[rank]) {
      added_.push_back(Added{NameKind::kAuthor, rank, fold(catalogue.author_name(rank))});
    }
  }
  for (auto title = static_cast<Id>(old_titles); title < catalogue.title_id_count(); ++title) {
    added_.push_back(Added{NameKind::kTitle, title, fold(catalogue.title_name(title))});
  }
  for (Id rank = 0; rank < old_publishers.size(); ++rank) {
    if (!old_publishers[rank]) {
      added_.push_back(Added{NameKind::kPublisher, rank, fold(catalogue.publisher_name(rank))});
    }
  }
}

NameMatches SearchNames::find(const Catalogue& catalogue, std::string_view text) const {
  NameMatches matches;
  const std::string folded = fold(text);
  if (folded.empty()) {
    matches.all = true;
    return matches;
  }
  const WordIndex::Query query = index_->prepare(folded);
  // Ranks moved by merges keep their order, so the lists stay ascending.
  auto now = [](const std::vector<Id>& ranks, NameSet keys) {
    if (!ranks.empty()) {
      for (Id& key : keys) key = ranks[key];
    }
    return keys;
  };
  matches.authors = now(author_rank_, index_->find(NameKind::kAuthor, query, [&](Id key) {
    return catalogue.author_name(author_rank_.empty() ? key : author_rank_[key]);
  }));
  matches.titles =
      index_->find(NameKind::kTitle, query, [&](Id key) { return catalogue.title_name(key); });
  matches.publishers = now(publisher_rank_, index_->find(NameKind::kPublisher, query, [&](Id key) {
    return catalogue.publisher_name(publisher_rank_.empty() ? key : publisher_rank_[key]);
  }));
  bool added = false;
  for (const Added& name : added_) {
    if (name.folded.find(folded) == std::string::npos) continue;
    NameSet& set = name.kind == NameKind::kAuthor  ? matches.authors
                   : name.kind == NameKind::kTitle ? matches.titles
                                                   : matches.publishers;
    set.push_back(name.key);
    added = true;
  }
  if (added) {
    for (NameSet* set : {&matches.authors, &matches.titles, &matches.publishers}) {
      std::sort(set->begin(), set->end());
      set->erase(std::unique(set->begin(), set->end()), set->end());
    }
  }
  return matches;
}

}  // namespace abp
