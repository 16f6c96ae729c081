#include <fmt/format.h>

#include "abp/cli/cmd.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/progress.hpp"
#include "abp/store/sqlite_report.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

void run_report(const ReportOptions& options, Output& out, const Notes& notes) {
  check_input_flags(options.input);
  const std::string path = resolve_data_file(options.file);
  if (path != "-" && is_sqlite_file(path)) {
    // The CSV flags (delimiter, columns, ...) describe a text file; a database has no use
    // for them, so they are ignored rather than refused: $ABP_FILE may name either.
    report_database(path, options.input.lock_timeout_seconds, options.render, out);
    return;
  }
  InputFile input(path, options.input.lock_timeout_seconds);
  LoadOptions load = load_options(path, options.input);
  const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
  load.progress = progress.get();
  Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  input.close();  // all is read: a paused `abp report | less` must not hold up writers
  if (progress) progress->finish();
  if (loaded.skipped.count > 0) {
    notes(fmt::format("{}: {}", input.display_name(),
                      describe_skipped(loaded.skipped, loaded.shape.header.size())));
  }
  const Catalogue catalogue = std::move(loaded.catalogue).finish();
  render_report(catalogue, options.render, out);
}

}  // namespace abp
