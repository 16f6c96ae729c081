#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "abp/core/fact_filter.hpp"
#include "abp/fast/loader.hpp"

namespace abp {

/// Everything `abp serve` needs, already parsed (SPEC §8).
struct ServeOptions {
  std::string file;  // the catalogue, already resolved
  LoadOptions load;
  FactFilter filter;  // SPEC §7: --author, --title, --publisher, --fold
  double lock_timeout_seconds = 10;
  std::string host = "127.0.0.1";
  int port = 8080;
  bool write = false;
  std::string token;  // --token or $ABP_TOKEN
  bool quiet = false;
};

/// Reads the catalogue and serves it until SIGINT or SIGTERM (SPEC §8). Prints
/// `abp: serving FILE at http://HOST:PORT/` to standard output once it listens; notes (and
/// the access log, unless quiet) go to `notes`. Throws abp::Error: what abp report would for
/// the file, kUsage for --write on a host that is not loopback without a token, and the
/// listening errors of run_http_server.
void run_serve(const ServeOptions& options, const std::function<void(std::string_view)>& notes);

}  // namespace abp
