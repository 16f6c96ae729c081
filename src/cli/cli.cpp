#include "abp/cli/cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/text.hpp"
#include "abp/io/terminal.hpp"

namespace abp {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 ok (also when a pipe closes early), 64 bad command line, 65 bad data,\n"
    "66 input missing or unreadable, 73 cannot create or write the file, 74 I/O error,\n"
    "75 file locked (try again).";

// Flags spelled the same on every command that reads a catalogue. Numbers are taken as text
// and converted here, so a bad one gets abp's message rather than CLI11's.
struct OutputFlags {
  std::string format = "text";
  std::vector<std::string> sections;
  bool ascii = false;
  bool ascending = false;
  bool bars = false;
  std::string top;
};

void add_input_flags(CLI::App& command, InputFlags& flags, std::string& lock_timeout) {
  command
      .add_option("--delimiter", flags.delimiter,
                  "Field separator, one ASCII character or \\t (default , or tab for .tsv)")
      ->type_name("C");
  command
      .add_option("--encoding", flags.encoding,
                  "Convert the input from this encoding (latin1, cp1252, utf-16, ...)")
      ->type_name("NAME");
  command
      .add_option("--author-column", flags.columns.author,
                  "Whole-name author column (default: author, authors or author_name)")
      ->type_name("COLUMN");
  command
      .add_option("--first-name-column", flags.columns.first_name,
                  "First-name column (default: first_name)")
      ->type_name("COLUMN");
  command
      .add_option("--last-name-column", flags.columns.last_name,
                  "Last-name column (default: last_name)")
      ->type_name("COLUMN");
  command.add_option("--title-column", flags.columns.title, "Title column (default: title)")
      ->type_name("COLUMN");
  command
      .add_option("--publisher-column", flags.columns.publisher,
                  "Publisher column (default: publisher)")
      ->type_name("COLUMN");
  command.add_flag("--skip-bad-rows", flags.skip_bad_rows,
                   "Leave out records with the wrong number of fields (and say so)");
  command
      .add_option("--split-authors", flags.split_authors,
                  "Split the author value at SEP, each part an author (e.g. ' & ')")
      ->type_name("SEP");
  command
      .add_option("--lock-timeout", lock_timeout,
                  "Seconds to wait for another abp's lock on the file (default: 10)")
      ->type_name("SECONDS");
}

void add_output_flags(CLI::App& command, OutputFlags& flags, bool report) {
  command.add_option("--format", flags.format, "Output: text (default), csv, tsv, json, ndjson")
      ->type_name("FORMAT");
  command.add_flag("--ascii", flags.ascii, "Draw the tree and bars with ASCII only");
  if (!report) return;
  // One value per --section: without allow_extra_args(false) CLI11 lets a vector option
  // swallow the FILE that follows it.
  command
      .add_option("--section", flags.sections,
                  "Print only these sections: books, authors, tree (repeat, or a,b)")
      ->type_name("SECTION")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_flag("--ascending", flags.ascending,
                   "Sort the count sections by (count, name) ascending");
  command.add_option("--top", flags.top, "Keep the first N lines of each count section")
      ->type_name("N");
  command.add_flag("--bars", flags.bars,
                   "Text: draw a bar after each count, scaled to the largest");
}

std::size_t parse_top(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw Error(ExitCode::kUsage,
                fmt::format("abp report: --top takes a whole number, 0 or more (got '{}')", text));
  }
  // A number past what fits keeps every line, as it would if it fitted.
  std::size_t value = 0;
  for (const char digit : text) {
    const auto d = static_cast<std::size_t>(digit - '0');
    if (value > (SIZE_MAX - d) / 10) return SIZE_MAX;
    value = value * 10 + d;
  }
  return value;
}

double parse_seconds(const std::string& text, const std::string& command) {
  const std::string problem = fmt::format(
      "{}: --lock-timeout takes a number of seconds, 0 or more (got '{}')", command, text);
  // strtod also reads hex, inf and nan, none of which is a timeout a person means.
  if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string::npos) {
    throw Error(ExitCode::kUsage, problem);
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value) || value < 0) throw Error(ExitCode::kUsage, problem);
  return value;
}

// Checks the input flags CLI11 cannot: the numbers, and a --delimiter given empty (which
// the options would otherwise take for "not given").
void check_given_input_flags(const CLI::App& command, const std::string& lock_timeout,
                             InputFlags& flags) {
  const std::string name = "abp " + command.get_name();
  if (command.count("--lock-timeout") > 0) {
    flags.lock_timeout_seconds = parse_seconds(lock_timeout, name);
  }
  if (command.count("--delimiter") > 0 && flags.delimiter.empty()) {
    throw Error(ExitCode::kUsage,
                "--delimiter takes one ASCII character other than a quote, CR "
                "or LF, or \\t for tab (got '')");
  }
}

