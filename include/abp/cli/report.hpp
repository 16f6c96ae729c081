#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"

namespace abp {

/// Everything `abp report` needs, as parsed.
struct ReportOptions {
  std::string file;  // empty: resolve_data_file("")
  InputFlags input;
  OutputFlags output;
};

/// Declares `abp report [FILE]` and its options on `command`, bound to `options`.
void setup_report(CLI::App& command, ReportOptions& options);

/// Reads the catalogue and writes the report (SPEC §3, report); a FILE that is an abp
/// database (by its header, whatever its name) is read with SQL instead. Throws abp::Error.
void run_report(const ReportOptions& options, Console& console);

}  // namespace abp
