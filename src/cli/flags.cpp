#include "abp/cli/flags.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/text.hpp"
#include "abp/io/csv_reader.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/terminal.hpp"

namespace abp {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 ok (also when a pipe closes early), 64 bad command line, 65 bad data,\n"
    "66 input missing or unreadable, 73 cannot create or write the file, 74 I/O error,\n"
    "75 file locked (try again).";

const std::vector<std::pair<std::string, Format>> kFormats = {
    {"text", Format::kText}, {"csv", Format::kCsv},       {"tsv", Format::kTsv},
    {"json", Format::kJson}, {"ndjson", Format::kNdjson}, {"html", Format::kHtml}};
const std::vector<std::string> kSections = {"books", "authors", "tree"};
const std::vector<std::pair<std::string, ColorWhen>> kColorChoices = {
    {"auto", ColorWhen::kAuto}, {"always", ColorWhen::kAlways}, {"never", ColorWhen::kNever}};

// Why an option excludes others (SPEC §2), by the option's long name; see excludes_error().
const std::map<std::string, std::string> kWhyExcluded = {
    {"author-column", "name one author column, or the two name parts"}};

template <typename Value>
std::vector<std::string> names_of(const std::vector<std::pair<std::string, Value>>& choices) {
  std::vector<std::string> names;
  for (const auto& choice : choices) names.push_back(choice.first);
  return names;
}

// "unknown --format 'jsn': use text, csv, tsv, json or ndjson; did you mean 'json'?"
Refusal unknown_value(std::string option, std::vector<std::string> names) {
  return [option = std::move(option), names = std::move(names)](const std::string& value) {
    const std::string near = closest_match(value, names);
    return fmt::format("unknown {} '{}': use {}{}", option, value, list_with_or(names),
                       near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near));
  };
}

// "abp report: --top takes a whole number, 0 or more (got '1.5')"
Refusal takes(const CLI::App& command, std::string option, std::string what) {
  return [name = "abp " + command.get_name(), option = std::move(option),
          what = std::move(what)](const std::string& value) {
    return fmt::format("{}: {} takes {} (got '{}')", name, option, what, value);
  };
}

// --top: CLI11 reads an unsigned number with strtoull in base 0 ("010" is 8, "-1" wraps to
// 2^64-1) and has no rule for one too large to hold, which keeps every line (README). So the
// digits are checked here and handed on in plain decimal, at most SIZE_MAX.
const CLI::Validator kWholeNumber(
    [](std::string& text) {
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::string("not a whole number");
      }
      const std::size_t digits = text.find_first_not_of('0');
      text = digits == std::string::npos ? "0" : text.substr(digits);
      const std::string most = std::to_string(SIZE_MAX);
      if (text.size() > most.size() || (text.size() == most.size() && text > most)) text = most;
      return std::string();
    },
    "");

// --lock-timeout: CLI11's NonNegativeNumber reads with strtold, which also takes hex, inf and
// nan, none of which is a timeout a person means.
const CLI::Validator kDecimal(
    [](std::string& text) {
      return text.find_first_not_of("0123456789.eE+-") == std::string::npos
                 ? std::string()
                 : std::string("not a decimal number");
    },
    "");

Sections sections_named(const std::vector<std::string>& names) {
  if (names.empty()) return Sections{};
  Sections sections{false, false, false};
  for (const std::string& name : names) {
    if (name == "books") sections.books = true;
    if (name == "authors") sections.authors = true;
    if (name == "tree") sections.tree = true;
  }
  return sections;
}

}  // namespace

CLI::Validator refuse_with(CLI::Validator check, Refusal refusal) {
  return CLI::Validator(
      [check = std::move(check), refusal = std::move(refusal)](std::string& value) {
        const std::string given = value;
        if (!check(value).empty()) throw Error(ExitCode::kUsage, refusal(given));
        return std::string();
      },
      "");  // no description: the help shows the option's own type name
}

CLI::Validator checked_by(std::function<void(const std::string& value)> check) {
  return CLI::Validator(
      [check = std::move(check)](std::string& value) {
        check(value);
        return std::string();
      },
      "");
}

void add_lock_timeout(CLI::App& command, double& seconds) {
  command
      .add_option("--lock-timeout", seconds,
                  "Seconds to wait for another abp's lock on the file (default: 10)")
      ->type_name("SECONDS")
      ->check(refuse_with(kDecimal & CLI::NonNegativeNumber,
                          takes(command, "--lock-timeout", "a number of seconds, 0 or more")));
}

void add_input_flags(CLI::App& command, InputFlags& flags) {
  command
      .add_option("--delimiter", flags.delimiter,
                  "Field separator, one ASCII character or \\t (default , or tab for .tsv)")
      ->type_name("C")
      ->check(checked_by([](const std::string& value) { delimiter_from_flag(value); }));
  command
      .add_option("--encoding", flags.encoding,
                  "Convert the input from this encoding (latin1, cp1252, utf-16, ...)")
      ->type_name("NAME")
      ->check(checked_by(check_encoding_name));
  CLI::Option* author =
      command
          .add_option("--author-column", flags.columns.author,
                      "Whole-name author column (default: author, authors or author_name)")
          ->type_name("COLUMN");
  CLI::Option* first_name = command
                                .add_option("--first-name-column", flags.columns.first_name,
                                            "First-name column (default: first_name)")
                                ->type_name("COLUMN");
  CLI::Option* last_name = command
                               .add_option("--last-name-column", flags.columns.last_name,
                                           "Last-name column (default: last_name)")
                               ->type_name("COLUMN");
  // SPEC §2: one whole-name author column, or the two name parts. The option text keeps
  // CLI11's "Excludes: ..." out of the help, whose lines the golden cases pin.
  author->excludes(first_name)->excludes(last_name);
  for (CLI::Option* option : {author, first_name, last_name}) option->option_text("COLUMN");
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
  add_lock_timeout(command, flags.lock_timeout_seconds);
}

