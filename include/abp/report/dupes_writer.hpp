#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "abp/core/spellings.hpp"
#include "abp/io/output.hpp"

namespace abp {

/// Writes what `abp dupes` prints (SPEC §7), authors, then publishers, then titles, each in
/// the order find_duplicates() gives.
///
/// Text: one block per group, blocks split by a blank line: a line naming the kind, the key,
/// the number of spellings and of rows; each spelling with its rows; then, for each spelling
/// but the first, the `abp rename` command that merges it into the first, every word
/// shell-quoted. `rename_options` are words placed right after `abp rename` so that the
/// command reads the file dupes read (`--file F`, the input flags given); `--` goes before
/// the values when one begins with `-`. Values are escaped for a terminal (SPEC §4).
void write_duplicates_text(const Duplicates& dupes, const std::vector<std::string>& rename_options,
                           Output& out);

/// JSON, one line: {"authors":[{"key":K,"spellings":[{"value":V,"rows":N}]}],
/// "publishers":[...],"titles":[{"author":A,"key":K,"spellings":[...]}]}.
void write_duplicates_json(const Duplicates& dupes, Output& out);

/// Returns `word` as one word for a POSIX shell: as it is when it holds only characters no
/// shell treats specially, else in single quotes; a word with a control character, a line
/// or paragraph separator or a bidirectional control is written $'...' with those escaped
/// (bash, zsh, ksh), so that printing it can neither break the line nor drive the terminal.
std::string shell_quote(std::string_view word);

}  // namespace abp
