#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "abp/fast/loader.hpp"
#include "abp/io/output.hpp"
#include "abp/report/render.hpp"

namespace abp {

/// Where a note for the user goes (stderr in the program, a string in tests).
using Notes = std::function<void(std::string_view)>;

/// The catalogue file used when none is named: $ABP_FILE, else this path.
inline constexpr const char* kDefaultDataFile = "data/author_book_publisher.csv";

/// Returns `given` when non-empty, else $ABP_FILE when set and non-empty, else the default.
std::string resolve_data_file(const std::string& given);

/// Raw --delimiter / --encoding values, turned into LoadOptions once the file name is known.
struct InputFlags {
  std::string delimiter;
  std::string encoding;
  ColumnFlags columns;
  bool skip_bad_rows = false;
  std::string split_authors;
  double lock_timeout_seconds = 10;
};

/// Checks the input flags that need no file (Error(kUsage)), before anything is opened.
void check_input_flags(const InputFlags& flags);

/// Returns how to read the catalogue at `path` (its delimiter follows its name, SPEC §2).
LoadOptions load_options(const std::string& path, const InputFlags& flags);

/// Everything `abp report` needs, already parsed.
struct ReportOptions {
  std::string file;  // empty: resolve_data_file("")
  InputFlags input;
  RenderOptions render;
};

/// Everything `abp add` needs, already parsed.
struct AddOptions {
  std::string file;  // --file; empty: resolve_data_file("")
  std::string author;
  std::string title;
  std::string publisher;
  InputFlags input;
  RenderOptions render;  // the reprint: tree only
};

/// Everything `abp export` needs, already parsed.
struct ExportOptions {
  std::string file;    // the catalogue to read; empty: resolve_data_file("")
  std::string sqlite;  // --sqlite: the database to write
  bool force = false;  // --force: replace a file already there
  InputFlags input;
};

/// Everything `abp serve` needs, as parsed.
struct ServeCommandOptions {
  std::string file;  // empty: resolve_data_file("")
  InputFlags input;
  std::string host = "127.0.0.1";
  std::string port = "8080";
  bool write = false;
  std::string token;  // --token; else $ABP_TOKEN
  bool quiet = false;
};

/// Serves the catalogue over HTTP until SIGINT or SIGTERM (SPEC §8). Throws abp::Error.
void run_serve_command(const ServeCommandOptions& options, const Notes& notes);

/// Reads the catalogue and writes the report (SPEC §3, report); a FILE that is an abp
/// database (by its header, whatever its name) is read with SQL instead. Throws abp::Error.
void run_report(const ReportOptions& options, Output& out, const Notes& notes);

/// Adds one fact and reprints the tree (SPEC §3, add), to a CSV file or to an abp database.
/// Throws abp::Error.
void run_add(const AddOptions& options, Output& out, const Notes& notes);

/// Reads the catalogue and writes it as a new SQLite database (sqlite_export.hpp). Prints
/// nothing on stdout. Throws abp::Error (kCantCreate when the database exists, without force).
void run_export(const ExportOptions& options, const Notes& notes);

}  // namespace abp