void add_output_flags(CLI::App& command, OutputFlags& flags, OutputFlagSet set) {
  command
      .add_option("--format", flags.format, "Output: text (default), csv, tsv, json, ndjson, html")
      ->type_name("FORMAT")
      // CheckedTransformer also takes the values it maps to ("3" for json): names only.
      ->transform(refuse_with(CLI::IsMember(names_of(kFormats)) & CLI::CheckedTransformer(kFormats),
                              unknown_value("--format", names_of(kFormats))));
  command.add_flag("--ascii", flags.ascii, "Draw the tree and bars with ASCII only");
  command
      .add_option("--color", flags.color,
                  "Text in colour: auto (default: on a terminal, see NO_COLOR), always, never")
      ->type_name("WHEN")
      ->transform(refuse_with(
          CLI::IsMember(names_of(kColorChoices)) & CLI::CheckedTransformer(kColorChoices),
          unknown_value("--color", names_of(kColorChoices))));
  if (set == OutputFlagSet::kTree) {
    flags.sections = {"tree"};
    return;
  }
  // One value per --section, which may be a list (a,b): without allow_extra_args(false)
  // CLI11 lets a vector option swallow the FILE that follows it.
  command
      .add_option("--section", flags.sections,
                  "Print only these sections: books, authors, tree (repeat, or a,b)")
      ->type_name("SECTION")
      ->expected(1)
      ->allow_extra_args(false)
      ->delimiter(',')
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check(refuse_with(CLI::IsMember(kSections), unknown_value("--section", kSections)));
  command.add_flag("--ascending", flags.ascending,
                   "Sort the count sections by (count, name) ascending");
  command.add_option("--top", flags.top, "Keep the first N lines of each count section")
      ->type_name("N")
      ->transform(refuse_with(kWholeNumber, takes(command, "--top", "a whole number, 0 or more")));
  command.add_flag("--bars", flags.bars,
                   "Text: draw a bar after each count, scaled to the largest");
}

RenderOptions render_options(const OutputFlags& flags) {
  RenderOptions options;
  options.format = flags.format;
  options.sections = sections_named(flags.sections);
  options.order = flags.ascending ? SortOrder::kAscending : SortOrder::kDescending;
  options.style = flags.ascii ? TreeStyle::kAscii : TreeStyle::kUnicode;
  options.top = flags.top;
  options.bars = flags.bars;
  // Colour is for people reading text; csv, json and the rest are read by programs.
  options.color = flags.format == Format::kText && color_wanted(flags.color, STDOUT_FILENO);
  const std::size_t columns = terminal_columns(STDOUT_FILENO);
  options.width = columns > 0 ? columns : 80;
  return validate_render_options(options, !flags.sections.empty());
}

std::string resolve_data_file(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("ABP_FILE");
  if (env != nullptr && *env != '\0') return env;
  return kDefaultDataFile;
}

LoadOptions load_options(const std::string& path, const InputFlags& flags) {
  return LoadOptions{dialect_for(path, flags.delimiter), flags.encoding, flags.columns,
                     flags.skip_bad_rows, flags.split_authors};
}

void note_skipped(const Notes& notes, const std::string& file, const SkippedRecords& skipped) {
  for (const std::string& note : skipped.notes()) notes(fmt::format("{}: {}", file, note));
}

std::string help_footer(const std::string& text) {
  return fmt::format("{}\n\n{}", text, kExitCodes);
}

std::string list_with_or(const std::vector<std::string>& words) {
  if (words.size() < 2) return words.empty() ? std::string() : words.front();
  return fmt::format("{} or {}", fmt::join(words.begin(), words.end() - 1, ", "), words.back());
}

Error excludes_error(const CLI::App& command) {
  // CLI11 says "--author-column excludes --last-name-column"; abp names every option the
  // given one excludes, in the order of the help, and why.
  const std::vector<const CLI::Option*> options = command.get_options();
  auto position = [&](const CLI::Option* option) {
    return std::find(options.begin(), options.end(), option) - options.begin();
  };
  for (const CLI::Option* given : options) {
    const std::set<CLI::Option*> excludes = given->get_excludes();  // a copy
    std::vector<const CLI::Option*> excluded(excludes.begin(), excludes.end());
    const bool clash = std::any_of(excluded.begin(), excluded.end(),
                                   [](const CLI::Option* other) { return other->count() > 0; });
    if (given->count() == 0 || !clash) continue;
    std::sort(excluded.begin(), excluded.end(), [&](const CLI::Option* a, const CLI::Option* b) {
      return position(a) < position(b);
    });
    std::vector<std::string> names;
    for (const CLI::Option* other : excluded) names.push_back(other->get_name());
    const auto why = kWhyExcluded.find(given->get_lnames().front());
    return Error(
        ExitCode::kUsage,
        fmt::format("{} cannot be combined with {}{}", given->get_name(), list_with_or(names),
                    why == kWhyExcluded.end() ? std::string() : ": " + why->second));
  }
  return Error(ExitCode::kUsage,
               fmt::format("abp {}: options that exclude each other; see abp {} --help",
                           command.get_name(), command.get_name()));
}

}  // namespace abp
