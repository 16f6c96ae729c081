#include "abp/cli.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "abp/text.hpp"

namespace abp {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 ok (also when a pipe closes early), 64 bad command line, 65 bad data,\n"
    "66 input missing or unreadable, 73 cannot create or write the file, 74 I/O error,\n"
    "75 file locked (try again).";

// Flags spelled the same on every command that reads a catalogue.
struct OutputFlags {
  std::string format = "text";
  std::vector<std::string> sections;
  bool ascii = false;
  bool ascending = false;
  bool bars = false;
  std::size_t top = 0;
};

void add_file_argument(CLI::App& command, std::string& file, const char* what) {
  command.add_option("FILE", file,
                     fmt::format("{}, - for standard input (default: $ABP_FILE, else {})", what,
                                 kDefaultDataFile));
}

void add_input_flags(CLI::App& command, InputFlags& flags) {
  command.add_option("--delimiter", flags.delimiter,
                     "Field separator: one ASCII character, or \\t (default: , or tab for .tsv)");
  command.add_option("--encoding", flags.encoding,
                     "Convert the input from this encoding first (latin1, cp1252, utf-16, ...)");
  command.add_option("--author-column", flags.columns.author,
                     "Column holding the whole author name (default: author, authors, "
                     "author_name)");
  command.add_option("--first-name-column", flags.columns.first_name,
                     "Column holding the author's first name (default: first_name)");
  command.add_option("--last-name-column", flags.columns.last_name,
                     "Column holding the author's last name (default: last_name)");
  command.add_option("--title-column", flags.columns.title,
                     "Column holding the title (default: title)");
  command.add_option("--publisher-column", flags.columns.publisher,
                     "Column holding the publisher (default: publisher)");
  command.add_flag("--skip-bad-rows", flags.skip_bad_rows,
                   "Leave out records whose field count differs from the header's (and say so)");
  command.add_option("--split-authors", flags.split_authors,
                     "Split the author value at SEP: each part counts as an author (e.g. ' & ')");
  command.add_option("--lock-timeout", flags.lock_timeout_seconds,
                     "Seconds to wait for another abp's lock on the file (default: 10)");
}

void add_output_flags(CLI::App& command, OutputFlags& flags, bool report) {
  command.add_option("--format", flags.format, "Output: text (default), csv, tsv, json, ndjson");
  command.add_flag("--ascii", flags.ascii, "Draw the tree with ASCII instead of box drawing");
  if (!report) return;
  command
      .add_option("--section", flags.sections,
                  "Print only these sections: books, authors, tree (repeat, or a,b)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_flag("--ascending", flags.ascending,
                   "Sort the count sections by (count, name) ascending");
  command.add_option("--top", flags.top, "Keep the first N lines of each count section");
  command.add_flag("--bars", flags.bars, "Text: draw a bar after each count");
}

std::size_t terminal_width() {
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  return 80;
}

RenderOptions render_options(const OutputFlags& flags, bool report) {
  RenderOptions options;
  options.format = parse_format(flags.format);
  options.sections = report ? parse_sections(flags.sections) : Sections{false, false, true};
  options.order = flags.ascending ? SortOrder::kAscending : SortOrder::kDescending;
  options.style = flags.ascii ? TreeStyle::kAscii : TreeStyle::kUnicode;
  options.top = flags.top;
  options.bars = flags.bars;
  options.width = terminal_width();
  return validate_render_options(options, !flags.sections.empty() || !report);
}

// CLI11 says "The following arguments were not expected"; name the command and the option
// the user probably meant instead.
std::string unexpected_arguments(const CLI::App& app, const CLI::App& command,
                                 const std::vector<std::string>& args) {
  std::vector<std::string> known;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) known.push_back("--" + name);
  }
  const std::string name =
      &command == &app ? std::string("abp") : fmt::format("abp {}", command.get_name());
  for (const std::string& arg : args) {
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::string flag = arg.substr(0, arg.find('='));
    const std::string near = closest_match(flag, known);
    return fmt::format("{}: unknown option {}{}; see {} --help", name, flag,
                       near.empty() ? "" : fmt::format(" (did you mean {}?)", near), name);
  }
  return fmt::format("{}: unexpected argument{} {}; see {} --help", name,
                     args.size() == 1 ? "" : "s", fmt::join(args, " "), name);
}

}  // namespace

