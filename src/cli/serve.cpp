#include <cstdlib>

#include <fmt/format.h>

#include "abp/cli/cmd.hpp"
#include "abp/core/error.hpp"
#include "abp/serve/serve.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

int parse_port(const std::string& text) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoi(text) > 65535) {
    throw Error(ExitCode::kUsage,
                fmt::format("abp serve: --port takes a port number, 0 to 65535 (got '{}')", text));
  }
  return std::stoi(text);
}

}  // namespace

void run_serve_command(const ServeCommandOptions& options, const Notes& notes) {
  check_input_flags(options.input);
  ServeOptions serve;
  serve.port = parse_port(options.port);
  serve.host = options.host;
  serve.write = options.write;
  serve.quiet = options.quiet;
  serve.token = options.token;
  if (serve.token.empty()) {
    const char* env = std::getenv("ABP_TOKEN");
    if (env != nullptr) serve.token = env;
  }
  serve.file = resolve_data_file(options.file);
  if (serve.file == "-") {
    throw Error(ExitCode::kUsage,
                "abp serve: FILE must be a file it can read again as it changes, not standard "
                "input");
  }
  serve.load = load_options(serve.file, options.input);
  serve.lock_timeout_seconds = options.input.lock_timeout_seconds;
  run_serve(serve, notes);
}

}  // namespace abp
