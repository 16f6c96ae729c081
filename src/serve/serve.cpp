#include "abp/serve/serve.hpp"

#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/io/file.hpp"
#include "abp/serve/guard.hpp"
#include "abp/serve/http_server.hpp"
#include "abp/serve/live_catalogue.hpp"
#include "abp/serve/site.hpp"

namespace abp {

void run_serve(const ServeOptions& options, const std::function<void(std::string_view)>& notes) {
  if (options.write && !is_loopback_host(options.host) && options.token.empty()) {
    throw Error(ExitCode::kUsage,
                fmt::format("abp serve: --write on {}, which other machines can reach, needs a "
                            "token: pass --token TOKEN or set $ABP_TOKEN (or listen on "
                            "127.0.0.1)",
                            options.host));
  }
  // Before the catalogue is read: a module that cannot be loaded is told at once.
  const HttpServer server;
#ifdef __GLIBC__
  // A server makes its large tables again at every merge and frees the old ones. glibc would
  // raise its mmap threshold to the size of the first table freed and keep later ones in the
  // heap, where freed room stays with the process: with a fixed threshold large tables are
  // mapped and given back whole (measured at 1M rows: 118 MiB after some merges, 70 with it).
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
  LiveCatalogue catalogue(
      ServedFile{options.file, options.load, options.filter, options.lock_timeout_seconds}, notes);
  catalogue.load();

  GuardConfig guard;
  guard.host_names = allowed_host_names(options.host);
  guard.write = options.write;
  // Loopback needs no token: only this machine's users reach it (SPEC §8).
  if (!is_loopback_host(options.host)) guard.token = options.token;
  const HttpServerOptions listen{options.host, options.port, options.quiet};
  // Pages name the file, not where it lies on the server.
  Site site(catalogue, guard, base_name_of(options.file), notes);
  server.run(site, listen, [&](int port) {
    // The port listened on (--port 0 picks one) is what an Origin must name.
    site.set_port(port);
    const std::string host =
        options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    const std::string line =
        fmt::format("abp: serving {} at http://{}:{}/\n", options.file, host, port);
    [[maybe_unused]] const ssize_t n = ::write(STDOUT_FILENO, line.data(), line.size());
  });
}

}  // namespace abp
