#pragma once

#include <functional>
#include <string>

#include "abp/serve/site.hpp"

namespace abp {

/// Where and how the server listens.
struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;     // 0: any free port
  bool quiet = false;  // no access log
};

class HttpHost;

/// abp serve's HTTP server. Its code is a module of its own (abp-http.so, see
/// http_module.hpp), loaded by the constructor: only `abp serve` loads cpp-httplib and the
/// libraries it needs.
class HttpServer {
 public:
  /// Loads the module from the binary's folder, or from LIBDIR/abp relative to it (where
  /// `cmake --install` puts it). Throws Error (kInternal) when no module of this very build is
  /// there: made before the catalogue is read, so a broken installation is told at once.
  HttpServer();

  /// Serves `site` over HTTP/1.1 until SIGINT or SIGTERM, then stops accepting, lets the
  /// requests under way finish and returns. The HTTP parsing is cpp-httplib's (0.11, Debian);
  /// the module sets its limits and runs its connections (see the README, "abp serve"):
  /// - request bodies of at most 64 KiB (413), a request line of 8 KiB (414, the library's),
  ///   at most 128 KiB of head and body read per request and 10 s to send it, 5 s of silence
  ///   in the middle of a request: a client that stalls is dropped, and the connection closed
  ///   after any malformed request;
  /// - a thread per connection from a pool that grows to 256 threads and keeps idle
  ///   connections (browsers' keep-alive) only while no other connection waits for a thread;
  /// - TCP_NODELAY, so keep-alive answers do not wait for delayed ACKs;
  /// - the security headers of SPEC §8 on every answer, the library's own refusals included,
  ///   and no exception text ever sent.
  /// One line per request goes to standard error in the common log format unless `quiet`.
  /// `ready(port)` is called once the socket listens. Throws Error: kUsage for a --host that
  /// is not an address, kTempFail when the port is in use, kCantCreate when it may not be used.
  void run(const Site& site, const HttpServerOptions& options,
           const std::function<void(int port)>& ready) const;

 private:
  // HttpModuleServe (http_module.hpp, which includes this header for HttpServerOptions).
  using Serve = void (*)(const HttpHost& host, const HttpServerOptions& options);
  Serve serve_;
};

}  // namespace abp
