#include "abp/cli/add.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/error.hpp"
#include "abp/io/progress.hpp"
#include "abp/store/appender.hpp"
#include "abp/store/sqlite_add.hpp"
#include "abp/store/sqlite_report.hpp"

namespace abp {
namespace {

// The row is stored by the time the reprint is written: if the reprint cannot be written, say
// so, lest the user read exit 74 as "nothing changed" (SPEC §5) and lose track of the file.
template <typename Reprint>
void reprint_after_add(AppendOutcome outcome, const std::string& path, Output& out,
                       Reprint&& reprint) {
  try {
    reprint();
    out.flush();
  } catch (const Error& e) {
    if (outcome == AppendOutcome::kAlreadyPresent) throw;
    throw Error(e.code(), fmt::format("{} (the row was added to {} all the same)", e.what(), path),
                e.file(), e.line());
  }
}

// Says what the add did: always when the row was there already, else under --quiet, where
// the note stands in for the tree.
void note_outcome(AppendOutcome outcome, const std::string& path, const NewFact& fact, bool quiet,
                  const Notes& notes) {
  const std::string row = fmt::format("{} / {} / {}", fact.author, fact.title, fact.publisher);
  if (outcome == AppendOutcome::kAlreadyPresent) {
    notes(fmt::format("{}: already holds {}; nothing written", path, row));
  } else if (quiet) {
    notes(fmt::format("{}: added {}{}", path, row,
                      outcome == AppendOutcome::kCreated ? " (a new file)" : ""));
  }
}

void add_fact(const std::string& path, const NewFact& fact, const AddOptions& options,
              const RenderOptions& render, Console& console) {
  const double timeout = options.input.lock_timeout_seconds;
  if (is_database_target(path)) {
    const AppendOutcome outcome = add_to_database(path, fact, timeout);
    note_outcome(outcome, path, fact, options.quiet, console.notes);
    if (options.quiet) return;
    reprint_after_add(outcome, path, console.out, [&] {
      // The reprint reads the database again, committed: what any other reader now sees.
      report_database(path, timeout, render, console.out);
    });
    return;
  }
  LoadOptions load = load_options(path, options.input);
  const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
  load.progress = progress.get();
  const AppendResult result = append_fact(path, fact, load, timeout);
  if (progress) progress->finish();
  note_skipped(console.notes, path, result.skipped);
  note_outcome(result.outcome, path, fact, options.quiet, console.notes);
  if (options.quiet) return;
  reprint_after_add(result.outcome, path, console.out,
                    [&] { render_report(result.catalogue, render, console.out); });
}

}  // namespace

void setup_add(CLI::App& command, AddOptions& options) {
  command
      .add_option("AUTHOR", options.author,
                  "Full name (split at the first space for first/last name columns)")
      ->type_name("")
      ->required();
  command.add_option("TITLE", options.title, "Book title")->type_name("")->required();
  command.add_option("PUBLISHER", options.publisher, "Publisher name")->type_name("")->required();
  command
      .add_option("--file", options.file,
                  "Catalogue (CSV or abp database), created if missing (default: see below)")
      ->type_name("PATH")
      ->check(file_to_write(command, "--file"));
  add_input_flags(command, options.input);
  add_output_flags(command, options.output, OutputFlagSet::kTree);
  command.add_flag("--quiet", options.quiet,
                   "Print no tree, only a one-line note of what was done (on stderr)");
  command.footer(help_footer(fmt::format(
      "Examples:\n"
      "  abp add \"Stephen King\" \"The Stand\" \"Random House\"\n"
      "  abp add --file books.csv --format json \"Ursula K. Le Guin\" \"The Dispossessed\" "
      "Harper\n"
      "  abp add --file books.csv -- \"-30-\" \"Headline\" \"Press\"\n"
      "  abp add --file books.db \"Stephen King\" \"The Stand\" \"Random House\"\n\n"
      "--file defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

void run_add(const AddOptions& options, Console& console) {
  const RenderOptions render = render_options(options.output);
  const NewFact fact{check_add_argument(options.author, "AUTHOR"),
                     check_add_argument(options.title, "TITLE"),
                     check_add_argument(options.publisher, "PUBLISHER")};
  with_catalogue_file(
      options.file,
      [&](const std::string& path) {
        if (path == "-") {  // --file - is refused while parsing; $ABP_FILE may say it too
          throw Error(ExitCode::kUsage,
                      "abp add: $ABP_FILE is -, standard input, which abp does not write; name "
                      "a file (./- for one called -)");
        }
        add_fact(path, fact, options, render, console);
      },
      "--file");
}

}  // namespace abp
