#include "abp/core/edit_miss.hpp"

#include <vector>

#include <fmt/format.h>

#include "abp/core/fold.hpp"
#include "abp/core/text.hpp"

namespace abp {

void MissFinder::add(std::string_view author, std::string_view title, std::string_view publisher) {
  switch (edit_.kind) {
    case CatalogueEdit::Kind::kRenamePublisher:
      if (publishers_.find(publisher) == publishers_.end()) publishers_.emplace(publisher);
      return;
    case CatalogueEdit::Kind::kRenameAuthor:
      if (authors_.find(author) == authors_.end()) authors_.emplace(author);
      return;
    case CatalogueEdit::Kind::kRenameTitle:
    case CatalogueEdit::Kind::kRemove:
      break;
  }
  if (author != edit_.author) {
    if (authors_.find(author) == authors_.end()) authors_.emplace(author);
    return;
  }
  author_seen_ = true;
  const std::string_view wanted_title =
      edit_.kind == CatalogueEdit::Kind::kRemove ? edit_.title : edit_.from;
  if (titles_.find(title) == titles_.end()) titles_.emplace(title);
  if (title != wanted_title) return;
  book_seen_ = true;
  if (publishers_.find(publisher) == publishers_.end()) publishers_.emplace(publisher);
}

std::string MissFinder::note() const {
  std::string missing;
  std::string suggestion;
  auto quoted = [](std::string_view value) { return fmt::format("'{}'", value); };
  switch (edit_.kind) {
    case CatalogueEdit::Kind::kRenamePublisher:
      missing = "no publisher " + quoted(edit_.from);
      suggestion = closest_by_fold(edit_.from, publishers_);
      break;
    case CatalogueEdit::Kind::kRenameAuthor:
      missing = "no author " + quoted(edit_.from);
      suggestion = closest_by_fold(edit_.from, authors_);
      break;
    case CatalogueEdit::Kind::kRenameTitle:
    case CatalogueEdit::Kind::kRemove: {
      const std::string& title =
          edit_.kind == CatalogueEdit::Kind::kRemove ? edit_.title : edit_.from;
      if (!author_seen_) {
        missing = "no author " + quoted(edit_.author);
        suggestion = closest_by_fold(edit_.author, authors_);
      } else if (!book_seen_) {
        missing = fmt::format("no title {} by {}", quoted(title), quoted(edit_.author));
        suggestion = closest_by_fold(title, titles_);
      } else {
        // Only a remove with PUBLISHER gets here: the book is there, that fact is not.
        missing = fmt::format("{} by {} has no publisher {}", quoted(title), quoted(edit_.author),
                              quoted(edit_.publisher));
        suggestion = closest_by_fold(edit_.publisher, publishers_);
      }
      break;
    }
  }
  std::string note = "nothing changed: " + missing;
  if (!suggestion.empty()) note += fmt::format(" (did you mean {}?)", quoted(suggestion));
  return note;
}

std::string closest_by_fold(std::string_view wanted,
                            const std::set<std::string, std::less<>>& candidates) {
  const std::string wanted_fold = fold(wanted);
  const std::string wanted_key = fold_key(wanted);
  // The set is byte-wise ordered, so the first candidate found wins a tie.
  std::string same_key;
  std::vector<std::string> folds;
  folds.reserve(candidates.size());
  std::string buffer;
  for (const std::string& candidate : candidates) {
    if (candidate == wanted) continue;
    fold_into(candidate, buffer);
    if (buffer == wanted_fold) return candidate;
    if (same_key.empty()) {
      std::string key;
      fold_key_into(candidate, key);
      if (key == wanted_key) same_key = candidate;
    }
    folds.push_back(buffer);
  }
  if (!same_key.empty()) return same_key;
  const std::string nearest = closest_match(wanted_fold, folds);
  if (nearest.empty()) return {};
  std::size_t i = 0;
  for (const std::string& candidate : candidates) {
    if (candidate == wanted) continue;
    if (folds[i++] == nearest) return candidate;
  }
  return {};
}

}  // namespace abp
