#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"
#include "abp/core/fact_filter.hpp"

namespace abp {

/// Everything `abp serve` needs, as parsed.
struct ServeCommandOptions {
  std::string file;  // empty: resolve_data_file("")
  InputFlags input;
  FactFilter filter;
  std::string host = "127.0.0.1";
  int port = 8080;
  bool write = false;
  std::string token;  // --token; else $ABP_TOKEN
  bool quiet = false;
};

/// Declares `abp serve [FILE]` and its options on `command`, bound to `options`.
void setup_serve(CLI::App& command, ServeCommandOptions& options);

/// Serves the catalogue over HTTP until SIGINT or SIGTERM (SPEC §8). Throws abp::Error.
void run_serve_command(const ServeCommandOptions& options, Console& console);

}  // namespace abp