RenderOptions render_options(const OutputFlags& flags, const CLI::App& command, bool report) {
  RenderOptions options;
  options.format = parse_format(flags.format);
  options.sections = report ? parse_sections(flags.sections) : Sections{false, false, true};
  options.order = flags.ascending ? SortOrder::kAscending : SortOrder::kDescending;
  options.style = flags.ascii ? TreeStyle::kAscii : TreeStyle::kUnicode;
  if (report && command.count("--top") > 0) options.top = parse_top(flags.top);
  options.bars = flags.bars;
  const std::size_t columns = terminal_columns(STDOUT_FILENO);
  options.width = columns > 0 ? columns : 80;
  return validate_render_options(options, !flags.sections.empty() || !report);
}

std::string command_name(const CLI::App& app, const CLI::App& command) {
  return &command == &app ? std::string("abp") : fmt::format("abp {}", command.get_name());
}

// The long option names of `command`, without their leading dashes.
std::vector<std::string> long_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  }
  return names;
}

// CLI11 says "The following arguments were not expected"; name the command and what the user
// probably meant instead: the command an option belongs to, or the nearest option.
std::string unexpected_arguments(const CLI::App& app, const CLI::App& command,
                                 const std::vector<std::string>& args) {
  const std::string name = command_name(app, command);
  const bool top_level = &command == &app;
  std::vector<std::string> words;    // what is left but CLI11's "--" marker
  std::vector<std::string> options;  // the words before the marker that look like options
  bool after_marker = false;
  for (const std::string& arg : args) {
    if (arg == "--" && !after_marker) {
      after_marker = true;
      continue;
    }
    words.push_back(arg);
    const std::size_t name_at = arg.find_first_not_of('-');
    // "-" is standard input and "---" no option; after "--" nothing is an option
    if (!after_marker && arg[0] == '-' && name_at != std::string::npos && name_at < arg.find('=')) {
      options.push_back(arg);
    }
  }
  if (words.empty()) words.push_back("--");
  for (const std::string& arg : options) {
    const std::string flag = arg.substr(0, arg.find('='));
    const std::size_t name_at = flag.find_first_not_of('-');
    const std::string bare = flag.substr(name_at);
    for (const CLI::App* sub : app.get_subcommands({})) {
      const std::vector<std::string> names = long_names(*sub);
      if (sub == &command || std::find(names.begin(), names.end(), bare) == names.end()) {
        continue;
      }
      return top_level ? fmt::format(
                             "{} is an option of abp {}: put it after the command "
                             "(abp {} {} ...); see abp --help",
                             flag, sub->get_name(), sub->get_name(), flag)
                       : fmt::format("{}: {} is an option of abp {}, not of {}; see {} --help",
                                     name, flag, sub->get_name(), name, name);
    }
    if (!top_level) {
      const std::vector<std::string> own = long_names(app);
      if (std::find(own.begin(), own.end(), bare) != own.end()) {
        return fmt::format("{}: {} goes before the command (abp {}); see abp --help", name, flag,
                           flag);
      }
    }
    // Matched without the dashes, which would make every long option look alike.
    std::string near = closest_match(bare, long_names(command));
    if (!near.empty()) near = fmt::format(" (did you mean --{}?)", near);
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (!top_level || !near.empty()) break;
      const std::string other = closest_match(bare, long_names(*sub));
      if (!other.empty())
        near = fmt::format(" (did you mean abp {} --{}?)", sub->get_name(), other);
    }
    return fmt::format("{}unknown option {}{}; see {} --help", top_level ? "" : name + ": ", flag,
                       near, name);
  }
  if (top_level) {
    const std::string near = closest_match(words.front(), {"report", "add"});
    return fmt::format(
        "unknown command '{}'{}; see abp --help", words.front(),
        near.empty() ? ": use report, add or export" : fmt::format(" (did you mean {}?)", near));
  }
  return fmt::format("{}: unexpected argument{} {}; see {} --help", name,
                     words.size() == 1 ? "" : "s", fmt::join(words, " "), name);
}

// The first word of `text` that starts with `--`, e.g. the option a CLI11 message is about.
std::string option_in(const std::string& text) {
  const std::size_t begin = text.find("--");
  if (begin == std::string::npos) return std::string();
  return text.substr(begin, text.find_first_of(" :=", begin) - begin);
}

