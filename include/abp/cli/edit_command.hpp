#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"
#include "abp/core/edit.hpp"

namespace abp {

/// The options `abp remove` and `abp rename` share (SPEC §6).
struct EditFlags {
  std::string file;  // --file; empty: resolve_data_file("")
  bool dry_run = false;
  bool no_backup = false;
  InputFlags input;
};

/// Declares --file, --dry-run, --no-backup and the input flags on `command`.
void add_edit_flags(CLI::App& command, EditFlags& flags);

/// Returns `value` normalised and checked as add checks its arguments (Error(kUsage) naming
/// `what` and `command`).
std::string check_edit_argument(const std::string& value, const char* what, const char* command);

/// Applies `edit` to the catalogue the flags name, a CSV or an abp database (SPEC §6), then
/// writes each changed row to standard output (`-old` / `+new`, escaped as text output) and
/// one line to standard error: the summary, or the note that nothing matched. The rows are
/// held back until the file is replaced, so a failure prints none. Throws abp::Error.
void run_edit(const CatalogueEdit& edit, const EditFlags& flags, const char* command,
              Console& console);

}  // namespace abp
