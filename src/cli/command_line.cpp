// The command line as a whole: the top-level CLI11 app, the commands from the command table,
// the parse, and help and version. Each command's options are in src/cli/NAME.cpp, the shared
// flags in flags.cpp, and the wording of usage errors in usage_error.cpp.
#include <unistd.h>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/cli/command.hpp"
#include "abp/cli/flags.hpp"
#include "abp/cli/usage_error.hpp"
#include "abp/core/text.hpp"

namespace abp {
namespace {

Run printing(std::string text) {
  return [text = std::move(text)](Console& console) { console.out.write(text); };
}

// Whether -h/--help is on the line, for the top level or the command named.
bool help_asked(const CLI::App& app) {
  if (app.get_help_ptr()->count() > 0) return true;
  for (const CLI::App* command : app.get_subcommands()) {
    if (command->get_help_ptr()->count() > 0) return true;
  }
  return false;
}

}  // namespace

void print_line_to_stderr(std::string_view prefix, std::string_view message) {
  std::string line(prefix);
  append_terminal_safe(line, message);
  line += '\n';
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

Run parse_command_line(int argc, const char* const* argv, const std::vector<Command>& commands) {
  CLI::App app{
      "abp: books and authors per publisher, and the author -> book -> publisher tree, "
      "from a catalogue CSV.",
      "abp"};
  // An option given twice keeps its last value, as in most tools (and handy with aliases).
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  app.get_formatter()->label("Positionals", "Arguments");
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.set_version_flag("-V,--version", ABP_VERSION_STRING, "Print the version and exit");
  app.require_subcommand(1);
  app.footer(help_footer(
      "Examples:\n"
      "  abp report data/author_book_publisher.csv\n"
      "  abp report --format json books.csv | jq '.books_by_publisher[0]'\n"
      "  abp add \"Stephen King\" \"The Stand\" \"Random House\"\n\n"
      "Run 'abp COMMAND --help' for a command's options, 'man abp' for the whole story."));

  std::vector<std::pair<const CLI::App*, Run>> runs;
  for (const Command& row : commands) {
    CLI::App* sub = app.add_subcommand(row.name, row.summary);
    sub->group("Commands");
    runs.emplace_back(sub, row.declare(*sub));
  }

  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return printing(app.help());  // the help of the command named, if any
  } catch (const CLI::CallForAllHelp&) {
    return printing(app.help("", CLI::AppFormatMode::All));
  } catch (const CLI::CallForVersion& e) {
    return printing(fmt::format("abp {}\n", e.what()));
  } catch (const CLI::ParseError& e) {
    throw usage_error(app, e, args);
  } catch (const Error&) {
    // A value refused by abp's own check (flags.cpp), which CLI11 runs before it looks for
    // --help; help wins over anything else on the line, as it does in CLI11.
    if (help_asked(app)) return printing(app.help());
    throw;
  }
  for (auto& [sub, run] : runs) {
    if (sub->parsed()) return std::move(run);
  }
  throw Error(ExitCode::kInternal, "no command was parsed");  // require_subcommand(1)
}

}  // namespace abp
