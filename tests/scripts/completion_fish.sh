#!/usr/bin/env bash
# The fish completion (completions/abp.fish), by the cases of lib/completion_cases.bash,
# through fish's own completion machinery (`complete -C LINE`).
# usage: completion_fish.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
source_dir=$(cd "$lib_dir/../../.." && pwd)
command -v fish >/dev/null || skip "fish is not installed (scripts/setup.sh installs it)"

complete_line() {
  # Each candidate is printed as `word<TAB>description`.
  fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
    "$source_dir/completions/abp.fish" "$1" | cut -f1
}

source "$lib_dir/completion_cases.bash"
