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

// CLI11 takes --split-authors= (an unset "$VAR" after the =) as the option with no value yet,
// and gives it the next word: --split-authors="$SEP" books.csv would split at "books.csv"
// and read the default file. An option given an empty value is refused (issue 12.18).
void refuse_empty_attached_values(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") return;
    if (arg.size() > 3 && arg.compare(0, 2, "--") == 0 && arg.back() == '=' &&
        arg.find('=') == arg.size() - 1) {
      const std::string option = arg.substr(0, arg.size() - 1);
      throw Error(ExitCode::kUsage, fmt::format("{} is given an empty value; write {}=VALUE or "
                                                "{} VALUE (see abp --help)",
                                                arg, option, option));
    }
  }
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
  // A flag takes no value: CLI11 would read --ascii=no as "not ASCII" (issue 12.17). It still
  // lets --ascii=true through, which means what --ascii means.
  app.option_defaults()->disable_flag_override();
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
  refuse_empty_attached_values(args);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help or --version
    // An unknown command is an error whatever follows it, --help included (issue 12.20).
    if (app.get_subcommands().empty() && !app.remaining().empty()) {
      throw usage_error(app, e, args);
    }
    if (dynamic_cast<const CLI::CallForVersion*>(&e) != nullptr) {
      return printing(fmt::format("abp {}\n", e.what()));
    }
    return printing(app.help());  // the help of the command named, if any
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
