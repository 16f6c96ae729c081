#include "abp/cli/usage_error.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/cli/flags.hpp"
#include "abp/core/text.hpp"

namespace abp {
namespace {

std::string command_name(const CLI::App& app, const CLI::App& command) {
  return &command == &app ? std::string("abp") : fmt::format("abp {}", command.get_name());
}

// The long option names of `command`, without their leading dashes.
std::vector<std::string> long_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  }
  return names;
}

// The commands a person is told about: all but those the help leaves out (no group).
std::vector<const CLI::App*> listed_commands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* command) { return !command->get_group().empty(); });
}

// The names of the commands, in the order of the command table.
std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : listed_commands(app)) names.push_back(command->get_name());
  return names;
}

// How a command is called, from its declaration: "abp export --sqlite OUT.db [FILE]".
std::string synopsis(const CLI::App& command) {
  std::string text = "abp " + command.get_name();
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_required() && !option->get_positional()) {
      text += fmt::format(" {} {}", option->get_name(), option->get_type_name());
    }
  }
  for (const CLI::Option* option : command.get_options()) {
    if (!option->get_positional()) continue;
    text += option->get_required() ? fmt::format(" {}", option->get_name())
                                   : fmt::format(" [{}]", option->get_name());
  }
  return text;
}

// The option of `command` that the command-line word `word` names ("--top", "--top=5", "-h").
const CLI::Option* option_named(const CLI::App& command, const std::string& word) {
  if (word.size() < 2 || word[0] != '-') return nullptr;
  const std::string name = word.substr(0, word.find('='));
  for (const CLI::Option* option : command.get_options()) {
    if (option->check_name(name)) return option;
  }
  return nullptr;
}

// CLI11 says "The following arguments were not expected"; name the command and what the user
// probably meant instead: the command an option belongs to, or the nearest option.
Error unexpected_arguments(const CLI::App& app, const CLI::App& command,
                           const std::vector<std::string>& args) {
  const std::string name = command_name(app, command);
  const bool top_level = &command == &app;
  std::vector<std::string> words;    // what is left but CLI11's "--" marker
  std::vector<std::string> options;  // the words before the marker that look like options
  bool after_marker = false;
  for (const std::string& arg : args) {
    if (arg == "--" && !after_marker) {
      after_marker = true;
      continue;
    }
    words.push_back(arg);
    const std::size_t name_at = arg.find_first_not_of('-');
    // "-" is standard input and "---" no option; after "--" nothing is an option
    if (!after_marker && arg[0] == '-' && name_at != std::string::npos && name_at < arg.find('=')) {
      options.push_back(arg);
    }
  }
  if (words.empty()) words.push_back("--");
  for (const std::string& arg : options) {
    const std::string flag = arg.substr(0, arg.find('='));
    const std::string bare = flag.substr(flag.find_first_not_of('-'));
    for (const CLI::App* sub : app.get_subcommands({})) {
      const std::vector<std::string> names = long_names(*sub);
      if (sub == &command || std::find(names.begin(), names.end(), bare) == names.end()) {
        continue;
      }
      return Error(ExitCode::kUsage,
                   top_level
                       ? fmt::format("{} is an option of abp {}: put it after the command "
                                     "(abp {} {} ...); see abp --help",
                                     flag, sub->get_name(), sub->get_name(), flag)
                       : fmt::format("{}: {} is an option of abp {}, not of {}; see {} --help",
                                     name, flag, sub->get_name(), name, name));
    }
    if (!top_level) {
      const std::vector<std::string> own = long_names(app);
      if (std::find(own.begin(), own.end(), bare) != own.end()) {
        return Error(ExitCode::kUsage,
                     fmt::format("{}: {} goes before the command (abp {}); see abp --help", name,
                                 flag, flag));
      }
    }
    // Matched without the dashes, which would make every long option look alike.
    std::string near = closest_match(bare, long_names(command));
    if (!near.empty()) near = fmt::format(" (did you mean --{}?)", near);
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (!top_level || !near.empty()) break;
      const std::string other = closest_match(bare, long_names(*sub));
      if (!other.empty())
        near = fmt::format(" (did you mean abp {} --{}?)", sub->get_name(), other);
    }
    return Error(ExitCode::kUsage, fmt::format("{}unknown option {}{}; see {} --help",
                                               top_level ? "" : name + ": ", flag, near, name));
  }
  if (top_level) return unknown_command(app, words.front());
  return Error(ExitCode::kUsage,
               fmt::format("{}: unexpected argument{} {}; see {} --help", name,
                           words.size() == 1 ? "" : "s", fmt::join(words, " "), name));
}

