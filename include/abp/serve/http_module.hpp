#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "abp/core/error.hpp"
#include "abp/serve/http_server.hpp"
#include "abp/serve/http_types.hpp"

namespace abp {

/// The boundary between abp and its HTTP module (abp-http.so: src/serve/http_server.cpp and
/// cpp-httplib). Linked into abp, the library would bring its TLS, zlib and brotli libraries
/// into every command: some 240 page faults, 2 ms of each run, half of a small report's.
/// So the module is loaded when `abp serve` starts (HttpServer, src/serve/http_loader.cpp), and
/// whatever it needs of abp it reaches through this interface's virtual functions: it links none of
/// abp's code, and abp exports none of its symbols.
class HttpHost {
 public:
  virtual ~HttpHost() = default;

  /// The site's answer to `request` (Site::handle).
  virtual HttpResponse handle(const HttpRequest& request) const = 0;
  /// The site's refusal of `request` (Site::refuse).
  virtual HttpResponse refuse(const HttpRequest& request, int status,
                              std::string_view message) const = 0;
  /// Writes a streamed answer (HttpResponse::stream) through `write`, which returns false
  /// once the client has gone; returns false then, true when the whole body was written.
  virtual bool stream(const std::function<void(Output&)>& body,
                      const std::function<bool(std::string_view)>& write) const = 0;
  /// `text` as it may be shown on a terminal (append_terminal_safe).
  virtual std::string terminal_safe(std::string_view text) const = 0;
  /// errno value `err` in words (errno_message).
  virtual std::string errno_text(int err) const = 0;
  /// Throws abp::Error(code, message) from abp's side, where it is caught.
  [[noreturn]] virtual void fail(ExitCode code, const std::string& message) const = 0;
  /// The socket listens on `port`.
  virtual void ready(int port) const = 0;
};

/// The module's one entry point, found by name with dlsym: serves until SIGINT or SIGTERM as
/// HttpServer::run() documents.
using HttpModuleServe = void (*)(const HttpHost& host, const HttpServerOptions& options);
inline constexpr const char* kHttpModuleServe = "abp_http_module_serve";

/// What a module was built as, found by name (an HttpModuleStamp): abp serves only through a
/// module of its own version whose types have its own sizes, never a stale build's.
struct HttpModuleStamp {
  const char* version;
  std::size_t request_size;
  std::size_t response_size;
  std::size_t options_size;
};
inline constexpr const char* kHttpModuleStamp = "abp_http_module_stamp";

/// The stamp of this build (`version`: the project's).
inline HttpModuleStamp http_module_stamp(const char* version) {
  return {version, sizeof(HttpRequest), sizeof(HttpResponse), sizeof(HttpServerOptions)};
}

/// The module's file name.
inline constexpr const char* kHttpModuleFile = "abp-http.so";

}  // namespace abp
