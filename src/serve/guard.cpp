#include "abp/serve/guard.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace abp {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The host part of "host", "host:port", "[v6]" or "[v6]:port", lower case; empty when the
// text is none of these.
std::string host_part(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return {};
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return {};
    return lower(authority.substr(1, close - 1));
  }
  return lower(authority.substr(0, authority.find(':')));
}

// The port of "host:port" or "[v6]:port"; 80 when none is given (http), -1 when not a number.
int port_part(std::string_view authority) {
  const std::size_t close = authority.rfind(']');
  const std::size_t colon = authority.find(':', close == std::string_view::npos ? 0 : close);
  if (colon == std::string_view::npos) return 80;
  const std::string_view digits = authority.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return -1;
  }
  return std::stoi(std::string(digits));
}

bool is_allowed_host(const std::string& host, const GuardConfig& config) {
  return std::find(config.host_names.begin(), config.host_names.end(), host) !=
         config.host_names.end();
}

// True when `origin` ("http://host:port", or a Referer URL) names this server.
bool is_own_origin(std::string_view origin, const GuardConfig& config) {
  constexpr std::string_view kScheme = "http://";
  if (origin.substr(0, kScheme.size()) != kScheme) return false;
  std::string_view authority = origin.substr(kScheme.size());
  authority = authority.substr(0, authority.find_first_of("/?#"));
  return is_allowed_host(host_part(authority), config) && port_part(authority) == config.port;
}

// Compares every byte whatever the first difference, so the time taken does not tell an
// attacker how much of a guess was right.
bool same_secret(std::string_view given, std::string_view secret) {
  unsigned char diff = given.size() == secret.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff |=
        static_cast<unsigned char>(given[i] ^ secret[i % std::max<std::size_t>(1, secret.size())]);
  }
  return diff == 0;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  const std::string name = lower(host);
  if (name == "localhost" || name == "::1" || name == "[::1]") return true;
  in_addr v4{};
  return ::inet_pton(AF_INET, name.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

bool is_listen_address(const std::string& host) {
  in6_addr v6{};
  in_addr v4{};
  return host == "localhost" || ::inet_pton(AF_INET, host.c_str(), &v4) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

std::string listen_address_refusal(const std::string& host) {
  return "abp serve: --host takes an IP address (127.0.0.1, ::1, 0.0.0.0, ::) or localhost (got '" +
         host + "')";
}

std::vector<std::string> allowed_host_names(const std::string& host) {
  // The address as Host carries it, without the brackets of an IPv6 one.
  std::string listened = lower(host);
  if (listened.size() > 2 && listened.front() == '[' && listened.back() == ']') {
    listened = listened.substr(1, listened.size() - 2);
  }
  std::vector<std::string> names = {listened, "localhost"};
  if (host == "0.0.0.0" || host == "::" || host == "[::]") {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) == 0) names.push_back(lower(name));
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) == 0) {
      for (const ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
        if (entry->ifa_addr == nullptr) continue;
        char text[INET6_ADDRSTRLEN] = {};
        const int family = entry->ifa_addr->sa_family;
        const void* address = nullptr;
        if (family == AF_INET) {
          address = &reinterpret_cast<const sockaddr_in*>(entry->ifa_addr)->sin_addr;
        } else if (family == AF_INET6) {
          address = &reinterpret_cast<const sockaddr_in6*>(entry->ifa_addr)->sin6_addr;
        } else {
          continue;
        }
        if (::inet_ntop(family, address, text, sizeof text) != nullptr) names.push_back(text);
      }
      ::freeifaddrs(list);
    }
  }
  return names;
}

void check_host(const HttpRequest& request, const GuardConfig& config) {
  if (!request.has_header("Host")) return;
  if (!is_allowed_host(host_part(request.header("Host")), config)) {
    throw HttpError(403,
                    "this server answers only to the address it listens on and to localhost "
                    "(the Host header named another)");
  }
}

void check_write(const GuardConfig& config) {
  if (!config.write) {
    throw HttpError(403,
                    "this server only reads the catalogue: start it with --write to add books");
  }
}

void check_post(const HttpRequest& request, const std::string& form_token,
                const GuardConfig& config) {
  if (lower(request.header("Sec-Fetch-Site")) == "cross-site") {
    throw HttpError(403, "a form on another site cannot add to this catalogue");
  }
  if (request.has_header("Origin")) {
    if (!is_own_origin(request.header("Origin"), config)) {
      throw HttpError(403, "a form on another site cannot add to this catalogue");
    }
  } else if (request.has_header("Referer") && !is_own_origin(request.header("Referer"), config)) {
    throw HttpError(403, "a form on another site cannot add to this catalogue");
  }
  if (config.token.empty()) return;
  constexpr std::string_view kBearer = "Bearer ";
  const std::string authorization = request.header("Authorization");
  const bool bearer =
      authorization.compare(0, kBearer.size(), kBearer) == 0 &&
      same_secret(std::string_view(authorization).substr(kBearer.size()), config.token);
  if (!bearer && !same_secret(form_token, config.token)) {
    throw HttpError(401,
                    "this server needs its token to add books: send Authorization: Bearer "
                    "TOKEN, or fill in the token field");
  }
}

}  // namespace abp
