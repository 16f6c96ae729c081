#include "abp/cli/edit_command.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/io/progress.hpp"
#include "abp/io/spool.hpp"
#include "abp/store/appender.hpp"
#include "abp/store/csv_edit.hpp"
#include "abp/store/sqlite_edit.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

void add_edit_flags(CLI::App& command, EditFlags& flags) {
  command
      .add_option("--file", flags.file,
                  "Catalogue (CSV or abp database) to change (default: see below)")
      ->type_name("PATH");
  command.add_flag("--dry-run", flags.dry_run, "Print what would change, and change nothing");
  command.add_flag("--no-backup", flags.no_backup,
                   "Do not keep the old file as FILE~ (a CSV; a database keeps none)");
  add_input_flags(command, flags.input);
}

std::string check_edit_argument(const std::string& value, const char* what, const char* command) {
  try {
    return check_add_argument(value, what);
  } catch (const Error& e) {
    throw Error(e.code(), fmt::format("abp {}: {}", command, e.what()));
  }
}

namespace {

void edit_file(const std::string& path, const CatalogueEdit& edit, const EditFlags& flags,
               const char* command, Console& console) {
  if (path == "-") {
    throw Error(ExitCode::kUsage,
                fmt::format("abp {}: standard input cannot be rewritten; name the catalogue "
                            "file with --file",
                            command));
  }
  // A change is printed as a diff body: the rows as the file holds them, made safe for a
  // terminal as text output is (SPEC §4).
  Spool changed_rows;
  std::string line;
  const RowChangeVisitor print = [&](const RowChange& change) {
    line.assign("-");
    append_terminal_safe(line, change.before);
    line += '\n';
    if (!change.removed) {
      line += '+';
      append_terminal_safe(line, change.after);
      line += '\n';
    }
    changed_rows.append(line);
  };

  std::uint64_t changed = 0;
  std::string miss_note;
  if (is_sqlite_file(path)) {
    const DatabaseEditResult result =
        edit_database(path, edit, flags.dry_run, flags.input.lock_timeout_seconds, print);
    changed = result.facts_changed;
    miss_note = result.miss_note;
  } else {
    check_rewrite_encoding(flags.input.encoding, command);
    LoadOptions load = load_options(path, flags.input);
    const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
    load.progress = progress.get();
    FileEditOptions file_options;
    file_options.dry_run = flags.dry_run;
    file_options.keep_backup = !flags.no_backup;
    file_options.lock_timeout_seconds = flags.input.lock_timeout_seconds;
    const FileEditResult result = edit_csv_file(path, load, edit, file_options, print);
    if (progress) progress->finish();
    note_skipped(console.notes, path, result.rewrite.skipped);
    changed = result.rewrite.rows_changed;
    miss_note = result.miss_note;
  }
  if (changed == 0) {
    console.notes(fmt::format("{}: {}", path, miss_note));
    return;
  }
  try {
    changed_rows.write_to(console.out);
    console.out.flush();
  } catch (const Error& e) {
    // The file is changed by now: say so, lest exit 74 read as "nothing changed" (SPEC §5).
    if (flags.dry_run) throw;
    throw Error(e.code(),
                fmt::format("{} (the change to {} was made all the same)", e.what(), path),
                e.file(), e.line());
  }
  console.notes(fmt::format("{}: {}", path, describe_edit_count(edit, changed, flags.dry_run)));
}

}  // namespace

void run_edit(const CatalogueEdit& edit, const EditFlags& flags, const char* command,
              Console& console) {
  with_catalogue_file(
      flags.file, [&](const std::string& path) { edit_file(path, edit, flags, command, console); },
      "--file");
}

}  // namespace abp
