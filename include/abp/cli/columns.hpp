#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"

namespace abp {

/// Everything `abp __columns` needs, as parsed.
struct ColumnsOptions {
  std::string file;  // empty: resolve_data_file("")
  InputFlags input;
};

/// Declares `abp __columns [FILE]` and the input flags on `command`, bound to `options`; the
/// command is left out of the help. It serves the shell completions (completions/), which
/// ask abp for a catalogue's column names rather than split its header themselves, so that
/// the delimiter, quoting, encoding and BOM count exactly as for a report (issue 12.22).
void setup_columns(CLI::App& command, ColumnsOptions& options);

/// Writes the column names of the catalogue's header, one a line, normalised as the column
/// flags match them (SPEC §1-2); names a user cannot type on one line (empty, with control
/// characters or invalid UTF-8) are left out. An abp database has no header: nothing. Throws
/// abp::Error as a report does when the file cannot be read.
void run_columns(const ColumnsOptions& options, Console& console);

}  // namespace abp
