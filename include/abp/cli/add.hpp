#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"

namespace abp {

/// Everything `abp add` needs, as parsed.
struct AddOptions {
  std::string file;  // --file; empty: resolve_data_file("")
  std::string author;
  std::string title;
  std::string publisher;
  InputFlags input;
  OutputFlags output;  // the reprint: the tree only
};

/// Declares `abp add AUTHOR TITLE PUBLISHER` and its options on `command`, bound to `options`.
void setup_add(CLI::App& command, AddOptions& options);

/// Adds one fact and reprints the tree (SPEC §3, add), to a CSV file or to an abp database.
/// Throws abp::Error.
void run_add(const AddOptions& options, Console& console);

}  // namespace abp
