#pragma once

#include <variant>

#include "abp/cmd.hpp"
#include "abp/error.hpp"

namespace abp {

/// What the command line asked for: a report, an add, an export, or nothing more to do (help
/// or version was printed) with an exit code.
struct Finished {
  ExitCode code;
};
using Invocation = std::variant<ReportOptions, AddOptions, ExportOptions, Finished>;

/// Parses argv with CLI11 into plain option structs. Help and --version are printed to stdout
/// here (Finished{kOk}); every other problem throws Error(kUsage), never a CLI11 exit code.
Invocation parse_command_line(int argc, const char* const* argv);

}  // namespace abp
