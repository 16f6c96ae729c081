#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "abp/cli/command.hpp"
#include "abp/core/columns.hpp"
#include "abp/core/error.hpp"
#include "abp/core/fact_filter.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/terminal.hpp"
#include "abp/report/render.hpp"

namespace CLI {
class App;  // CLI11 is included by src/cli/*.cpp only, so main.cpp never sees it
class Validator;
}  // namespace CLI

// The flags several commands share, declared once on a command's CLI11 subcommand and bound
// to plain structs, and the small pieces of CLI11 wiring the commands share.
namespace abp {

/// The catalogue file used when none is named: $ABP_FILE, else this path.
inline constexpr const char* kDefaultDataFile = "data/author_book_publisher.csv";

/// How to read a catalogue (SPEC §2): the input flags of every command that reads one.
struct InputFlags {
  std::string delimiter;  // empty: by the file name (SPEC §2)
  std::string encoding;   // empty: UTF-8 as it is
  ColumnFlags columns;
  bool skip_bad_rows = false;
  std::string split_authors;
  double lock_timeout_seconds = 10;
};

/// How to write a report (SPEC §3-4): the output flags.
struct OutputFlags {
  Format format = Format::kText;
  std::vector<std::string> sections;  // empty: every section (ndjson: the tree)
  bool ascii = false;
  bool ascending = false;
  bool bars = false;
  std::size_t top = SIZE_MAX;
  ColorWhen color = ColorWhen::kAuto;
};

/// Which output flags a command takes: all of them, or (for a command that prints the tree
/// after a change) only --format, --ascii and --color.
enum class OutputFlagSet { kReport, kTree };

/// Declares the optional positional FILE on `command`, bound to `file`: the catalogue to read,
/// `-` for standard input; an empty name is refused (64) rather than read as "the default".
void add_file_argument(CLI::App& command, std::string& file, const std::string& description);

/// Declares the input flags (--delimiter, --encoding, the column flags, --skip-bad-rows,
/// --split-authors, --lock-timeout) on `command`, bound to `flags`. Values are checked while
/// the command line is parsed, before any file is opened.
void add_input_flags(CLI::App& command, InputFlags& flags);

/// Declares --lock-timeout SECONDS (a number, 0 or more; default 10), bound to `seconds`: how
/// long to wait for another abp's lock on the file. add_input_flags() declares it too.
void add_lock_timeout(CLI::App& command, double& seconds);

/// Declares --format FORMAT on `command`, bound to `format`, taking only the format `names`
/// given (text first); any other name is refused suggesting the nearest.
void add_format_flag(CLI::App& command, Format& format, const std::vector<std::string>& names);

/// Returns the words that give the input flags of `flags` that differ from their defaults
/// (e.g. `--delimiter ;`), for a command abp prints for the user to run on the same file.
std::vector<std::string> input_flag_words(const InputFlags& flags);

/// Declares the output flags of `set` on `command`, bound to `flags`.
void add_output_flags(CLI::App& command, OutputFlags& flags, OutputFlagSet set);

/// Which filter flags a command takes: the texts, or the texts and --fold.
enum class FilterFlagSet { kTexts, kWithFold };

/// Declares --author, --title, --publisher TEXT (and --fold for kWithFold) on `command`,
/// bound to `filter` (SPEC §7). A TEXT that is not UTF-8 is refused while parsing.
void add_filter_flags(CLI::App& command, FactFilter& filter, FilterFlagSet set);

/// Returns how to write the report the output flags ask for; Error(kUsage) for a combination
/// that cannot be written (SPEC §4: csv, tsv and ndjson take one section; --bars goes with
/// text). The bar width is standard output's terminal width, else 80.
RenderOptions render_options(const OutputFlags& flags);

/// Returns `error`, from working on the file resolve_data_file(`given`) named, with a hint
/// when that file is the default (no name given, $ABP_FILE unset) and is missing: that the
/// default is relative to the current folder, and to name one with `how_to_name` (FILE,
/// --file) or $ABP_FILE. Any other error comes back as it was.
Error explain_default_file(const Error& error, const std::string& given,
                           const std::string& how_to_name);

/// Returns `given` when non-empty, else $ABP_FILE when set and non-empty, else the default.
std::string resolve_data_file(const std::string& given);

/// Runs `run` with the catalogue that `given` names (resolve_data_file); an error it throws
/// about the file comes out as explain_default_file explains it, naming the file the way
/// `how_to_name` says (FILE, --file). What every command on a catalogue file does.
template <typename Run>
void with_catalogue_file(const std::string& given, Run&& run, const char* how_to_name = "FILE") {
  try {
    run(resolve_data_file(given));
  } catch (const Error& e) {
    throw explain_default_file(e, given, how_to_name);
  }
}

/// Returns how to read the catalogue at `path` (its delimiter follows its name, SPEC §2).
LoadOptions load_options(const std::string& path, const InputFlags& flags);

/// Declares FILE, the catalogue file or abp database a command reads (- for standard input).
void add_catalogue_argument(CLI::App& command, std::string& file);

/// Reads the catalogue at `path` into memory: a CSV (or `-`) as `flags` say, with a progress
/// line on a terminal and a note when --skip-bad-rows left records out; an abp database by SQL
/// (its facts, each once; the CSV flags do not apply to it). `row_counts` says how the
/// catalogue will be finished: without row counts, a fact stated again is kept once.
/// Throws abp::Error.
CatalogueBuilder read_into_memory(const std::string& path, const InputFlags& flags,
                                  const Notes& notes, RowCounts row_counts);

/// Tells the user, when --skip-bad-rows left records out of `file`, how many and where.
void note_skipped(const Notes& notes, const std::string& file, const SkippedRecords& skipped);

/// Returns a command's help footer: `text` (examples, what FILE defaults to), then the exit
/// codes, which end every help text.
std::string help_footer(const std::string& text);

/// The message for a refused value, given the value as typed.
using Refusal = std::function<std::string(const std::string& value)>;

/// Returns a CLI11 validator that checks a value with CLI11's `check` (which may also convert
/// it, like CheckedTransformer) and, when `check` refuses it, ends the parse with
/// Error(kUsage, refusal(value)). CLI11 would word the refusal itself ("--top: Value -1 not in
/// range ..."); abp's messages say what the option takes and name the command. Use it with
/// Option::transform() when `check` converts, else with Option::check().
CLI::Validator refuse_with(CLI::Validator check, Refusal refusal);

/// Returns a validator that refuses an empty value (most often an unset "$VAR", which taken
/// for "not given" would quietly use a default): "abp CMD: OPTION takes WHAT (got '')".
CLI::Validator non_empty(const CLI::App& command, const std::string& option,
                         const std::string& what);

/// Returns a validator for the name of a file abp writes: refuses an empty name and `-`,
/// which is standard input where a file is read.
CLI::Validator file_to_write(const CLI::App& command, const std::string& option);

/// Returns a CLI11 validator that runs an abp check on a value; the check throws abp::Error.
CLI::Validator checked_by(std::function<void(const std::string& value)> check);

/// Returns "a", "a or b", "a, b or c".
std::string list_with_or(const std::vector<std::string>& words);

/// Returns abp's usage error for CLI11's ExcludesError on `command`: the option given, those
/// it cannot be combined with, and why.
Error excludes_error(const CLI::App& command);

}  // namespace abp
