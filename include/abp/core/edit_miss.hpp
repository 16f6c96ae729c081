#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "abp/core/edit.hpp"

namespace abp {

/// Finds what an edit that matched nothing was looking for, and the existing value closest to
/// it (SPEC §6), from the catalogue's facts fed to it one by one.
///
/// The missing part is the first of the edit's values that is absent: the author (of a
/// rename author, a rename title or a remove), the publisher of a rename publisher, the title
/// among the author's titles, then the publisher among that book's publishers. The suggestion
/// is, among the existing values of that part, one with the same fold (SPEC §7: `stephen
/// king` for `Stephen KING`), else one with the same key (`King, Stephen`), else the nearest
/// fold by edit distance when it is close enough; ties go to the byte-wise smallest value.
class MissFinder {
 public:
  explicit MissFinder(const CatalogueEdit& edit) : edit_(edit) {}

  /// Takes one fact of the catalogue (normalised values, valid UTF-8).
  void add(std::string_view author, std::string_view title, std::string_view publisher);

  /// Returns the note, e.g. `no author 'Stephen Kng'; nothing changed (did you mean 'Stephen
  /// King'?)`.
  std::string note() const;

 private:
  const CatalogueEdit& edit_;
  bool author_seen_ = false;
  bool book_seen_ = false;
  std::set<std::string, std::less<>> authors_;
  std::set<std::string, std::less<>> publishers_;  // all, or the book's (kRemove)
  std::set<std::string, std::less<>> titles_;      // the author's
};

/// Returns the value of `candidates` closest to `wanted` as MissFinder describes, or an empty
/// string when none is close.
std::string closest_by_fold(std::string_view wanted,
                            const std::set<std::string, std::less<>>& candidates);

}  // namespace abp
