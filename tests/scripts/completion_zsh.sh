#!/usr/bin/env bash
# The zsh completion (completions/_abp), by the cases of lib/completion_cases.bash, through
# zsh's own completion system: lib/zsh_complete.zsh types each line into an interactive zsh
# on a pseudo-terminal and presses TAB.
# usage: completion_zsh.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
needs zsh
zsh -f -c 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zsh/zpty module"

complete_line() {
  zsh -f "$lib_dir/zsh_complete.zsh" "$source_dir/completions" "$1" ||
    echo "(zsh gave no answer for: $1)"
}

# zsh's _arguments also drops options that cannot go with one already given (SPEC §2).
shell_cases() {
  expect "" 'abp report --author-column x --first'
  expect "--author" 'abp report --first-name-column x --au'  # the filter; not --author-column
  expect "--last-name-column" 'abp report --first-name-column x --la'
}

source "$lib_dir/completion_cases.bash"
