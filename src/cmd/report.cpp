#include <fmt/format.h>

#include "abp/cmd.hpp"
#include "abp/loader.hpp"
#include "abp/progress.hpp"

namespace abp {

void run_report(const ReportOptions& options, Output& out, const Notes& notes) {
  check_input_flags(options.input);
  const std::string path = resolve_data_file(options.file);
  const InputFile input(path, options.input.lock_timeout_seconds);
  LoadOptions load{dialect_for(path, options.input.delimiter), options.input.encoding,
                   options.input.columns, options.input.skip_bad_rows,
                   options.input.split_authors};
  const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
  load.progress = progress.get();
  Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  if (progress) progress->finish();
  if (loaded.skipped.count > 0) {
    notes(fmt::format("{}: {}", input.display_name(),
                      describe_skipped(loaded.skipped, loaded.shape.header.size())));
  }
  const Catalogue catalogue = std::move(loaded.catalogue).finish();
  render_report(catalogue, options.render, out);
}

}  // namespace abp
