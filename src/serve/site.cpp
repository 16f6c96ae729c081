#include "abp/serve/site.hpp"

#include <cmath>
#include <exception>
#include <utility>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/report/html.hpp"
#include "abp/serve/api.hpp"
#include "abp/serve/pages.hpp"
#include "abp/serve/params.hpp"

namespace abp {
namespace {

enum class Methods { kRead, kForm, kPost };  // GET/HEAD; GET/HEAD/POST; POST

struct Route {
  std::string_view path;
  Methods methods;
};

constexpr Route kRoutes[] = {
    {"/", Methods::kRead},           {"/publishers", Methods::kRead},
    {"/authors", Methods::kRead},    {"/tree", Methods::kRead},
    {"/publisher", Methods::kRead},  {"/author", Methods::kRead},
    {"/search", Methods::kRead},     {"/add", Methods::kForm},
    {"/api/report", Methods::kRead}, {"/api/publisher", Methods::kRead},
    {"/api/author", Methods::kRead}, {"/api/search", Methods::kRead},
    {"/api/add", Methods::kPost},
};

const char* allowed(Methods methods) {
  switch (methods) {
    case Methods::kRead:
      return "GET, HEAD";
    case Methods::kForm:
      return "GET, HEAD, POST";
    case Methods::kPost:
      break;
  }
  return "POST";
}

bool allows(Methods methods, const std::string& method) {
  const bool read = method == "GET" || method == "HEAD";
  switch (methods) {
    case Methods::kRead:
      return read;
    case Methods::kForm:
      return read || method == "POST";
    case Methods::kPost:
      break;
  }
  return method == "POST";
}

bool is_api(const HttpRequest& request) { return request.path.compare(0, 5, "/api/") == 0; }

HttpResponse html(std::string body, int status = 200) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// ?page=N, 1 when absent; HttpError(400) when not a number.
std::size_t page_of(const Params& params) {
  const std::string* text = params.find("page");
  if (text == nullptr) return 1;
  if (text->empty() || text->size() > 9 ||
      text->find_first_not_of("0123456789") != std::string::npos) {
    throw HttpError(400, "page takes a page number: 1, 2, ...");
  }
  return static_cast<std::size_t>(std::stoul(*text));
}

const std::string& required(const Params& params, std::string_view name) {
  const std::string* value = params.find(name);
  if (value == nullptr) throw HttpError(400, fmt::format("name the {} with ?{}=...", name, name));
  return *value;
}

}  // namespace

Site::Site(LiveCatalogue& catalogue, GuardConfig guard, std::string file_name, Log log)
    : catalogue_(catalogue),
      guard_(std::move(guard)),
      file_name_(std::move(file_name)),
      log_(std::move(log)) {}

HttpResponse Site::refuse(const HttpRequest& request, int status, std::string_view message) const {
  if (is_api(request)) return api::error(status, message);
  const PageFrame frame{file_name_, guard_.write, !guard_.token.empty(), nullptr, {}};
  return html(pages::error(frame, status, message), status);
}

HttpResponse Site::handle(const HttpRequest& request) const {
  auto refusal = [&](int status, std::string_view message) {
    return refuse(request, status, message);
  };
  try {
    return route(request);
  } catch (const HttpError& e) {
    HttpResponse response = refusal(e.status(), e.what());
    if (e.status() == 405) {
      for (const Route& r : kRoutes) {
        if (r.path == request.path) response.headers.emplace_back("Allow", allowed(r.methods));
      }
    }
    return response;
  } catch (const Error& e) {
    if (e.code() == ExitCode::kTempFail) {
      HttpResponse response = refusal(503,
                                      "another program is changing the catalogue file; try "
                                      "again in a moment");
      response.headers.emplace_back("Retry-After", "1");
      return response;
    }
    log_(fmt::format("{} {}: {}", request.method, request.path, e.describe()));
    return refusal(500,
                   "the catalogue file could not be read or written as it is now; "
                   "nothing was changed");
  } catch (const std::exception& e) {
    log_(fmt::format("{} {}: internal error: {}", request.method, request.path, e.what()));
    return refusal(500, "something went wrong in the server; nothing was changed");
  }
}

HttpResponse Site::route(const HttpRequest& request) const {
  check_host(request, guard_);
  const Route* route = nullptr;
  for (const Route& r : kRoutes) {
    if (r.path == request.path) route = &r;
  }
  if (route == nullptr) throw HttpError(404, "there is no such page");
  if (!allows(route->methods, request.method)) {
    throw HttpError(405, fmt::format("{} takes {}", request.path, allowed(route->methods)));
  }
  if (request.method == "POST") return add(request, is_api(request));

  const Params params = Params::parse(request.query);
  const ReadingState state = catalogue_.current();
  const Reading& reading = *state.reading;
  PageFrame frame{file_name_, guard_.write, !guard_.token.empty(), &state, params.get("q")};
  const std::string_view path = request.path;
  HttpResponse response;
  if (path == "/api/report") {
    response = api::report(state.reading, params);
  } else if (path == "/api/author") {
    response = api::author(reading, required(params, "name"));
  } else if (path == "/api/publisher") {
    response = api::publisher(reading, required(params, "name"));
  } else if (path == "/api/search") {
    response = api::search(reading, params.get("q"));
  } else if (path == "/") {
    response = html(pages::home(frame, reading));
  } else if (path == "/publishers") {
    response = html(pages::publishers(frame, reading, page_of(params)));
  } else if (path == "/authors") {
    response = html(pages::authors(frame, reading, page_of(params)));
  } else if (path == "/tree") {
    response = html(pages::tree(frame, reading, page_of(params)));
  } else if (path == "/publisher") {
    response = html(pages::publisher(frame, reading, required(params, "name")));
  } else if (path == "/author") {
    response = html(pages::author(frame, reading, required(params, "name"), params.get("note")));
  } else if (path == "/search") {
    response = html(pages::search(frame, reading, params.get("q")));
  } else {  // "/add": the form alone
    check_write(guard_);
    response = html(pages::add_form(frame, NewFact{}, {}));
  }
  if (state.stale_since != 0 && is_api(request)) {
    // The body of an API answer is exactly what it always is: the news goes in a header.
    std::string reason;
    for (const char c : state.stale_reason) reason += (c >= 0x20 && c < 0x7F) ? c : '?';
    response.headers.emplace_back(
        "X-Abp-Stale",
        fmt::format("since {}; {}", static_cast<long long>(state.stale_since), reason));
  }
  return response;
}

HttpResponse Site::add(const HttpRequest& request, bool api) const {
  check_write(guard_);
  const std::string type = request.header("Content-Type");
  if (!type.empty() && type.compare(0, 33, "application/x-www-form-urlencoded") != 0) {
    throw HttpError(415, "send the fields urlencoded (application/x-www-form-urlencoded)");
  }
  const Params form = Params::parse(request.body);
  check_post(request, form.get("token"), guard_);
  const NewFact typed{form.get("author"), form.get("title"), form.get("publisher")};
  NewFact fact;
  try {
    fact = NewFact{check_add_argument(typed.author, "author"),
                   check_add_argument(typed.title, "title"),
                   check_add_argument(typed.publisher, "publisher")};
  } catch (const Error& e) {
    if (e.code() != ExitCode::kUsage) throw;
    if (api) return api::error(400, e.what());
    const ReadingState state = catalogue_.current();
    const PageFrame frame{file_name_, guard_.write, !guard_.token.empty(), &state, {}};
    return html(pages::add_form(frame, typed, e.what()), 400);
  }
  const AppendOutcome outcome = catalogue_.add(fact);
  const bool added = outcome != AppendOutcome::kAlreadyPresent;
  if (api) return api::added(added);
  // SPEC §8: see the author's page either way; it says whether the row was new.
  HttpResponse response;
  response.status = 303;
  std::string location = "/author?name=";
  append_url_encoded(location, fact.author);
  location += added ? "&note=added" : "&note=present";
  response.headers.emplace_back("Location", location);
  response.content_type = "text/plain; charset=utf-8";
  response.body = "See " + location + "\n";
  return response;
}

}  // namespace abp
