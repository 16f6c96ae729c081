// HttpServer, abp's side of its HTTP module (include/abp/serve/http_module.hpp): loads the
// module and hands it the site. Only `abp serve` comes here, so no other command loads
// cpp-httplib and the libraries it needs.
#include <dlfcn.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "abp/core/text.hpp"
#include "abp/serve/guard.hpp"
#include "abp/serve/http_module.hpp"
#include "abp/serve/http_server.hpp"
#include "abp/serve/site.hpp"

namespace abp {
namespace {

// The folder of the running binary ("" when /proc is not mounted).
std::string binary_folder() {
  std::vector<char> path(4096);
  const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size());
  if (n <= 0 || static_cast<std::size_t>(n) >= path.size()) return {};
  std::string folder(path.data(), static_cast<std::size_t>(n));
  return folder.substr(0, folder.rfind('/'));
}

// Where the module may be, in order: beside the binary (a build folder), then where
// `cmake --install` and the Debian package put it, relative to the binary so that any
// prefix works (ABP_HTTP_MODULE_FROM_BINARY, set by CMakeLists.txt: ../lib/abp).
std::vector<std::string> module_places() {
  const std::string folder = binary_folder();
  if (folder.empty()) return {};
  return {folder + "/" + kHttpModuleFile,
          folder + "/" ABP_HTTP_MODULE_FROM_BINARY "/" + kHttpModuleFile};
}

// The module's entry point, loaded; throws when no module of this build can be loaded.
HttpModuleServe load_module() {
  const std::vector<std::string> places = module_places();
  for (const std::string& place : places) {
    if (::access(place.c_str(), F_OK) != 0) continue;
    // Never unloaded: the server's threads have ended when it returns, but the module's
    // thread-local and static objects are simpler kept than reasoned about.
    void* module = ::dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
    std::string why;
    if (module == nullptr) {
      const char* error = ::dlerror();
      why = error != nullptr ? error : place + " cannot be loaded";
    } else {
      const auto* stamp = static_cast<const HttpModuleStamp*>(::dlsym(module, kHttpModuleStamp));
      const auto serve = reinterpret_cast<HttpModuleServe>(::dlsym(module, kHttpModuleServe));
      const HttpModuleStamp mine = http_module_stamp(ABP_VERSION_STRING);
      if (stamp != nullptr && serve != nullptr && std::strcmp(stamp->version, mine.version) == 0 &&
          stamp->request_size == mine.request_size && stamp->response_size == mine.response_size &&
          stamp->options_size == mine.options_size) {
        return serve;
      }
      why = fmt::format("{} is not this abp's ({}): it is from another version or build", place,
                        ABP_VERSION_STRING);
    }
    throw Error(ExitCode::kInternal, fmt::format("abp serve: cannot load abp's HTTP module: {}; "
                                                 "install abp again, or build it again",
                                                 why));
  }
  std::string where = places.empty() ? "the folder of the running binary is unknown (no /proc)"
                                     : "it is not at " + places.front();
  for (std::size_t i = 1; i < places.size(); ++i) where += " nor at " + places[i];
  throw Error(ExitCode::kInternal,
              fmt::format("abp serve: cannot load abp's HTTP module ({}): {}; the installation "
                          "is incomplete: install abp again, or build it with cmake --build",
                          kHttpModuleFile, where));
}

// The site, and what else the module needs of abp, behind the module's interface.
class SiteHost final : public HttpHost {
 public:
  SiteHost(const Site& site, const std::function<void(int port)>& ready)
      : site_(site), ready_(ready) {}

  HttpResponse handle(const HttpRequest& request) const override { return site_.handle(request); }
  HttpResponse refuse(const HttpRequest& request, int status,
                      std::string_view message) const override {
    return site_.refuse(request, status, message);
  }
  bool stream(const std::function<void(Output&)>& body,
              const std::function<bool(std::string_view)>& write) const override {
    try {
      Output out([&write](std::string_view bytes) {
        if (!write(bytes)) throw BrokenPipe{};
      });
      body(out);
      out.flush();
      return true;
    } catch (const BrokenPipe&) {
      return false;
    }
  }
  std::string terminal_safe(std::string_view text) const override {
    std::string out;
    append_terminal_safe(out, text);
    return out;
  }
  std::string errno_text(int err) const override { return errno_message(err); }
  [[noreturn]] void fail(ExitCode code, const std::string& message) const override {
    throw Error(code, message);
  }
  void ready(int port) const override { ready_(port); }

 private:
  const Site& site_;
  const std::function<void(int port)>& ready_;
};

}  // namespace

HttpServer::HttpServer() : serve_(load_module()) {}

void HttpServer::run(const Site& site, const HttpServerOptions& options,
                     const std::function<void(int port)>& ready) const {
  // The command line refuses such a --host first; the library would look a name up.
  if (!is_listen_address(options.host)) {
    throw Error(ExitCode::kUsage, listen_address_refusal(options.host));
  }
  const SiteHost host(site, ready);
  serve_(host, options);
}

}  // namespace abp
