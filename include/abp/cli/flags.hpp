#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "abp/cli/command.hpp"
#include "abp/core/columns.hpp"
#include "abp/core/error.hpp"
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

/// Declares the input flags (--delimiter, --encoding, the column flags, --skip-bad-rows,
/// --split-authors, --lock-timeout) on `command`, bound to `flags`. Values are checked while
/// the command line is parsed, before any file is opened.
void add_input_flags(CLI::App& command, InputFlags& flags);

/// Declares --lock-timeout SECONDS (a number, 0 or more; default 10), bound to `seconds`: how
/// long to wait for another abp's lock on the file. add_input_flags() declares it too.
void add_lock_timeout(CLI::App& command, double& seconds);

/// Declares the output flags of `set` on `command`, bound to `flags`.
void add_output_flags(CLI::App& command, OutputFlags& flags, OutputFlagSet set);

/// Returns how to write the report the output flags ask for; Error(kUsage) for a combination
/// that cannot be written (SPEC §4: csv, tsv and ndjson take one section; --bars goes with
/// text). The bar width is standard output's terminal width, else 80.
RenderOptions render_options(const OutputFlags& flags);

/// Returns `given` when non-empty, else $ABP_FILE when set and non-empty, else the default.
std::string resolve_data_file(const std::string& given);

/// Returns how to read the catalogue at `path` (its delimiter follows its name, SPEC §2).
LoadOptions load_options(const std::string& path, const InputFlags& flags);

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

/// Returns a CLI11 validator that runs an abp check on a value; the check throws abp::Error.
CLI::Validator checked_by(std::function<void(const std::string& value)> check);

/// Returns "a", "a or b", "a, b or c".
std::string list_with_or(const std::vector<std::string>& words);

/// Returns abp's usage error for CLI11's ExcludesError on `command`: the option given, those
/// it cannot be combined with, and why.
Error excludes_error(const CLI::App& command);

}  // namespace abp
