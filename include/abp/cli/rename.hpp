#pragma once

#include <string>
#include <vector>

#include "abp/cli/command.hpp"
#include "abp/cli/edit_command.hpp"

namespace abp {

/// Everything `abp rename` needs, as parsed.
struct RenameOptions {
  std::string part;                 // author, publisher or title
  std::vector<std::string> values;  // OLD NEW, or for a title AUTHOR OLD NEW
  EditFlags edit;
};

/// Declares `abp rename author|publisher OLD NEW` and `abp rename title AUTHOR OLD NEW` and
/// their options on `command`.
void setup_rename(CLI::App& command, RenameOptions& options);

/// Renames an author, a publisher or one author's title in every row that has it (SPEC §6),
/// in a CSV or an abp database; a name that exists already merges the two. Throws abp::Error.
void run_rename(const RenameOptions& options, Console& console);

}  // namespace abp
