#include "abp/cli/flags.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/text.hpp"
#include "abp/io/csv_reader.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/progress.hpp"
#include "abp/io/terminal.hpp"
#include "abp/store/sqlite_catalogue.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 ok (also when a pipe closes early), 64 bad command line, 65 bad data,\n"
    "66 input missing or unreadable, 70 internal error (a bug: please report it),\n"
    "71 out of memory or threads, 73 cannot create or write the file, 74 I/O error,\n"
    "75 file locked (try again).";

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
      const std::optional<std::size_t> value = whole_number(text);
      if (!value) return std::string("not a whole number");
      text = std::to_string(*value);
      return std::string();
    },
    "");

// An empty value is most often an unset "$VAR"; taken for "not given" it would quietly use a
// default (issue 12.3, 12.18).
const CLI::Validator kNonEmpty(
    [](std::string& text) { return text.empty() ? std::string("empty") : std::string(); }, "");

// --lock-timeout: CLI11's NonNegativeNumber reads with strtold, which also takes hex, inf and
// nan, none of which is a timeout a person means.
const CLI::Validator kDecimal(
    [](std::string& text) {
      return text.find_first_not_of("0123456789.eE+-") == std::string::npos
                 ? std::string()
                 : std::string("not a decimal number");
    },
    "");

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

CLI::Validator non_empty(const CLI::App& command, const std::string& option,
                         const std::string& what) {
  return refuse_with(kNonEmpty, takes(command, option, what));
}

CLI::Validator file_to_write(const CLI::App& command, const std::string& option) {
  const Refusal empty = takes(command, option, "a file name");
  return refuse_with(kNonEmpty & CLI::Validator(
                                     [](std::string& text) {
                                       return text == "-" ? std::string("standard input")
                                                          : std::string();
                                     },
                                     ""),
                     [empty, name = "abp " + command.get_name(), option](const std::string& value) {
                       if (value.empty()) return empty(value);
                       // "-" is standard input where a file is read; a file written needs a name.
                       return fmt::format(
                           "{}: {} - would be standard input, which abp does not "
                           "write; name a file (./- for one called -)",
                           name, option);
                     });
}

void add_file_argument(CLI::App& command, std::string& file, const std::string& description) {
  command.add_option("FILE", file, description)
      ->type_name("")
      ->check(non_empty(command, "FILE", "a file name, or - for standard input"));
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
      ->check(non_empty(command, "--encoding", "an encoding name"))
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
  CLI::Option* title =
      command.add_option("--title-column", flags.columns.title, "Title column (default: title)")
          ->type_name("COLUMN");
  CLI::Option* publisher = command
                               .add_option("--publisher-column", flags.columns.publisher,
                                           "Publisher column (default: publisher)")
                               ->type_name("COLUMN");
  for (CLI::Option* option : {author, first_name, last_name, title, publisher}) {
    option->check(non_empty(command, option->get_name(), "a column name"));
  }
  command.add_flag("--skip-bad-rows", flags.skip_bad_rows,
                   "Leave out records with the wrong number of fields (and say so)");
  command
      .add_option("--split-authors", flags.split_authors,
                  "Split the author value at SEP, each part an author (e.g. ' & ')")
      ->type_name("SEP")
      ->check(non_empty(command, "--split-authors", "a separator"));
  add_lock_timeout(command, flags.lock_timeout_seconds);
}

void add_format_flag(CLI::App& command, Format& format, const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, Format>> formats;
  for (const auto& choice : format_names()) {
    if (std::find(names.begin(), names.end(), choice.first) != names.end()) {
      formats.push_back(choice);
    }
  }
  command
      .add_option("--format", format,
                  fmt::format("Output: text (default), {}",
                              fmt::join(names.begin() + (names.front() == "text" ? 1 : 0),
                                        names.end(), ", ")))
      ->type_name("FORMAT")
      // CheckedTransformer also takes the values it maps to ("3" for json): names only.
      ->transform(refuse_with(CLI::IsMember(names) & CLI::CheckedTransformer(formats),
                              unknown_value("--format", names)));
}

std::vector<std::string> input_flag_words(const InputFlags& flags) {
  std::vector<std::string> words;
  const std::pair<const char*, const std::string*> given[] = {
      {"--delimiter", &flags.delimiter},
      {"--encoding", &flags.encoding},
      {"--author-column", &flags.columns.author},
      {"--first-name-column", &flags.columns.first_name},
      {"--last-name-column", &flags.columns.last_name},
      {"--title-column", &flags.columns.title},
      {"--publisher-column", &flags.columns.publisher},
      {"--split-authors", &flags.split_authors}};
  for (const auto& [flag, value] : given) {
    if (value->empty()) continue;
    words.push_back(flag);
    words.push_back(*value);
  }
  if (flags.skip_bad_rows) words.push_back("--skip-bad-rows");
  return words;
}

