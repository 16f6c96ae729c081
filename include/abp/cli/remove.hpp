#pragma once

#include <string>

#include "abp/cli/command.hpp"
#include "abp/cli/edit_command.hpp"

namespace abp {

/// Everything `abp remove` needs, as parsed.
struct RemoveOptions {
  std::string author;
  std::string title;
  std::string publisher;
  bool has_publisher = false;  // PUBLISHER given (even empty, which is refused)
  EditFlags edit;
};

/// Declares `abp remove AUTHOR TITLE [PUBLISHER]` and its options on `command`.
void setup_remove(CLI::App& command, RemoveOptions& options);

/// Removes every row of the book (author, title), or with PUBLISHER every row of that one
/// fact (SPEC §6), from a CSV or an abp database. Throws abp::Error.
void run_remove(const RemoveOptions& options, Console& console);

}  // namespace abp
