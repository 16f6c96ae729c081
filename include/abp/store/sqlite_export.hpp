#pragma once

#include <string>

#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"

namespace abp {

/// What export does with a file already at the output path.
enum class Overwrite { kRefuse, kReplace };

/// Throws Error(kUsage) when the database `path` would overwrite `input`, the catalogue being
/// exported: the same file under any name (a link, `./`, standard input redirected from it;
/// issue 12.4). No --force allows it.
void check_not_input(const std::string& path, const InputFile& input);

/// Throws Error(kCantCreate) when `path` is a directory, or exists and `overwrite` is kRefuse,
/// so export can say so before it reads its input. (Placing checks again, atomically.)
void check_export_target(const std::string& path, Overwrite overwrite);

/// Writes the distinct facts of `loaded` as a new abp database at `path` (sqlite_schema.hpp):
/// one row per distinct author, publisher, (author, title) book and association pair, ids in
/// order of first appearance in the file. An author's first_name / last_name are the file's
/// own columns when it has them (loaded.first_name_lengths: load with
/// LoadOptions::keep_first_name_lengths), else the name split at its first space, as add
/// splits it (SPEC §3).
///
/// The database is built in one transaction in a temporary file in the same folder, synced,
/// then renamed (kReplace) or hard-linked (kRefuse: never clobbers) into place, so `path` holds
/// the complete database or what it held before; the temporary file is removed on failure.
/// Throws Error(kCantCreate) when the folder cannot be written or `path` exists and is refused,
/// Error(kIoErr) when writing fails (disk full, ...). O(facts) with hashing, then SQLite's
/// index builds.
void export_database(const Loaded& loaded, const std::string& path, Overwrite overwrite);

/// Creates an empty abp database at `path` the same way; returns false, creating nothing,
/// when a file is already there (another process may have just made it).
bool create_empty_database(const std::string& path);

}  // namespace abp
