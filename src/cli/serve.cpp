#include "abp/cli/serve.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/error.hpp"
#include "abp/serve/guard.hpp"
#include "abp/serve/serve.hpp"

namespace abp {

void setup_serve(CLI::App& command, ServeCommandOptions& options) {
  add_catalogue_argument(command, options.file);
  command.add_option("--host", options.host, "Address to listen on (default: 127.0.0.1)")
      ->type_name("ADDRESS")
      ->check(non_empty(command, "--host", "an address"))
      // A usage error, so told before the file is read (SPEC §4).
      ->check(refuse_with(CLI::Validator(
                              [](std::string& text) {
                                return is_listen_address(text) ? std::string()
                                                               : std::string("not an address");
                              },
                              ""),
                          listen_address_refusal));
  command
      .add_option("--port", options.port, "Port to listen on, 0 for any free one (default: 8080)")
      ->type_name("PORT")
      ->check(refuse_with(CLI::Range(0, 65535), [](const std::string& value) {
        return fmt::format("abp serve: --port takes a port number, 0 to 65535 (got '{}')", value);
      }));
  command.add_flag("--write", options.write,
                   "Let browsers and scripts add books (POST /add and /api/add)");
  command
      .add_option("--token", options.token,
                  "Secret an add must carry when listening beyond loopback (default: $ABP_TOKEN)")
      ->type_name("TOKEN");
  command.add_flag("--quiet", options.quiet, "No access log on standard error");
  add_input_flags(command, options.input);
  add_filter_flags(command, options.filter, FilterFlagSet::kWithFold);
  command.footer(help_footer(fmt::format(
      "Pages: / /publishers /authors /tree /publisher?name=P /author?name=A /search?q=TEXT\n"
      "JSON:  /api/report?format=json&section=books /api/author?name=A /api/search?q=TEXT\n"
      "With --write: POST /add and /api/add (fields author, title, publisher).\n\n"
      "Examples:\n"
      "  abp serve data/author_book_publisher.csv    # then open http://127.0.0.1:8080/\n"
      "  abp serve --write --port 0 books.csv\n"
      "  ABP_TOKEN=s3cret abp serve --write --host 0.0.0.0 books.csv\n"
      "  curl -d author='Stephen King' -d title='The Stand' -d publisher='Random House' \\\n"
      "       http://127.0.0.1:8080/api/add\n\n"
      "FILE defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

namespace {

void serve(const std::string& file, const ServeCommandOptions& options, Console& console) {
  if (file == "-") {
    throw Error(ExitCode::kUsage,
                "abp serve: FILE must be a file it can read again as it changes, not standard "
                "input");
  }
  ServeOptions serve;
  serve.port = options.port;
  serve.host = options.host;
  serve.write = options.write;
  serve.quiet = options.quiet;
  serve.filter = options.filter;
  serve.token = options.token;
  if (serve.token.empty()) {
    const char* env = std::getenv("ABP_TOKEN");
    if (env != nullptr) serve.token = env;
  }
  serve.file = file;
  serve.load = load_options(serve.file, options.input);
  serve.lock_timeout_seconds = options.input.lock_timeout_seconds;
  run_serve(serve, console.notes);
}

}  // namespace

void run_serve_command(const ServeCommandOptions& options, Console& console) {
  with_catalogue_file(options.file,
                      [&](const std::string& path) { serve(path, options, console); });
}

}  // namespace abp
