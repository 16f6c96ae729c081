#pragma once

#include <string>
#include <variant>

#include "abp/cli/cmd.hpp"
#include "abp/core/error.hpp"

namespace abp {

/// What the command line asked for: a report, an add, an export, or only text to print
/// (help or version) and an exit code.
struct Finished {
  ExitCode code;
  std::string text;  // for standard output
};
using Invocation =
    std::variant<ReportOptions, AddOptions, ExportOptions, ServeCommandOptions, Finished>;

/// Parses argv with CLI11 into plain option structs. Help and --version come back as
/// Finished{kOk, text}, for main to write like any output (a closed pipe is quiet, a full disk
/// is 74); every other problem throws Error(kUsage), never a CLI11 exit code.
Invocation parse_command_line(int argc, const char* const* argv);

}  // namespace abp
