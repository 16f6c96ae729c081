#pragma once

#include <string>
#include <vector>

#include "abp/core/error.hpp"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace abp {

/// Returns abp's usage error (64) for the CLI11 parse error `error` that `app` threw on the
/// command line `args` (argv without the program name): one line naming the command, what
/// went wrong and what to do; never CLI11's own text where abp can say it better. Chosen by
/// the error's type and the parsed state of `app` (commands and options given, words left
/// over), never by reading CLI11's English message.
Error usage_error(const CLI::App& app, const CLI::ParseError& error,
                  const std::vector<std::string>& args);

/// Returns the error for words that name no command: "unknown command 'X' (did you mean
/// Y?)", the names coming from `app`'s commands.
Error unknown_command(const CLI::App& app, const std::string& word);

}  // namespace abp
