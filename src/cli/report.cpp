#include "abp/cli/report.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/fast/loader.hpp"
#include "abp/io/progress.hpp"
#include "abp/store/sqlite_report.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

void setup_report(CLI::App& command, ReportOptions& options) {
  command
      .add_option("FILE", options.file,
                  "Catalogue file or abp database, - for standard input (default: see below)")
      ->type_name("");
  add_input_flags(command, options.input);
  add_output_flags(command, options.output, OutputFlagSet::kReport);
  command.footer(help_footer(fmt::format(
      "Examples:\n"
      "  abp report data/author_book_publisher.csv\n"
      "  abp report --section books --format tsv big.csv | sort -t$'\\t' -k2 -n | head\n"
      "  abp report --bars --top 10 --section authors --author-column 'Primary Author' "
      "library.tsv\n\n"
      "FILE defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

void run_report(const ReportOptions& options, Console& console) {
  const RenderOptions render = render_options(options.output);
  const std::string path = resolve_data_file(options.file);
  if (path != "-" && is_sqlite_file(path)) {
    // The CSV flags (delimiter, columns, ...) describe a text file; a database has no use
    // for them, so they are ignored rather than refused: $ABP_FILE may name either.
    report_database(path, options.input.lock_timeout_seconds, render, console.out);
    return;
  }
  InputFile input(path, options.input.lock_timeout_seconds);
  LoadOptions load = load_options(path, options.input);
  const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
  load.progress = progress.get();
  Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  input.close();  // all is read: a paused `abp report | less` must not hold up writers
  if (progress) progress->finish();
  note_skipped(console.notes, input.display_name(), loaded.skipped);
  const Catalogue catalogue = std::move(loaded.catalogue).finish();
  render_report(catalogue, render, console.out);
}

}  // namespace abp