void add_output_flags(CLI::App& command, OutputFlags& flags, OutputFlagSet set) {
  add_format_flag(command, flags.format, names_of(format_names()));
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
                  "Print only these sections: books, authors, author-books, tree (repeat, or a,b)")
      ->type_name("SECTION")
      ->expected(1)
      ->allow_extra_args(false)
      ->delimiter(',')
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check(
          refuse_with(CLI::IsMember(section_names()), unknown_value("--section", section_names())));
  command.add_flag("--ascending", flags.ascending,
                   "Sort the count sections by (count, name) ascending");
  command.add_option("--top", flags.top, "Keep the first N lines of each count section")
      ->type_name("N")
      ->transform(refuse_with(kWholeNumber, takes(command, "--top", "a whole number, 0 or more")));
  command.add_flag("--bars", flags.bars,
                   "Text: draw a bar after each count, scaled to the largest");
}

void add_filter_flags(CLI::App& command, FactFilter& filter, FilterFlagSet set) {
  // SPEC §5: a text that is not UTF-8 is refused while parsing, before any file is opened.
  auto utf8 = [name = "abp " + command.get_name()](const char* flag) {
    return checked_by([name, flag](const std::string& value) {
      if (!is_valid_utf8(value)) {
        throw Error(ExitCode::kUsage, fmt::format("{}: {} TEXT is not valid UTF-8", name, flag));
      }
    });
  };
  command
      .add_option("--author", filter.author,
                  "Keep the facts whose author holds TEXT, folded (case, accents, punctuation)")
      ->type_name("TEXT")
      ->check(utf8("--author"));
  command.add_option("--title", filter.title, "Keep the facts whose title holds TEXT, folded")
      ->type_name("TEXT")
      ->check(utf8("--title"));
  command
      .add_option("--publisher", filter.publisher,
                  "Keep the facts whose publisher holds TEXT, folded")
      ->type_name("TEXT")
      ->check(utf8("--publisher"));
  if (set == FilterFlagSet::kWithFold) {
    command.add_flag("--fold", filter.fold,
                     "Count spellings that fold to the same words as one name (TOR = Tor)");
  }
}

RenderOptions render_options(const OutputFlags& flags) {
  RenderOptions options;
  options.format = flags.format;
  options.sections = sections_named(flags.sections).value();  // names checked while parsing
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

void add_catalogue_argument(CLI::App& command, std::string& file) {
  add_file_argument(command, file,
                    "Catalogue file or abp database, - for standard input (default: see below)");
}

CatalogueBuilder read_into_memory(const std::string& path, const InputFlags& flags,
                                  const Notes& notes, RowCounts row_counts) {
  if (path != "-" && is_sqlite_file(path)) {
    return read_database_catalogue(path, flags.lock_timeout_seconds);
  }
  InputFile input(path, flags.lock_timeout_seconds);
  LoadOptions load = load_options(path, flags);
  load.drop_repeated_facts = row_counts == RowCounts::kDrop;
  const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
  load.progress = progress.get();
  Loaded loaded = load_catalogue(input.source(), input.display_name(), load);
  input.close();  // all is read: a paused `abp report | less` must not hold up writers
  if (progress) progress->finish();
  note_skipped(notes, input.display_name(), loaded.skipped);
  return std::move(loaded.catalogue);
}

void note_skipped(const Notes& notes, const std::string& file, const SkippedRecords& skipped) {
  for (const std::string& note : skipped.notes()) notes(fmt::format("{}: {}", file, note));
}

Error explain_default_file(const Error& error, const std::string& given,
                           const std::string& how_to_name) {
  const bool missing_default = given.empty() && resolve_data_file(given) == kDefaultDataFile &&
                               error.file() == kDefaultDataFile &&
                               ::access(kDefaultDataFile, F_OK) != 0 && errno == ENOENT;
  if (!missing_default ||
      (error.code() != ExitCode::kNoInput && error.code() != ExitCode::kCantCreate)) {
    return error;
  }
  // Installed, abp runs far from the checkout whose data/ folder this default names (issue
  // 12.23): say where it looked and how to name another file.
  return Error(error.code(),
               fmt::format("{} (the default catalogue, relative to the current folder; name one "
                           "with {}, or set $ABP_FILE)",
                           error.what(), how_to_name),
               error.file(), error.line());
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
