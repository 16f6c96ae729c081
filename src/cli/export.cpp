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
  // Refuse before reading: a large input should not be read only to be thrown away.
  check_export_target(options.sqlite, overwrite);
  const std::string path = resolve_data_file(options.file);
  if (path != "-" && is_sqlite_file(path)) {
    throw Error(ExitCode::kDataErr, "is an SQLite database already; export reads a catalogue CSV",
                path);
  }
  const InputFile input(path, options.input.lock_timeout_seconds);
  LoadOptions load = load_options(path, options.input);
  load.keep_first_name_lengths = true;  // the database keeps the file's first/last split
  const Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  for (const std::string& note : loaded.skipped.notes()) {
    notes(fmt::format("{}: {}", input.display_name(), note));
  }
  export_database(loaded, options.sqlite, overwrite);
}

}  // namespace abp
