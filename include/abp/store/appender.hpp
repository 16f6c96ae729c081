#pragma once

#include <string>

#include "abp/core/catalogue.hpp"
#include "abp/fast/loader.hpp"

namespace abp {

/// One fact to add, its values already normalised and checked (see check_add_argument).
struct NewFact {
  std::string author;
  std::string title;
  std::string publisher;
};

/// Returns `value` normalised (SPEC §1) after checking it can be written as one field:
/// Error(kUsage) naming `what` when it is empty after normalising, holds a line break (U+2028
/// and U+2029 included) or any other control character (C0, DEL, C1, the bidirectional
/// controls of SPEC §4), or is not valid UTF-8.
std::string check_add_argument(const std::string& value, const char* what);

/// Returns the record `fact` is appended as to a file of `shape` (SPEC §3, add): its values in
/// the file's column order (the author split at its first space for first/last files), empty
/// for the other columns, joined by `delimiter`, quoted where needed, with the file's line end.
std::string encode_fact_row(const FileShape& shape, const NewFact& fact, char delimiter);

enum class AppendOutcome { kAppended, kAlreadyPresent, kCreated };

/// What an append did, and the catalogue as it is afterwards (for the reprint).
struct AppendResult {
  AppendOutcome outcome;
  Catalogue catalogue;
  SkippedRecords skipped;
};

/// Adds `fact` to the catalogue file at `path` unless it is there already (SPEC §3, add).
///
/// Under an exclusive flock on the file the path names once the lock is had (open_locked:
/// Error(kTempFail) after `lock_timeout_seconds`) the file is read and checked for the fact,
/// then the row goes out in one write(2) on an O_APPEND descriptor (a second only to learn why
/// a short one stopped) and is fsync'ed; on any failure the file is truncated back to its old
/// size and Error(kIoErr) is thrown, so it is as it was. A missing file is written whole beside
/// and linked into place (FileReplacement, kCreateOnly), so no half-written file is ever
/// visible. A read-only file that holds the fact already is kAlreadyPresent: nothing needs
/// writing. Errors (exit_code_for_errno, FileRole::kUpdate): kNoInput (a directory, a link
/// loop, a pipe or device: add needs a regular file), kCantCreate (no permission), kDataErr (as
/// load_catalogue).
AppendResult append_fact(const std::string& path, const NewFact& fact, const LoadOptions& options,
                         double lock_timeout_seconds);

}  // namespace abp