Invocation parse_command_line(int argc, const char* const* argv) {
  CLI::App app{"abp: how many books and authors each publisher has, and the author -> book -> "
               "publisher tree, straight from a catalogue CSV.",
               "abp"};
  app.set_version_flag("-V,--version", ABP_VERSION_STRING, "Print the version and exit");
  app.require_subcommand(1);
  app.footer(fmt::format("Run 'abp COMMAND --help' for a command's options.\n\n{}", kExitCodes));

  ReportOptions report;
  OutputFlags report_output;
  CLI::App* report_cmd = app.add_subcommand(
      "report", "Print books and authors per publisher and the author -> book -> publisher tree");
  add_file_argument(*report_cmd, report.file,
                    "Catalogue file, or a database abp export made");
  add_input_flags(*report_cmd, report.input);
  add_output_flags(*report_cmd, report_output, true);
  report_cmd->footer(fmt::format(
      "Examples:\n"
      "  abp report data/author_book_publisher.csv\n"
      "  abp report --section books --format tsv big.csv | sort -t$'\\t' -k2 -n | head\n"
      "  abp report --author-column 'Primary Author' --publisher-column Publication "
      "library.tsv\n\n{}",
      kExitCodes));

  AddOptions add;
  OutputFlags add_output;
  CLI::App* add_cmd =
      app.add_subcommand("add", "Append one (author, title, publisher) row, then print the tree");
  add_cmd->add_option("AUTHOR", add.author, "Full name; split at the first space for files with "
                                            "first_name and last_name columns")
      ->required();
  add_cmd->add_option("TITLE", add.title, "Book title")->required();
  add_cmd->add_option("PUBLISHER", add.publisher, "Publisher name")->required();
  add_cmd->add_option("--file", add.file,
                      "Catalogue to add to, CSV or a database abp export made (default: "
                      "$ABP_FILE, else " +
                          std::string(kDefaultDataFile) +
                          "); created if missing (a database when named *.db)");
  add_input_flags(*add_cmd, add.input);
  add_output_flags(*add_cmd, add_output, false);
  add_cmd->footer(fmt::format(
      "Examples:\n"
      "  abp add \"Stephen King\" \"The Stand\" \"Random House\"\n"
      "  abp add --file books.csv -- \"-30-\" \"Headline\" \"Press\"\n"
      "  abp add --file books.db \"Stephen King\" \"The Stand\" \"Random House\"\n\n{}",
      kExitCodes));

  ExportOptions export_options;
  CLI::App* export_cmd = app.add_subcommand(
      "export", "Write the catalogue as a normalised SQLite database (the article's schema)");
  add_file_argument(*export_cmd, export_options.file, "Catalogue file");
  export_cmd->add_option("--sqlite", export_options.sqlite, "The database file to write")
      ->required();
  export_cmd->add_flag("--force", export_options.force, "Replace the database if it exists");
  add_input_flags(*export_cmd, export_options.input);
  export_cmd->footer(fmt::format(
      "The database is written whole or not at all; abp report and abp add --file read and\n"
      "write it like the CSV.\n\n"
      "Examples:\n"
      "  abp export --sqlite books.db data/author_book_publisher.csv\n"
      "  abp report books.db\n"
      "  sqlite3 books.db 'SELECT count(*) FROM book'\n\n{}",
      kExitCodes));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    app.exit(e, std::cout, std::cerr);
    return Finished{ExitCode::kOk};
  } catch (const CLI::CallForAllHelp& e) {
    app.exit(e, std::cout, std::cerr);
    return Finished{ExitCode::kOk};
  } catch (const CLI::CallForVersion& e) {
    std::cout << "abp " << e.what() << '\n';
    return Finished{ExitCode::kOk};
  } catch (const CLI::ExtrasError& e) {
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    const CLI::App& command = chosen.empty() ? app : *chosen.front();
    throw Error(ExitCode::kUsage, unexpected_arguments(app, command, command.remaining()));
  } catch (const CLI::RequiredError& e) {
    if (app.get_subcommands().empty()) {
      throw Error(ExitCode::kUsage,
                  "name a command: abp report [FILE], abp add AUTHOR TITLE PUBLISHER or abp "
                  "export --sqlite OUT.db [FILE] (abp --help)");
    }
    throw Error(ExitCode::kUsage, fmt::format("abp {}: {}; see abp {} --help",
                                              app.get_subcommands().front()->get_name(), e.what(),
                                              app.get_subcommands().front()->get_name()));
  } catch (const CLI::ParseError& e) {
    throw Error(ExitCode::kUsage, fmt::format("{}; see abp --help", e.what()));
  }

  if (report_cmd->parsed()) {
    report.render = render_options(report_output, true);
    return report;
  }
  if (export_cmd->parsed()) return export_options;
  add.render = render_options(add_output, false);
  return add;
}

}  // namespace abp
