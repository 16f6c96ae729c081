#pragma once

#include <string>
#include <vector>

#include "abp/serve/http_types.hpp"

namespace abp {

/// Who may ask what (SPEC §8): the checks made before a request reaches a page.
struct GuardConfig {
  std::vector<std::string> host_names;  // what a Host header may name (lower case, no port)
  int port = 0;                         // the port listened on
  bool write = false;                   // --write: POSTs may add
  std::string token;                    // required from POSTs when not empty
};

/// Returns the names a Host header may carry for a server listening on `host`: the address
/// itself and `localhost`, and for a wildcard address (0.0.0.0, ::) also this machine's name
/// and the addresses of its interfaces. Anything else in Host is a DNS-rebinding attempt.
std::vector<std::string> allowed_host_names(const std::string& host);

/// True when `host` is a loopback address (127.0.0.0/8, ::1) or `localhost`.
bool is_loopback_host(const std::string& host);

/// True when abp serve may listen on `host`: an IPv4 or IPv6 address, or `localhost`; never a
/// name that would have to be looked up.
bool is_listen_address(const std::string& host);

/// The usage error for a --host that is not one (is_listen_address).
std::string listen_address_refusal(const std::string& host);

/// Throws HttpError(403) when the request's Host header names neither the address listened
/// on nor localhost (a page on another site, reached through DNS rebinding). A request
/// without Host (HTTP/1.0) passes: no browser sends one.
void check_host(const HttpRequest& request, const GuardConfig& config);

/// Throws HttpError(403), saying to start with --write, when the server was started without
/// it: every add, and the add form, is refused before anything else is looked at.
void check_write(const GuardConfig& config);

/// Throws HttpError for a POST the server must not act on, once check_write() let it pass: 403
/// when Origin (else Referer) is not this server or Sec-Fetch-Site is
/// cross-site (a form on another site); a POST with none of the three comes from a script and
/// passes. 401 when a token is required and neither `Authorization: Bearer T` nor the form
/// field `token` carries it.
void check_post(const HttpRequest& request, const std::string& form_token,
                const GuardConfig& config);

}  // namespace abp
