#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace abp {

/// Returns the width in columns of the terminal open on `fd`, or 0 when `fd` is not a
/// terminal (or the terminal does not say).
std::size_t terminal_columns(int fd);

/// Returns whether `fd` is open on a terminal.
bool is_terminal(int fd);

/// When to colour text output: `--color auto|always|never`.
enum class ColorWhen { kAuto, kAlways, kNever };

/// Looks an environment variable up: its value, or nullptr when it is not set.
using EnvLookup = std::function<const char*(const char* name)>;

/// Returns whether to colour output: `always` and `never` as they say; `auto` as the usual
/// conventions say, first that applies: NO_COLOR set and not empty (no-color.org) -> no;
/// CLICOLOR_FORCE set, not empty and not "0" (bixense.com/clicolors) -> yes; CLICOLOR "0" ->
/// no; TERM "dumb" -> no; else yes exactly when the output `is_terminal`.
bool color_wanted(ColorWhen when, bool is_terminal, const EnvLookup& env);

/// Returns color_wanted() for output to `fd`, from the process's environment.
bool color_wanted(ColorWhen when, int fd);

/// Returns how many terminal columns `text` (UTF-8) takes: two for East Asian wide and
/// full-width characters and most emoji, none for combining marks, zero-width characters,
/// variation selectors and escape sequences (ESC [ ... final byte: colours), one for
/// everything else. A fixed table, so the answer does not depend on the locale; good enough
/// to line bars up, not a full wcwidth.
std::size_t display_width(std::string_view text);

}  // namespace abp
