#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "abp/serve/guard.hpp"
#include "abp/serve/http_types.hpp"
#include "abp/serve/live_catalogue.hpp"

namespace abp {

/// The routes of SPEC §8 over a served catalogue, independent of the HTTP library: it
/// takes an HttpRequest and returns the HttpResponse (pages, JSON, adds, refusals).
class Site {
 public:
  using Log = std::function<void(std::string_view)>;

  /// `file_name` is shown in the pages' footer; `log` gets what the person at the terminal
  /// should know that the client must not (an internal error's cause).
  Site(LiveCatalogue& catalogue, GuardConfig guard, std::string file_name, Log log);

  /// Answers `request`. Never throws: a refusal is its status with a page (or, under /api/,
  /// {"error":...}) saying why, and a failure is 500 without internals.
  HttpResponse handle(const HttpRequest& request) const;

  /// Sets the port listened on, once known (before the first request).
  void set_port(int port) { guard_.port = port; }

  /// The answer that refuses `request` with `status` and `message`: an error page, or
  /// {"error":...} under /api/. For refusals made before the site sees a request (a body over
  /// the limit, a malformed head).
  HttpResponse refuse(const HttpRequest& request, int status, std::string_view message) const;

 private:
  HttpResponse route(const HttpRequest& request) const;
  HttpResponse add(const HttpRequest& request, bool api) const;

  LiveCatalogue& catalogue_;
  GuardConfig guard_;
  std::string file_name_;
  Log log_;
};

}  // namespace abp
