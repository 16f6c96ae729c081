#include "abp/serve/search_index.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "abp/core/fold.hpp"
#include "abp/fast/string_pool.hpp"

namespace abp {
namespace {

constexpr std::size_t kKinds = 3;

std::size_t kind_index(NameKind kind) { return static_cast<std::size_t>(kind); }

// Splits a fold (words joined by one space) into its words.
std::vector<std::string_view> words_of(std::string_view folded) {
  std::vector<std::string_view> words;
  std::size_t begin = 0;
  while (begin < folded.size()) {
    std::size_t end = folded.find(' ', begin);
    if (end == std::string_view::npos) end = folded.size();
    if (end > begin) words.push_back(folded.substr(begin, end - begin));
    begin = end + 1;
  }
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

WordIndex::WordIndex(const Catalogue& catalogue) {
  // Each name's distinct words as word ids, name after name, then counted into postings.
  StringPool words;
  std::string folded;
  std::vector<std::uint32_t> name_words;
  std::vector<std::uint32_t> name_ends;
  for (const NameKind kind : kAllKinds) {
    const std::size_t k = kind_index(kind);
    key_counts_[k] = key_count(catalogue, kind);
    name_words.clear();
    name_ends.clear();
    name_ends.reserve(key_counts_[k]);
    for (Id key = 0; key < key_counts_[k]; ++key) {
      fold_into(name_at(catalogue, kind, key), folded);
      const std::size_t begin = name_words.size();
      for (const std::string_view word : words_of(folded)) name_words.push_back(words.intern(word));
      std::sort(name_words.begin() + static_cast<std::ptrdiff_t>(begin), name_words.end());
      name_words.erase(
          std::unique(name_words.begin() + static_cast<std::ptrdiff_t>(begin), name_words.end()),
          name_words.end());
      name_ends.push_back(static_cast<std::uint32_t>(name_words.size()));
    }
    // Postings of kinds done earlier index fewer words than the vocabulary ends with; they
    // are sized again below.
    Postings& postings = postings_[k];
    postings.offsets.assign(words.size() + 1, 0);
    for (const std::uint32_t word : name_words) ++postings.offsets[word + 1];
    for (std::size_t w = 0; w < words.size(); ++w) postings.offsets[w + 1] += postings.offsets[w];
    postings.keys.resize(name_words.size());
    std::vector<std::uint32_t> at(postings.offsets.begin(), postings.offsets.end() - 1);
    std::size_t begin = 0;
    for (Id key = 0; key < name_ends.size(); ++key) {
      for (std::size_t i = begin; i < name_ends[key]; ++i) postings.keys[at[name_words[i]]++] = key;
      begin = name_ends[key];
    }
  }
  for (Postings& postings : postings_) {
    const std::uint32_t end = postings.offsets.back();
    postings.offsets.resize(words.size() + 1, end);
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
  NameSet keys(key_counts_[k]);
  for (const std::uint32_t word : ids) {
    for (std::uint32_t i = postings.offsets[word]; i < postings.offsets[word + 1]; ++i) {
      keys.insert(postings.keys[i]);
    }
  }
  return keys;
}

NameSet WordIndex::find(NameKind kind, std::string_view folded,
                        const std::function<std::string_view(Id)>& name_of) const {
  const std::vector<std::string_view> words = words_of(folded);
  std::vector<std::uint32_t> ids;
  if (words.size() == 1) {
    // One word: every name with a word containing it matches, no checking needed.
    words_with(words.front(), Where::kInside, ids);
    return keys_of(kind, ids);
  }
  // Several: the text starts at the end of a word, ends at the start of one, and whole words
  // lie between. Names with all of those are candidates, checked against their fold.
  words_with(words.front(), Where::kEnd, ids);
  NameSet candidates = keys_of(kind, ids);
  auto narrow = [&](std::string_view word, Where where) {
    ids.clear();
    words_with(word, where, ids);
    const NameSet with = keys_of(kind, ids);
    NameSet both(key_counts_[kind_index(kind)]);
    candidates.for_each([&](Id key) {
      if (with.contains(key)) both.insert(key);
    });
    candidates = std::move(both);
  };
  for (std::size_t i = 1; i + 1 < words.size() && candidates.count() > 0; ++i) {
    narrow(words[i], Where::kWhole);
  }
  if (candidates.count() > 0) narrow(words.back(), Where::kStart);
  NameSet matches(key_counts_[kind_index(kind)]);
  std::string name_fold;
  candidates.for_each([&](Id key) {
    fold_into(name_of(key), name_fold);
    if (name_fold.find(folded) != std::string::npos) matches.insert(key);
  });
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
  NameMatches matches{false, NameSet(catalogue.author_count()), NameSet(catalogue.title_id_count()),
                      NameSet(catalogue.publisher_count())};
  const std::string folded = fold(text);
  if (folded.empty()) {
    matches.all = true;
    return matches;
  }
  auto current = [](const std::vector<Id>& now, Id key) { return now.empty() ? key : now[key]; };
  index_
      ->find(NameKind::kAuthor, folded,
             [&](Id key) { return catalogue.author_name(current(author_rank_, key)); })
      .for_each([&](Id key) { matches.authors.insert(current(author_rank_, key)); });
  index_->find(NameKind::kTitle, folded, [&](Id key) { return catalogue.title_name(key); })
      .for_each([&](Id key) { matches.titles.insert(key); });
  index_
      ->find(NameKind::kPublisher, folded,
             [&](Id key) { return catalogue.publisher_name(current(publisher_rank_, key)); })
      .for_each([&](Id key) { matches.publishers.insert(current(publisher_rank_, key)); });
  for (const Added& name : added_) {
    if (name.folded.find(folded) == std::string::npos) continue;
    NameSet& set = name.kind == NameKind::kAuthor  ? matches.authors
                   : name.kind == NameKind::kTitle ? matches.titles
                                                   : matches.publishers;
    set.insert(name.key);
  }
  return matches;
}

}  // namespace abp
