#pragma once

#include <string>

#include "abp/core/edit.hpp"
#include "abp/fast/loader.hpp"
#include "abp/store/csv_rewriter.hpp"

namespace abp {

/// How an edit treats the file itself.
struct FileEditOptions {
  bool dry_run = false;     // read and report, change nothing
  bool keep_backup = true;  // keep the old file as FILE~
  double lock_timeout_seconds = 10;
};

/// What an edit of a file did.
struct FileEditResult {
  RewriteResult rewrite;
  std::string miss_note;  // nothing matched: what was missing and the closest value
};

/// Applies `edit` to the catalogue CSV at `path` (SPEC §6), safely.
///
/// The file is opened and locked exclusively (shared for a dry run; Error(kTempFail) after
/// `lock_timeout_seconds`), on the file the path names once the lock is had, and the lock is
/// held until the new version is in place. The new version is streamed by rewrite_catalogue
/// into a FileReplacement beside the file (same permissions, fsync, FILE~ unless !keep_backup,
/// rename, folder fsync): FILE is at every moment whole, old or new, and on any error the
/// temporary goes and FILE is as it was. Nothing is written when nothing matches (then
/// `miss_note` says why) or for a dry run.
///
/// Errors: kNoInput (missing, unreadable, a directory or not a regular file), kCantCreate (the
/// file or its folder may not be written), kIoErr (read or write errors, a full disk, a file
/// size limit), kDataErr and kUsage as rewrite_catalogue.
FileEditResult edit_csv_file(const std::string& path, const LoadOptions& options,
                             const CatalogueEdit& edit, const FileEditOptions& file_options,
                             const RowChangeVisitor& on_change);

}  // namespace abp