// Turns any CLI11 parse error into abp's usage error (64) naming the command.
Error usage_error(const CLI::App& app, const CLI::ParseError& error) {
  if (!app.remaining().empty()) {
    return Error(ExitCode::kUsage, unexpected_arguments(app, app, app.remaining()));
  }
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  if (chosen.empty()) {
    return Error(ExitCode::kUsage,
                 "name a command: abp report [FILE], abp add AUTHOR TITLE PUBLISHER or abp "
                 "export --sqlite OUT.db [FILE] (see abp --help)");
  }
  const CLI::App& command = *chosen.front();
  const std::string name = command_name(app, command);
  if (!command.remaining().empty()) {
    return Error(ExitCode::kUsage, unexpected_arguments(app, command, command.remaining()));
  }
  const std::string what = error.what();
  const std::string option = option_in(what);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && !option.empty() &&
      what.find("missing") != std::string::npos) {
    return Error(ExitCode::kUsage,
                 fmt::format("{}: {} needs a value; see {} --help", name, option, name));
  }
  if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr && !option.empty()) {
    // Only flags are converted by CLI11 (numbers are ours): --flag=banana.
    return Error(ExitCode::kUsage, fmt::format("{}: {} is a flag and takes no value; see {} --help",
                                               name, option, name));
  }
  return Error(ExitCode::kUsage, fmt::format("{}: {}; see {} --help", name, what, name));
}

// `abp serve` (SPEC §8): its options, bound to `options`.
CLI::App* add_serve_command(CLI::App& app, ServeCommandOptions& options,
                            std::string& lock_timeout) {
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the catalogue in a browser and as JSON, for several people at once");
  serve->group("Commands");
  serve->add_option("FILE", options.file, "Catalogue file (default: see below)")->type_name("");
  serve->add_option("--host", options.host, "Address to listen on (default: 127.0.0.1)")
      ->type_name("ADDRESS");
  serve->add_option("--port", options.port, "Port to listen on, 0 for any free one (default: 8080)")
      ->type_name("PORT");
  serve->add_flag("--write", options.write,
                  "Let browsers and scripts add books (POST /add, /api/add)");
  serve
      ->add_option("--token", options.token,
                   "Secret an add must carry when listening beyond loopback (default: $ABP_TOKEN)")
      ->type_name("TOKEN");
  serve->add_flag("--quiet", options.quiet, "No access log on standard error");
  add_input_flags(*serve, options.input, lock_timeout);
  serve->footer(fmt::format(
      "Pages: / /publishers /authors /tree /publisher?name=P /author?name=A /search?q=TEXT\n"
      "JSON:  /api/report?format=json&section=books /api/author?name=A /api/search?q=TEXT\n"
      "With --write: POST /add and /api/add (fields author, title, publisher).\n\n"
      "Examples:\n"
      "  abp serve data/author_book_publisher.csv    # then open http://127.0.0.1:8080/\n"
      "  abp serve --write --port 0 books.csv\n"
      "  ABP_TOKEN=s3cret abp serve --write --host 0.0.0.0 books.csv\n"
      "  curl -d author='Stephen King' -d title='The Stand' -d publisher='Random House' \\\n"
      "       http://127.0.0.1:8080/api/add\n\n"
      "FILE defaults to $ABP_FILE, else {}.\n\n{}",
      kDefaultDataFile, kExitCodes));
  return serve;
}

}  // namespace

