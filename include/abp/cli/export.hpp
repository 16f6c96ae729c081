#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"

namespace abp {

/// Everything `abp export` needs, as parsed.
struct ExportOptions {
  std::string file;    // the catalogue to read; empty: resolve_data_file("")
  std::string sqlite;  // --sqlite: the database to write
  bool force = false;  // --force: replace a file already there
  InputFlags input;
};

/// Declares `abp export --sqlite OUT.db [FILE]` and its options on `command`, bound to
/// `options`.
void setup_export(CLI::App& command, ExportOptions& options);

/// Reads the catalogue and writes it as a new SQLite database (sqlite_export.hpp). Prints
/// nothing on stdout. Throws abp::Error (kCantCreate when the database exists, without force).
void run_export(const ExportOptions& options, Console& console);

}  // namespace abp