// The option that ran out of words for its value (CLI11's ArgumentMismatch while parsing):
// the last word of the line, as CLI11 gives an option every word that follows it.
Error missing_value(const CLI::App& app, const CLI::App& command,
                    const std::vector<std::string>& args) {
  const std::string name = command_name(app, command);
  const CLI::Option* option = args.empty() ? nullptr : option_named(command, args.back());
  if (option == nullptr) {
    return Error(ExitCode::kUsage,
                 fmt::format("{}: an option needs a value; see {} --help", name, name));
  }
  return Error(ExitCode::kUsage,
               fmt::format("{}: {} needs a value; see {} --help", name, option->get_name(), name));
}

// A flag given a value (--skip-bad-rows=banana): the first word of the line that does.
Error flag_with_value(const CLI::App& app, const CLI::App& command,
                      const std::vector<std::string>& args) {
  const std::string name = command_name(app, command);
  for (const std::string& arg : args) {
    if (arg == "--") break;
    const CLI::Option* option = option_named(command, arg);
    if (option != nullptr && option->get_items_expected_max() == 0 &&
        arg.find('=') != std::string::npos) {
      return Error(ExitCode::kUsage,
                   fmt::format("{}: {} is a flag and takes no value; see {} --help", name,
                               option->get_name(), name));
    }
  }
  return Error(ExitCode::kUsage,
               fmt::format("{}: a flag takes no value; see {} --help", name, name));
}

}  // namespace

Error unknown_command(const CLI::App& app, const std::string& word) {
  const std::vector<std::string> names = command_names(app);
  const std::string near = closest_match(word, names);
  return Error(ExitCode::kUsage,
               fmt::format("unknown command '{}'{}; see abp --help", word,
                           near.empty() ? ": use " + list_with_or(names)
                                        : fmt::format(" (did you mean {}?)", near)));
}

Error usage_error(const CLI::App& app, const CLI::ParseError& error,
                  const std::vector<std::string>& args) {
  // Words CLI11 could not place come first, whatever else went wrong: they are the likeliest
  // cause (a mistyped option makes its value a stray argument).
  if (!app.remaining().empty()) return unexpected_arguments(app, app, app.remaining());
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  if (chosen.empty()) {
    std::vector<std::string> calls;
    for (const CLI::App* command : listed_commands(app)) calls.push_back(synopsis(*command));
    return Error(ExitCode::kUsage,
                 fmt::format("name a command: {} (see abp --help)", list_with_or(calls)));
  }
  const CLI::App& command = *chosen.front();
  const std::string name = command_name(app, command);
  if (!command.remaining().empty()) return unexpected_arguments(app, command, command.remaining());
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    return missing_value(app, command, args);
  }
  if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr) {
    // Values are converted by abp's checks (flags.cpp); CLI11 converts only flags.
    return flag_with_value(app, command, args);
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&error) != nullptr) return excludes_error(command);
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    for (const CLI::Option* option : command.get_options()) {
      if (option->get_required() && option->count() == 0) {
        return Error(ExitCode::kUsage, fmt::format("{}: {} is required; see {} --help", name,
                                                   option->get_name(), name));
      }
    }
  }
  // Nothing above: CLI11's own words are the best there are.
  return Error(ExitCode::kUsage, fmt::format("{}: {}; see {} --help", name, error.what(), name));
}

}  // namespace abp
