#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"

namespace abp {

/// Everything `abp dupes` needs, as parsed.
struct DupesOptions {
  std::string file;  // empty: resolve_data_file("")
  InputFlags input;
  Format format = Format::kText;  // text or json
};

/// Declares `abp dupes [FILE]` and its options on `command`, bound to `options`.
void setup_dupes(CLI::App& command, DupesOptions& options);

/// Reads the catalogue (a CSV, or an abp database read into memory) and prints its groups of
/// spellings that share a key (SPEC §7), with the `abp rename` commands that merge them.
/// Exit 0 whether or not there are any. Throws abp::Error.
void run_dupes(const DupesOptions& options, Console& console);

}  // namespace abp
