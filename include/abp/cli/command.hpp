#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "abp/io/output.hpp"

namespace CLI {
class App;  // only src/cli/ sees CLI11; main names the commands through this header
}  // namespace CLI

namespace abp {

/// Where a note for the user goes (stderr in the program, a string in tests).
using Notes = std::function<void(std::string_view)>;

/// What a command writes to: standard output, and notes for standard error.
struct Console {
  Output& out;
  Notes notes;
};

/// What the parsed command line asks for: run a command, or print a help or version text.
/// Throws abp::Error.
using Run = std::function<void(Console& console)>;

/// One row of the command table: a command's name, its line in `abp --help`, and its setup
/// and run, in CLI11's `subcom_in_files` shape: `setup` binds the command's arguments and
/// options to a plain options struct, and `run` does the work from that struct once the
/// command line is parsed (src/cli/NAME.cpp holds both).
struct Command {
  template <typename Options>
  Command(std::string command_name, std::string command_summary, void (*setup)(CLI::App&, Options&),
          void (*run)(const Options&, Console&))
      : name(std::move(command_name)),
        summary(std::move(command_summary)),
        declare([setup, run](CLI::App& sub) -> Run {
          // Shared: CLI11 writes into it during the parse, the Run reads it after.
          auto options = std::make_shared<Options>();
          setup(sub, *options);
          return [options, run](Console& console) { run(*options, console); };
        }) {}

  std::string name;
  std::string summary;
  /// Declares the command's arguments and options on `sub` (its CLI11 subcommand) and
  /// returns what runs it once they are parsed.
  std::function<Run(CLI::App& sub)> declare;
};

/// Writes `prefix` and `message` as one line on standard error, with one write(2) so that it
/// is never interleaved with another process's line, and control characters escaped.
void print_line_to_stderr(std::string_view prefix, std::string_view message);

/// Parses argv with CLI11 against the command table. Returns what to run: the command named,
/// or for -h/--help and -V/--version a Run that prints the text on standard output (exit 0; a
/// closed pipe is as quiet as for a report). Every other problem throws Error(kUsage) naming
/// the command and what to do, never a CLI11 exit code.
Run parse_command_line(int argc, const char* const* argv, const std::vector<Command>& commands);

}  // namespace abp
