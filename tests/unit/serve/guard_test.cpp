#include "abp/serve/guard.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace {

abp::HttpRequest request(std::vector<std::pair<std::string, std::string>> headers) {
  abp::HttpRequest out;
  out.method = "POST";
  out.path = "/add";
  out.headers = std::move(headers);
  return out;
}

int refusal(const abp::HttpRequest& req, const abp::GuardConfig& config,
            const std::string& form_token = {}) {
  try {
    abp::check_host(req, config);
    abp::check_write(config);
    abp::check_post(req, form_token, config);
  } catch (const abp::HttpError& e) {
    return e.status();
  }
  return 0;
}

abp::GuardConfig loopback(bool write) {
  abp::GuardConfig config;
  config.host_names = abp::allowed_host_names("127.0.0.1");
  config.port = 8080;
  config.write = write;
  return config;
}

}  // namespace

TEST_CASE("guard: loopback addresses", "[serve]") {
  CHECK(abp::is_loopback_host("127.0.0.1"));
  CHECK(abp::is_loopback_host("127.3.2.1"));
  CHECK(abp::is_loopback_host("::1"));
  CHECK(abp::is_loopback_host("localhost"));
  CHECK_FALSE(abp::is_loopback_host("0.0.0.0"));
  CHECK_FALSE(abp::is_loopback_host("192.168.1.2"));
  CHECK_FALSE(abp::is_loopback_host("::"));
}

TEST_CASE("guard: --host takes an address or localhost, never a name to look up", "[serve]") {
  for (const char* host : {"127.0.0.1", "0.0.0.0", "::1", "::", "fe80::1", "localhost"}) {
    CHECK(abp::is_listen_address(host));
  }
  for (const char* host : {"", "example.com", "[::1]", "127.0.0.1:80", "256.0.0.1", "LOCALHOST"}) {
    CHECK_FALSE(abp::is_listen_address(host));
  }
  CHECK(abp::listen_address_refusal("example.com") ==
        "abp serve: --host takes an IP address (127.0.0.1, ::1, 0.0.0.0, ::) or localhost (got "
        "'example.com')");
}

TEST_CASE("guard: Host must name the address listened on or localhost", "[serve]") {
  const abp::GuardConfig config = loopback(true);
  CHECK(refusal(request({{"Host", "127.0.0.1:8080"}}), config) == 0);
  CHECK(refusal(request({{"Host", "LocalHost:8080"}}), config) == 0);
  CHECK(refusal(request({{"host", "localhost"}}), config) == 0);
  CHECK(refusal(request({}), config) == 0);  // HTTP/1.0: no Host, no browser
  CHECK(refusal(request({{"Host", "evil.example"}}), config) == 403);
  CHECK(refusal(request({{"Host", "127.0.0.1.evil.example:8080"}}), config) == 403);
  CHECK(refusal(request({{"Host", "[::1]:8080"}}), config) == 403);
  abp::GuardConfig v6;
  v6.host_names = abp::allowed_host_names("::1");
  v6.write = true;
  CHECK(refusal(request({{"Host", "[::1]:8080"}}), v6) == 0);
}

TEST_CASE("guard: POSTs need --write and must come from this server's pages", "[serve]") {
  CHECK(refusal(request({}), loopback(false)) == 403);
  const abp::GuardConfig config = loopback(true);
  CHECK(refusal(request({}), config) == 0);  // curl -d: no Origin, Referer or Sec-Fetch-Site
  CHECK(refusal(request({{"Origin", "http://127.0.0.1:8080"}}), config) == 0);
  CHECK(refusal(request({{"Origin", "http://localhost:8080"}}), config) == 0);
  CHECK(refusal(request({{"Referer", "http://127.0.0.1:8080/add?x=1"}}), config) == 0);
  CHECK(refusal(request({{"Sec-Fetch-Site", "same-origin"}}), config) == 0);
  CHECK(refusal(request({{"Origin", "http://evil.example"}}), config) == 403);
  CHECK(refusal(request({{"Origin", "http://127.0.0.1:8081"}}), config) == 403);
  CHECK(refusal(request({{"Origin", "https://127.0.0.1:8080"}}), config) == 403);
  CHECK(refusal(request({{"Origin", "null"}}), config) == 403);
  CHECK(refusal(request({{"Referer", "http://evil.example/"}}), config) == 403);
  CHECK(refusal(request({{"Sec-Fetch-Site", "cross-site"}}), config) == 403);
  // Origin is what counts when both are there.
  CHECK(refusal(request({{"Origin", "http://evil.example"}, {"Referer", "http://127.0.0.1:8080/"}}),
                config) == 403);
}

TEST_CASE("guard: a token, as Bearer or form field, when one is set", "[serve]") {
  abp::GuardConfig config = loopback(true);
  config.token = "s3cret";
  CHECK(refusal(request({}), config) == 401);
  CHECK(refusal(request({}), config, "s3cre") == 401);
  CHECK(refusal(request({}), config, "s3cret!") == 401);
  CHECK(refusal(request({}), config, "s3cret") == 0);
  CHECK(refusal(request({{"Authorization", "Bearer s3cret"}}), config) == 0);
  CHECK(refusal(request({{"Authorization", "Bearer wrong"}}), config) == 401);
  CHECK(refusal(request({{"Authorization", "Basic s3cret"}}), config) == 401);
}
