#include "abp/cli/export.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/error.hpp"
#include "abp/fast/loader.hpp"
#include "abp/store/sqlite_export.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

void export_catalogue(const std::string& path, const ExportOptions& options, Console& console) {
  const Overwrite overwrite = options.force ? Overwrite::kReplace : Overwrite::kRefuse;
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
  Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  input.close();  // all is read: writers to the catalogue need not wait for the database
  note_skipped(console.notes, input.display_name(), loaded.skipped);
  filter_facts(loaded.catalogue, options.filter);
  export_database(loaded, options.sqlite, overwrite);
}

}  // namespace

void setup_export(CLI::App& command, ExportOptions& options) {
  add_file_argument(command, options.file,
                    "Catalogue file, - for standard input (default: see below)");
  command.add_option("--sqlite", options.sqlite, "The database file to write")
      ->type_name("OUT.db")
      ->required()
      ->check(file_to_write(command, "--sqlite"));
  command.add_flag("--force", options.force, "Replace the database if it exists");
  add_input_flags(command, options.input);
  add_filter_flags(command, options.filter, FilterFlagSet::kTexts);
  command.footer(help_footer(fmt::format(
      "The database is written whole or not at all; abp report and abp add --file read and\n"
      "write it like the CSV.\n\n"
      "Examples:\n"
      "  abp export --sqlite books.db data/author_book_publisher.csv\n"
      "  abp export --sqlite tor.db --publisher tor books.csv\n"
      "  abp report books.db\n"
      "  sqlite3 books.db 'SELECT count(*) FROM book'\n\n"
      "FILE defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

void run_export(const ExportOptions& options, Console& console) {
  with_catalogue_file(options.file,
                      [&](const std::string& path) { export_catalogue(path, options, console); });
}

}  // namespace abp
