#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/catalogue.hpp"

namespace abp {

/// The three kinds of name a search looks at.
enum class NameKind { kAuthor, kTitle, kPublisher };

/// A set of names of one kind: author or publisher ranks, or title ids, ascending, each once.
using NameSet = std::vector<Id>;

/// The names of each kind whose fold contains a searched text.
struct NameMatches {
  bool all = false;  // the text folds to nothing: every name matches
  NameSet authors;
  NameSet titles;
  NameSet publishers;
};

/// An index of a catalogue's distinct names by the words of their fold (SPEC §7), so a search
/// reads the vocabulary and a few posting lists instead of every name.
///
/// Built once for a full reading of the file; readings that add facts to it later (a merge)
/// keep it and list their new names beside it (SearchNames), so an add costs no new index.
/// Memory: the distinct words once, and 4 bytes per (word, name) pair.
class WordIndex {
 public:
  /// Indexes every author, title and publisher of `catalogue`. Keys are the catalogue's
  /// author and publisher ranks and title ids at this moment. O(names' bytes).
  explicit WordIndex(const Catalogue& catalogue);

  /// The words of the vocabulary a searched text (a fold, not empty) can match, found once
  /// for the three kinds (see find()).
  struct Query {
    std::string folded;
    std::vector<std::vector<std::uint32_t>> words;  // per word of the text: vocabulary ids
  };
  Query prepare(std::string_view folded) const;

  /// Returns the keys of the names of `kind` whose fold contains the query's text.
  /// `name_of(key)` gives a name, folded again to check a text of several words, which the
  /// words alone cannot decide.
  NameSet find(NameKind kind, const Query& query,
               const std::function<std::string_view(Id)>& name_of) const;

  std::size_t author_keys() const { return key_counts_[0]; }
  std::size_t title_keys() const { return key_counts_[1]; }
  std::size_t publisher_keys() const { return key_counts_[2]; }

 private:
  // The names of one kind that hold each word: keys of word w in [offsets[w], offsets[w+1]).
  struct Postings {
    std::vector<std::uint32_t> offsets;
    std::vector<Id> keys;
  };

  // Word ids whose text contains `part`: anywhere, as its end, or as its start.
  enum class Where { kInside, kEnd, kStart, kWhole };
  void words_with(std::string_view part, Where where, std::vector<std::uint32_t>& ids) const;
  NameSet keys_of(NameKind kind, const std::vector<std::uint32_t>& ids) const;

  // Every distinct word, each between two '\n' ("\nking\nstephen\n..."), and where each starts.
  std::string vocabulary_;
  std::vector<std::uint32_t> word_starts_;
  Postings postings_[3];  // by NameKind
  std::size_t key_counts_[3] = {0, 0, 0};
};

/// The search side of one reading: the word index of the last full reading, where its keys
/// are now, and the names added since (with their folds), which are few.
class SearchNames {
 public:
  /// Indexes `catalogue` afresh.
  explicit SearchNames(const Catalogue& catalogue);

  /// The search names of `merged`, made by Catalogue::merge from the catalogue `old` describes
  /// (`ranks` says where its authors and publishers went): the same word index, and the names
  /// only `merged` has folded and listed. Indexes `merged` afresh when those lists grow past
  /// a twentieth of the index.
  SearchNames(const SearchNames& old, const Catalogue& merged, const MergedRanks& ranks);

  /// Returns the names whose fold contains fold(`text`).
  NameMatches find(const Catalogue& catalogue, std::string_view text) const;

 private:
  struct Added {
    NameKind kind;
    Id key;  // rank (authors, publishers) or title id in the current catalogue
    std::string folded;
  };
  void add_new_names(const Catalogue& catalogue, const std::vector<bool>& old_authors,
                     const std::vector<bool>& old_publishers, std::size_t old_titles);

  std::shared_ptr<const WordIndex> index_;
  std::vector<Id> author_rank_;     // index key -> rank now; empty: the same
  std::vector<Id> publisher_rank_;  // likewise
  std::vector<Added> added_;
};

}  // namespace abp
