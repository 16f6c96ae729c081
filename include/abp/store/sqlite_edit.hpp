#pragma once

#include <cstdint>
#include <string>

#include "abp/core/edit.hpp"
#include "abp/store/csv_rewriter.hpp"

namespace abp {

/// What an edit of a database did.
struct DatabaseEditResult {
  std::uint64_t facts_changed = 0;  // book_publisher rows removed or changed
  std::string miss_note;            // nothing matched: what was missing and the closest value
};

/// Applies `edit` to the abp database at `path` (SPEC §6) in one BEGIN IMMEDIATE transaction,
/// keeping the article's schema right:
/// - rename publisher: the name changes; to a name that exists, the publishers merge (their
///   book and author pairs moved, none twice) and the old one is deleted;
/// - rename author: the name changes (split at its first space, as add splits it); to a name
///   that exists, the authors merge: books move over, a title both have becomes one book with
///   the publishers of both, author pairs move, and the old author is deleted;
/// - rename title: the book's title changes; to a title the author has, the two books merge;
/// - remove: the book's facts (or the one with PUBLISHER) are deleted, then the book, the
///   author-publisher pairs and the author and publishers left without a fact.
///
/// `on_change` sees each changed fact in tree order as a reference-layout row
/// (`first,last,title,publisher`). A dry run only reads. When nothing matches nothing is
/// written and `miss_note` says why. Error(kTempFail) when another process holds the database
/// for longer than `lock_timeout_seconds`, Error(kCantCreate) when it may not be written,
/// Error(kDataErr) when it is not an abp database; other errors as SqliteDb's.
DatabaseEditResult edit_database(const std::string& path, const CatalogueEdit& edit, bool dry_run,
                                 double lock_timeout_seconds, const RowChangeVisitor& on_change);

}  // namespace abp
