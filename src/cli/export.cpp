#include <fmt/format.h>

#include "abp/cli/cmd.hpp"
#include "abp/core/error.hpp"
#include "abp/fast/loader.hpp"
#include "abp/store/sqlite_export.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {

void run_export(const ExportOptions& options, const Notes& notes) {
  check_input_flags(options.input);
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
  const LoadOptions load = load_options(path, options.input);
  const Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  input.close();  // all is read: writers to the catalogue need not wait for the database
  if (loaded.skipped.count > 0) {
    notes(fmt::format("{}: {}", input.display_name(),
                      describe_skipped(loaded.skipped, loaded.shape.header.size())));
  }
  export_database(loaded, options.sqlite, overwrite);
}

}  // namespace abp
