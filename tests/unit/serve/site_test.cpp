#include "abp/serve/site.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::read_file;
using abp_test::TempDir;
using abp_test::write_file;

namespace {

constexpr const char* kFile =
    "first_name,last_name,title,publisher\n"
    "Stephen,King,It,Viking\nStephen,King,Carrie,Doubleday\nJane,Austen,Emma,Murray\n";

// A site over a temp copy of kFile, asked with requests built here: no socket.
struct TestSite {
  explicit TestSite(bool write, std::string token = {})
      : path(dir.file("books.csv")),
        live((write_file(path, kFile), abp::ServedFile{path, {}, {}, 1}), [](std::string_view) {}),
        site(live, guard(write, std::move(token)), "books.csv",
             [this](std::string_view line) { log += line; }) {
    live.load();
  }

  static abp::GuardConfig guard(bool write, std::string token) {
    abp::GuardConfig config;
    config.host_names = abp::allowed_host_names("127.0.0.1");
    config.port = 8080;
    config.write = write;
    config.token = std::move(token);
    return config;
  }

  abp::HttpResponse get(const std::string& target, const std::string& method = "GET") {
    abp::HttpRequest request;
    request.method = method;
    const std::size_t query = target.find('?');
    request.path = target.substr(0, query);
    if (query != std::string::npos) request.query = target.substr(query + 1);
    request.headers = {{"Host", "127.0.0.1:8080"}};
    return site.handle(request);
  }

  abp::HttpResponse post(const std::string& target, const std::string& body,
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    abp::HttpRequest request;
    request.method = "POST";
    request.path = target;
    request.body = body;
    request.headers = std::move(headers);
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return site.handle(request);
  }

  static std::string body(const abp::HttpResponse& response) {
    if (!response.stream) return response.body;
    std::string out;
    abp::Output output(&out);
    response.stream(output);
    output.flush();
    return out;
  }

  static std::string header(const abp::HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return {};
  }

  TempDir dir;
  std::string path;
  abp::LiveCatalogue live;
  abp::Site site;
  std::string log;
};

}  // namespace

TEST_CASE("site: pages and their contents", "[serve]") {
  TestSite t(false);
  for (const char* target : {"/", "/publishers", "/authors", "/tree", "/publisher?name=Viking",
                             "/author?name=Stephen+King", "/search?q=king", "/search"}) {
    const abp::HttpResponse response = t.get(target);
    INFO(target);
    CHECK(response.status == 200);
    CHECK(response.content_type == "text/html; charset=utf-8");
    CHECK(response.body.find("<!doctype html>") == 0);
    CHECK(response.body.find("name=\"q\"") != std::string::npos);  // the search box everywhere
    CHECK(response.body.find("books.csv") != std::string::npos);
  }
  CHECK(t.get("/author?name=Stephen%20King").body.find("Carrie") != std::string::npos);
  CHECK(t.get("/publisher?name=Murray").body.find("Jane Austen") != std::string::npos);
  CHECK(t.get("/search?q=AUSTEN").body.find("Emma") != std::string::npos);
  CHECK(t.get("/", "HEAD").status == 200);
}

TEST_CASE("site: the JSON API answers as abp report would", "[serve]") {
  TestSite t(false);
  abp::HttpResponse response = t.get("/api/report?format=json&section=books");
  CHECK(response.status == 200);
  CHECK(response.content_type == "application/json");
  CHECK(TestSite::body(response) ==
        "{\"books_by_publisher\":[{\"publisher\":\"Viking\",\"books\":1},{\"publisher\":"
        "\"Murray\",\"books\":1},{\"publisher\":\"Doubleday\",\"books\":1}]}\n");
  response = t.get("/api/author?name=Jane%20Austen");
  CHECK(response.body ==
        "{\"tree\":[{\"author\":\"Jane Austen\",\"books\":[{\"title\":\"Emma\",\"publishers\":["
        "\"Murray\"]}]}]}\n");
  response = t.get("/api/search?q=carrie");
  CHECK(response.body ==
        "{\"facts\":[{\"author\":\"Stephen King\",\"title\":\"Carrie\",\"publisher\":"
        "\"Doubleday\"}]}\n");
  response = t.get("/api/search?q=king");
  CHECK(response.body ==
        "{\"facts\":[{\"author\":\"Stephen King\",\"title\":\"Carrie\",\"publisher\":"
        "\"Doubleday\"},{\"author\":\"Stephen King\",\"title\":\"It\",\"publisher\":"
        "\"Viking\"}]}\n");
  response = t.get("/api/search?q=nothing+like+it");
  CHECK(response.body == "{\"facts\":[]}\n");
  response = t.get("/api/report?format=csv");
  CHECK(response.status == 400);
  CHECK(response.body.find("choose one --section") != std::string::npos);
}

