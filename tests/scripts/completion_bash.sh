#!/usr/bin/env bash
# The bash completion (completions/abp.bash), by the cases of lib/completion_cases.bash: its
# function is called as bash calls it, with COMP_WORDS split as bash splits the line.
# usage: completion_bash.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
source_dir=$(cd "$lib_dir/../../.." && pwd)
# shellcheck source=../../completions/abp.bash
source "$source_dir/completions/abp.bash"

# Splits LINE into words as bash does for completion (COMP_WORDBREAKS: blanks end a word, an
# unquoted = is a word of its own, quotes and backslashes are kept in the words); a line
# ending in a blank gets an empty last word.
split_like_bash() {
  local line=$1 word= quote= c i
  words=()
  for ((i = 0; i < ${#line}; i++)); do
    c=${line:i:1}
    if [ "$c" = '\' ] && [ "$quote" != "'" ]; then
      word+=${line:i:2}
      i=$((i + 1))
    elif [ -n "$quote" ]; then
      word+=$c
      [ "$c" = "$quote" ] && quote=
    elif [ "$c" = "'" ] || [ "$c" = '"' ]; then
      word+=$c quote=$c
    elif [ "$c" = ' ' ]; then
      [ -n "$word" ] && words+=("$word")
      word=
    elif [ "$c" = = ]; then
      [ -n "$word" ] && words+=("$word")
      words+=(=)
      word=
    else
      word+=$c
    fi
  done
  words+=("$word")
}

complete_line() {
  local -a words
  split_like_bash "$1"
  COMP_WORDS=("${words[@]}")
  COMP_CWORD=$((${#words[@]} - 1))
  COMP_LINE=$1
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  local cur=${COMP_WORDS[COMP_CWORD]} token=${1##* }
  _abp abp "$cur" "${COMP_WORDS[COMP_CWORD - 1]}"
  # bash replaces the last word; the rest of the shell word (e.g. `--format=`) stays.
  [ "$cur" = = ] && cur=
  local before=${token%"$cur"}
  local reply
  for reply in "${COMPREPLY[@]}"; do printf '%s%s\n' "$before" "$reply"; done
  return 0
}

source "$lib_dir/completion_cases.bash"
