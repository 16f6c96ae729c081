#!/usr/bin/env bash
# The zsh completion (completions/_abp), by the cases of lib/completion_cases.bash, through
# zsh's own completion system: lib/zsh_complete.zsh types each line into an interactive zsh
# on a pseudo-terminal and presses TAB.
# usage: completion_zsh.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
source_dir=$(cd "$lib_dir/../../.." && pwd)
command -v zsh >/dev/null || skip "zsh is not installed (scripts/setup.sh installs it)"
zsh -f -c 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zsh/zpty module"

complete_line() {
  zsh -f "$lib_dir/zsh_complete.zsh" "$source_dir/completions" "$1" ||
    echo "(zsh gave no answer for: $1)"
}

source "$lib_dir/completion_cases.bash"
