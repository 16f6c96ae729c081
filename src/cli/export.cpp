#include "abp/cli/export.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/error.hpp"
#include "abp/fast/loader.hpp"
#include "abp/store/sqlite_export.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

void setup_export(CLI::App& command, ExportOptions& options) {
  command
      .add_option("FILE", options.file, "Catalogue file, - for standard input (default: see below)")
      ->type_name("");
  command.add_option("--sqlite", options.sqlite, "The database file to write")
      ->type_name("OUT.db")
      ->required();
  command.add_flag("--force", options.force, "Replace the database if it exists");
  add_input_flags(command, options.input);
  command.footer(help_footer(fmt::format(
      "The database is written whole or not at all; abp report and abp add --file read and\n"
      "write it like the CSV.\n\n"
      "Examples:\n"
      "  abp export --sqlite books.db data/author_book_publisher.csv\n"
      "  abp report books.db\n"
      "  sqlite3 books.db 'SELECT count(*) FROM book'\n\n"
      "FILE defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

void run_export(const ExportOptions& options, Console& console) {
  if (options.sqlite.empty()) throw Error(ExitCode::kUsage, "--sqlite needs a file name");
  const Overwrite overwrite = options.force ? Overwrite::kReplace : Overwrite::kRefuse;
  const std::string path = resolve_data_file(options.file);
  if (path != "-" && is_sqlite_file(path)) {
    throw Error(ExitCode::kDataErr, "is an SQLite database already; export reads a catalogue CSV",
                path);
  }
  InputFile input(path, options.input.lock_timeout_seconds);
  // Before the --force check, whose hint would be wrong here; --force does not allow it.
  check_not_input(options.sqlite, input);
  // Refuse before reading: a large input should not be read only to be thrown away.
  check_export_target(options.sqlite, overwrite);
  LoadOptions load = load_options(path, options.input);
  load.keep_first_name_lengths = true;  // the database keeps the file's first/last split
  const Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  input.close();  // all is read: writers to the catalogue need not wait for the database
  note_skipped(console.notes, input.display_name(), loaded.skipped);
  export_database(loaded, options.sqlite, overwrite);
}

}  // namespace abp