Invocation parse_command_line(int argc, const char* const* argv) {
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
  app.footer(fmt::format(
      "Examples:\n"
      "  abp report data/author_book_publisher.csv\n"
      "  abp report --format json books.csv | jq '.books_by_publisher[0]'\n"
      "  abp add \"Stephen King\" \"The Stand\" \"Random House\"\n\n"
      "Run 'abp COMMAND --help' for a command's options, 'man abp' for the whole story.\n\n{}",
      kExitCodes));

  ReportOptions report;
  OutputFlags report_output;
  std::string report_lock_timeout;
  CLI::App* report_cmd = app.add_subcommand(
      "report", "Print books and authors per publisher and the author -> book -> publisher tree");
  report_cmd->group("Commands");
  report_cmd
      ->add_option("FILE", report.file,
                   "Catalogue file or abp database, - for standard input (default: see below)")
      ->type_name("");
  add_input_flags(*report_cmd, report.input, report_lock_timeout);
  add_output_flags(*report_cmd, report_output, true);
  report_cmd->footer(fmt::format(
      "Examples:\n"
      "  abp report data/author_book_publisher.csv\n"
      "  abp report --section books --format tsv big.csv | sort -t$'\\t' -k2 -n | head\n"
      "  abp report --bars --top 10 --section authors --author-column 'Primary Author' "
      "library.tsv\n\n"
      "FILE defaults to $ABP_FILE, else {}.\n\n{}",
      kDefaultDataFile, kExitCodes));

  AddOptions add;
  OutputFlags add_output;
  std::string add_lock_timeout;
  CLI::App* add_cmd =
      app.add_subcommand("add", "Append one (author, title, publisher) row, then print the tree");
  add_cmd->group("Commands");
  add_cmd
      ->add_option("AUTHOR", add.author,
                   "Full name (split at the first space for first/last name "
                   "columns)")
      ->type_name("")
      ->required();
  add_cmd->add_option("TITLE", add.title, "Book title")->type_name("")->required();
  add_cmd->add_option("PUBLISHER", add.publisher, "Publisher name")->type_name("")->required();
  add_cmd
      ->add_option("--file", add.file,
                   "Catalogue (CSV or abp database), created if missing (default: see below)")
      ->type_name("PATH");
  add_input_flags(*add_cmd, add.input, add_lock_timeout);
  add_output_flags(*add_cmd, add_output, false);
  add_cmd->footer(fmt::format(
      "Examples:\n"
      "  abp add \"Stephen King\" \"The Stand\" \"Random House\"\n"
      "  abp add --file books.csv --format json \"Ursula K. Le Guin\" \"The Dispossessed\" "
      "Harper\n"
      "  abp add --file books.csv -- \"-30-\" \"Headline\" \"Press\"\n"
      "  abp add --file books.db \"Stephen King\" \"The Stand\" \"Random House\"\n\n"
      "--file defaults to $ABP_FILE, else {}.\n\n{}",
      kDefaultDataFile, kExitCodes));

  ExportOptions export_options;
  std::string export_lock_timeout;
  CLI::App* export_cmd = app.add_subcommand(
      "export", "Write the catalogue as a normalised SQLite database (the article's schema)");
  export_cmd->group("Commands");
  export_cmd
      ->add_option("FILE", export_options.file,
                   "Catalogue file, - for standard input (default: see below)")
      ->type_name("");
  export_cmd->add_option("--sqlite", export_options.sqlite, "The database file to write")
      ->type_name("OUT.db")
      ->required();
  export_cmd->add_flag("--force", export_options.force, "Replace the database if it exists");
  add_input_flags(*export_cmd, export_options.input, export_lock_timeout);
  export_cmd->footer(fmt::format(
      "The database is written whole or not at all; abp report and abp add --file read and\n"
      "write it like the CSV.\n\n"
      "Examples:\n"
      "  abp export --sqlite books.db data/author_book_publisher.csv\n"
      "  abp report books.db\n"
      "  sqlite3 books.db 'SELECT count(*) FROM book'\n\n"
      "FILE defaults to $ABP_FILE, else {}.\n\n{}",
      kDefaultDataFile, kExitCodes));

  ServeCommandOptions serve_options;
  std::string serve_lock_timeout;
  CLI::App* serve_cmd = add_serve_command(app, serve_options, serve_lock_timeout);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return Finished{ExitCode::kOk, app.help()};  // the help of the command named, if any
  } catch (const CLI::CallForAllHelp&) {
    return Finished{ExitCode::kOk, app.help("", CLI::AppFormatMode::All)};
  } catch (const CLI::CallForVersion& e) {
    return Finished{ExitCode::kOk, fmt::format("abp {}\n", e.what())};
  } catch (const CLI::ParseError& e) {
    throw usage_error(app, e);
  }

  if (report_cmd->parsed()) {
    check_given_input_flags(*report_cmd, report_lock_timeout, report.input);
    report.render = render_options(report_output, *report_cmd, true);
    return report;
  }
  if (serve_cmd->parsed()) {
    check_given_input_flags(*serve_cmd, serve_lock_timeout, serve_options.input);
    return serve_options;
  }
  if (export_cmd->parsed()) {
    check_given_input_flags(*export_cmd, export_lock_timeout, export_options.input);
    return export_options;
  }
  check_given_input_flags(*add_cmd, add_lock_timeout, add.input);
  add.render = render_options(add_output, *add_cmd, false);
  return add;
}

}  // namespace abp
