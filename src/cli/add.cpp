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
      ->type_name("PATH");
  add_input_flags(command, options.input);
  add_output_flags(command, options.output, OutputFlagSet::kTree);
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
  const std::string path = resolve_data_file(options.file);
  const double timeout = options.input.lock_timeout_seconds;
  auto note_present = [&] {
    console.notes(fmt::format("{}: already holds {} / {} / {}; nothing written", path, fact.author,
                              fact.title, fact.publisher));
  };
  if (is_database_target(path)) {
    const AppendOutcome outcome = add_to_database(path, fact, timeout);
    if (outcome == AppendOutcome::kAlreadyPresent) note_present();
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
  if (result.outcome == AppendOutcome::kAlreadyPresent) note_present();
  reprint_after_add(result.outcome, path, console.out,
                    [&] { render_report(result.catalogue, render, console.out); });
}

}  // namespace abp
