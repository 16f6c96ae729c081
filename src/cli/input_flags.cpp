#include <cstdlib>

#include "abp/cli/cmd.hpp"
#include "abp/core/error.hpp"
#include "abp/io/encoding.hpp"

namespace abp {

std::string resolve_data_file(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("ABP_FILE");
  if (env != nullptr && *env != '\0') return env;
  return kDefaultDataFile;
}

void check_input_flags(const InputFlags& flags) {
  check_column_flags(flags.columns);
  dialect_for("", flags.delimiter);
  if (!flags.encoding.empty()) check_encoding_name(flags.encoding);
  if (!(flags.lock_timeout_seconds >= 0)) {
    throw Error(ExitCode::kUsage, "--lock-timeout takes a number of seconds, 0 or more");
  }
}

LoadOptions load_options(const std::string& path, const InputFlags& flags) {
  return LoadOptions{dialect_for(path, flags.delimiter), flags.encoding, flags.columns,
                     flags.skip_bad_rows, flags.split_authors};
}

}  // namespace abp
