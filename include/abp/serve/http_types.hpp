#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "abp/io/output.hpp"

namespace abp {

/// One HTTP request as the site sees it, independent of the HTTP library: the routes and
/// pages are tested on these without a socket.
struct HttpRequest {
  std::string method;  // GET, HEAD, POST, ...
  std::string path;    // the target before '?', not decoded
  std::string query;   // the target after '?', not decoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // urlencoded form fields of a POST, at most kMaxBody bytes
  std::string remote_address;

  /// Returns the first header called `name` (ASCII case ignored), or an empty string.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

/// One HTTP response. A body is either in `body` or written on demand by `stream` (a large
/// report, written in pieces while it is sent, never held whole).
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::function<void(Output&)> stream;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// The largest request body taken (SPEC §8: more is 413).
inline constexpr std::size_t kMaxBody = 64 * 1024;

/// A request the site refuses: the status and a message for the person who sent it (never
/// internals). Thrown by the checks and caught by the site, which turns it into a page or a
/// JSON error.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message)
      : std::runtime_error(std::move(message)), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

/// Returns the reason phrase of `status` ("Not Found"), or "Error" for one abp does not use.
const char* status_text(int status);

}  // namespace abp