TEST_CASE("site: refusals and their statuses", "[serve]") {
  TestSite t(false);
  CHECK(t.get("/nope").status == 404);
  CHECK(t.get("/api/nope").body.find("{\"error\":") == 0);
  CHECK(t.get("/author?name=Nobody").status == 404);
  CHECK(t.get("/publishers?page=2").status == 404);
  CHECK(t.get("/publishers?page=0").status == 404);
  CHECK(t.get("/publishers?page=two").status == 400);
  CHECK(t.get("/author").status == 400);
  CHECK(t.get("/search?q=%FF").status == 400);
  const abp::HttpResponse wrong = t.get("/", "PUT");
  CHECK(wrong.status == 405);
  CHECK(TestSite::header(wrong, "Allow") == "GET, HEAD");
  CHECK(TestSite::header(t.get("/api/add"), "Allow") == "POST");
  const abp::HttpResponse refused = t.post("/add", "author=A&title=T&publisher=P");
  CHECK(refused.status == 403);
  CHECK(refused.body.find("--write") != std::string::npos);
  CHECK(t.post("/api/add", "author=A&title=T&publisher=P").status == 403);
  // Refused before the body is looked at, even one that is not a form.
  CHECK(t.post("/api/add", "{}", {{"Content-Type", "application/json"}}).status == 403);
  CHECK(t.get("/add").status == 403);
  CHECK(read_file(t.path) == kFile);
}

TEST_CASE("site: adds, their answers, and the form kept when refused", "[serve]") {
  TestSite t(true);
  abp::HttpResponse response = t.post("/add", "author=Ursula+K.+Le+Guin&title=Lathe&publisher=Avon",
                                      {{"Origin", "http://127.0.0.1:8080"}});
  CHECK(response.status == 303);
  CHECK(TestSite::header(response, "Location") ==
        "/author?name=Ursula%20K.%20Le%20Guin&note=added");
  CHECK(t.get("/author?name=Ursula%20K.%20Le%20Guin&note=added").body.find("Added") !=
        std::string::npos);
  response = t.post("/add", "author=Ursula+K.+Le+Guin&title=Lathe&publisher=Avon");
  CHECK(TestSite::header(response, "Location") ==
        "/author?name=Ursula%20K.%20Le%20Guin&note=present");
  response = t.post("/add", "author=A&title=%E2%80%A8&publisher=%3Cb%3E");
  CHECK(response.status == 400);
  CHECK(response.body.find("Not added: the title holds a line break") != std::string::npos);
  CHECK(response.body.find("value=\"&lt;b&gt;\"") != std::string::npos);
  response = t.post("/api/add", "author=A&title=T&publisher=P");
  CHECK((response.status == 201 && response.body == "{\"added\":true}\n"));
  response = t.post("/api/add", "author=A&title=T&publisher=P");
  CHECK((response.status == 200 && response.body == "{\"added\":false}\n"));
  response = t.post("/api/add", "author=&title=T&publisher=P");
  CHECK((response.status == 400 && response.body == "{\"error\":\"the author is empty\"}\n"));
  CHECK(
      t.post("/add", "author=A&title=T&publisher=P", {{"Origin", "http://evil.example"}}).status ==
      403);
  CHECK(read_file(t.path) == std::string(kFile) + "Ursula,K. Le Guin,Lathe,Avon\nA,,T,P\n");
}

TEST_CASE("site: a token guards adds", "[serve]") {
  TestSite t(true, "s3cret");
  CHECK(t.post("/api/add", "author=A&title=T&publisher=P").status == 401);
  CHECK(t.post("/api/add", "author=A&title=T&publisher=P&token=s3cret").status == 201);
  CHECK(t.post("/api/add", "author=B&title=T&publisher=P", {{"Authorization", "Bearer s3cret"}})
            .status == 201);
  CHECK(t.get("/").body.find("name=\"token\"") != std::string::npos);
}
