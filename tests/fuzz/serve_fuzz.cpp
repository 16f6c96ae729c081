// Fuzz target (issue 18, SPEC §8): requests against abp serve's routes, in process (no
// socket), on a small catalogue in a temp folder. Byte 0 picks the server: bits 0-1 read-only,
// --write, or --write with a token (`fuzz-token`); the rest is the request, line by line:
// method, target (path?query), headers `Name: value` up to an empty line, then the body (cut at
// the 64 KiB the HTTP layer lets through). Invariants:
// - Site::handle never throws, and a streamed body writes without throwing;
// - every status is one the routes answer with (200, 201, 303) or one of SPEC §8's refusals
//   (400, 401, 403, 404, 405, 413, 503, and 415 for a POST body that is not a form); never 500;
// - without --write the file never changes; a refused request changes no file.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

#include "abp/io/output.hpp"
#include "abp/serve/guard.hpp"
#include "abp/serve/http_types.hpp"
#include "abp/serve/live_catalogue.hpp"
#include "abp/serve/site.hpp"
#include "fuzz_support.hpp"

namespace {

using abp_fuzz::finding;

constexpr const char* kCatalogue =
    "first_name,last_name,title,publisher\n"
    "Stephen,King,It,Viking\n"
    "Stephen,King,Carrie,Doubleday\n"
    "Jane,Austen,Emma,Murray\n"
    "Gabriel,García Márquez,Cien años de soledad,Sudamericana\n"
    "\"Lee, Jr.\",Ann,\"Quotes \"\"and\"\", commas\",Tor\n";
// A file the --write servers add to is put back when it grows past this.
constexpr std::uintmax_t kLargest = 256 * 1024;

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// One server: its file, the catalogue served from it and the routes.
struct Server {
  Server(const std::string& dir, const char* name, bool write, const std::string& token)
      : path(dir + "/" + name),
        live((write_file(path, kCatalogue), abp::ServedFile{path, {}, {}, 1}),
             [](std::string_view) {}),
        site(live, abp::GuardConfig{abp::allowed_host_names("127.0.0.1"), 8080, write, token}, name,
             [](std::string_view) {}) {
    live.load();
  }

  std::string path;
  abp::LiveCatalogue live;
  abp::Site site;
};

// The three servers, in a temp folder removed at exit.
struct Servers {
  Servers() {
    std::string pattern = (std::filesystem::temp_directory_path() / "abp-fuzz-serve-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) finding("cannot make a temp folder", pattern);
    dir = pattern;
    read_only = std::make_unique<Server>(dir, "read.csv", false, "");
    writable = std::make_unique<Server>(dir, "write.csv", true, "");
    with_token = std::make_unique<Server>(dir, "token.csv", true, "fuzz-token");
  }
  ~Servers() {
    read_only.reset();
    writable.reset();
    with_token.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  std::string dir;
  std::unique_ptr<Server> read_only;
  std::unique_ptr<Server> writable;
  std::unique_ptr<Server> with_token;
};

abp::HttpRequest parse_request(std::string_view text) {
  abp::HttpRequest request;
  const auto line = [&text]() {
    const std::size_t end = text.find('\n');
    const std::string_view out = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    return std::string(out);
  };
  request.method = line();
  const std::string target = line();
  const std::size_t query = target.find('?');
  request.path = target.substr(0, query);
  if (query != std::string::npos) request.query = target.substr(query + 1);
  while (!text.empty()) {
    const std::string header = line();
    if (header.empty()) break;
    const std::size_t colon = header.find(':');
    std::string value = colon == std::string::npos ? "" : header.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    request.headers.emplace_back(header.substr(0, colon), value);
  }
  request.body = std::string(text.substr(0, abp::kMaxBody));
  request.remote_address = "127.0.0.1";
  return request;
}

bool is_known_status(int status) {
  switch (status) {
    case 200:
    case 201:
    case 303:
    case 400:
    case 401:
    case 403:
    case 404:
    case 405:
    case 413:
    case 415:
    case 503:
      return true;
    default:
      return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Servers servers;
  if (size == 0) return 0;
  const unsigned pick = data[0] % 3u;
  Server& server = pick == 0   ? *servers.read_only
                   : pick == 1 ? *servers.writable
                               : *servers.with_token;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const abp::HttpRequest request = parse_request(text);

  const std::string before = read_file(server.path);
  abp::HttpResponse response;
  std::string body;
  try {
    response = server.site.handle(request);
    body = response.body;
    if (response.stream) {
      abp::Output out(&body);
      response.stream(out);
      out.flush();
    }
  } catch (const std::exception& e) {
    finding("a request made the site throw", std::string(e.what()) + "\n" + text);
  }
  if (!is_known_status(response.status)) {
    finding("a status SPEC §8 does not name",
            std::to_string(response.status) + "\n" + body + "\n--- request ---\n" + text);
  }
  const bool changed = read_file(server.path) != before;
  if (changed && (pick == 0 || response.status >= 400)) {
    finding(pick == 0 ? "the file changed without --write" : "a refused request changed the file",
            std::to_string(response.status) + "\n--- request ---\n" + text);
  }
  if (changed && std::filesystem::file_size(server.path) > kLargest) {
    write_file(server.path, kCatalogue);
  }
  return 0;
}
