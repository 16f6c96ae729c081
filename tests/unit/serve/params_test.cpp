#include "abp/serve/params.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "abp/serve/http_types.hpp"

namespace {

int status_of(const std::string& text) {
  try {
    abp::Params::parse(text);
  } catch (const abp::HttpError& e) {
    return e.status();
  }
  return 0;
}

}  // namespace

TEST_CASE("params: names and values are percent-decoded, + is a space", "[serve]") {
  const abp::Params params = abp::Params::parse("name=Ursula+K.%20Le%20Guin&page=2&&empty=&flag");
  CHECK(params.get("name") == "Ursula K. Le Guin");
  CHECK(params.get("page") == "2");
  CHECK(params.get("empty").empty());
  REQUIRE(params.find("flag") != nullptr);
  CHECK(params.find("flag")->empty());
  CHECK(params.find("missing") == nullptr);
  CHECK(params.get("missing", "fallback") == "fallback");
  CHECK(abp::Params::parse("q=caf%C3%A9").get("q") == "café");
  CHECK(abp::Params::parse("a%3Db=c%26d").get("a=b") == "c&d");
}

TEST_CASE("params: a repeated name keeps every value, the first wins for get", "[serve]") {
  const abp::Params params = abp::Params::parse("section=books&section=tree");
  CHECK(params.get("section") == "books");
  CHECK(params.all("section") == std::vector<std::string>{"books", "tree"});
}

TEST_CASE("params: bad percent-encoding, NUL and invalid UTF-8 are 400", "[serve]") {
  CHECK(status_of("q=%zz") == 400);
  CHECK(status_of("q=%4") == 400);
  CHECK(status_of("q=%") == 400);
  CHECK(status_of("q=a%00b") == 400);
  CHECK(status_of("q=%FF") == 400);
  CHECK(status_of("q=%C3") == 400);     // cut short
  CHECK(status_of("q=%C0%AF") == 400);  // overlong
  CHECK(status_of("%FF=x") == 400);     // in a name too
  CHECK(status_of("q=%41%62") == 0);
  try {
    abp::Params::parse("name=%zz");
  } catch (const abp::HttpError& e) {
    CHECK(std::string(e.what()).find("'name'") != std::string::npos);
  }
}
