#include "abp/cli/report.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/fact_filter.hpp"
#include "abp/store/sqlite_report.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

void setup_report(CLI::App& command, ReportOptions& options) {
  add_catalogue_argument(command, options.file);
  add_input_flags(command, options.input);
  add_output_flags(command, options.output, OutputFlagSet::kReport);
  add_filter_flags(command, options.filter, FilterFlagSet::kWithFold);
  command.footer(help_footer(fmt::format(
      "Examples:\n"
      "  abp report data/author_book_publisher.csv\n"
      "  abp report --publisher tor --fold --section author-books books.csv\n"
      "  abp report --section books --format tsv big.csv | sort -t$'\\t' -k2 -n | head\n"
      "  abp report --bars --top 10 --section authors --author-column 'Primary Author' "
      "library.tsv\n\n"
      "--author, --title and --publisher keep the facts whose value holds TEXT once both are\n"
      "folded: case, accents and punctuation aside ('cafe' finds 'Café, Inc.'). --fold counts\n"
      "spellings of the same words as one name (TOR = Tor, 'King, Stephen' = Stephen King),\n"
      "shown as the spelling in most rows; abp dupes lists them.\n\n"
      "FILE defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

namespace {

// The catalogue as the report shows it: filtered and folded when asked (SPEC §7).
void render_catalogue(CatalogueBuilder&& builder, RowCounts row_counts,
                      const ReportOptions& options, const RenderOptions& render, Output& out) {
  const FactFilter& filter = options.filter;
  // Unfiltered, the facts are written as they are: their titles are worth keeping in order.
  Catalogue catalogue = std::move(builder).finish(
      row_counts, filter.active() ? FactTitles::kById : FactTitles::kInOrder);
  if (filter.active()) {
    // --fold rewrites the catalogue's own facts: it is not needed afterwards.
    render_report(apply_filter(std::move(catalogue), filter), render, out);
  } else {
    render_report(catalogue, render, out);
  }
}

void report(const std::string& path, const ReportOptions& options, const RenderOptions& render,
            Console& console) {
  // The CSV flags (delimiter, columns, ...) describe a text file; a database has no use for
  // them, so they are ignored rather than refused: $ABP_FILE may name either. SQL answers the
  // plain report of a database; the filters and --fold need every name folded, which the
  // catalogue in memory does (README: reading a database).
  if (!options.filter.active() && path != "-" && is_sqlite_file(path)) {
    report_database(path, options.input.lock_timeout_seconds, render, console.out);
    return;
  }
  // --fold weighs each spelling by its rows; only then are they counted.
  const RowCounts row_counts = options.filter.fold ? RowCounts::kKeep : RowCounts::kDrop;
  render_catalogue(read_into_memory(path, options.input, console.notes, row_counts), row_counts,
                   options, render, console.out);
}

}  // namespace

void run_report(const ReportOptions& options, Console& console) {
  const RenderOptions render = render_options(options.output);
  with_catalogue_file(options.file,
                      [&](const std::string& path) { report(path, options, render, console); });
}

}  // namespace abp
