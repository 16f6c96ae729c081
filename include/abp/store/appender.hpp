#pragma once

#include <cstdint>
#include <functional>
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

/// What a check made under the append's lock found: how the file is laid out (for writing
/// the row) and whether it holds the fact already.
struct AppendCheck {
  FileShape shape;
  bool present = false;
};

/// Looks at the file open on `fd` (`size` bytes, locked, read position at 0).
using AppendLook = std::function<AppendCheck(int fd, std::uint64_t size)>;

/// Told, still under the lock, that the row is written and synced: the file is open on `fd`
/// and now `size` bytes long.
using AppendDone = std::function<void(int fd, std::uint64_t size)>;

/// What append_fact_checked did, and the file's size before and after.
struct CheckedAppend {
  AppendOutcome outcome;
  std::uint64_t size_before = 0;
  std::uint64_t size_after = 0;
};

/// append_fact() for a caller that already knows most of the file (abp serve keeps its
/// catalogue in memory and reads only what was appended since): the same lock, single write,
/// fsync and undo, but `look` decides, under the lock, whether the fact is there, instead of
/// the whole file being read; `appended` (when set) is called after a successful append,
/// before the lock is let go. A missing file is created as append_fact() creates it
/// (kCreated; neither is called). Errors as append_fact(), and whatever the two throw.
CheckedAppend append_fact_checked(const std::string& path, const NewFact& fact,
                                  const LoadOptions& options, double lock_timeout_seconds,
                                  const AppendLook& look, const AppendDone& appended = {});

}  // namespace abp
