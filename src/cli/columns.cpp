#include "abp/cli/columns.hpp"

#include <CLI/CLI.hpp>

#include "abp/core/text.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/io/header.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

// Whether `name` can be offered on a command line: one line, nothing a terminal would act on.
bool typeable(const std::string& name) {
  if (name.empty() || !is_valid_utf8(name)) return false;
  std::string shown;
  append_terminal_safe(shown, name);
  return shown == name;
}

}  // namespace

void setup_columns(CLI::App& command, ColumnsOptions& options) {
  command.group("");  // for the completions, not for people: no line in `abp --help`
  command.add_option("FILE", options.file, "Catalogue file, - for standard input")->type_name("");
  add_input_flags(command, options.input);
}

void run_columns(const ColumnsOptions& options, Console& console) {
  const std::string path = resolve_data_file(options.file);
  if (path != "-" && is_sqlite_file(path)) return;
  const InputFile input(path, options.input.lock_timeout_seconds);
  const LoadOptions load = load_options(path, options.input);
  for (const std::string& field :
       read_header(input.source(), input.display_name(), load.dialect, load.encoding)) {
    const std::string name = normalize_value(field);
    if (!typeable(name)) continue;
    console.out.write(name);
    console.out.put('\n');
  }
}

}  // namespace abp
