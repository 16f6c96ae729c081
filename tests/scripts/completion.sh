#!/usr/bin/env bash
# The bash completion (completions/abp.bash): commands, every option `abp COMMAND --help`
# lists and no other, option values, column names read from the file on the line, files.
# usage: completion.sh ABP_BINARY
set -uo pipefail
abp=$(realpath "$1")
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=../../completions/abp.bash
source "$source_dir/completions/abp.bash"

# complete WORD...: what TAB offers after these words (the last one is being typed), sorted.
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _abp
  [ ${#COMPREPLY[@]} -gt 0 ] && printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
}

fail=0
expect() {  # expect 'WANTED (one a line)' WORD...
  local want=$1 got
  shift
  got=$(complete_words "$@")
  if [ "$got" != "$(printf '%s' "$want" | LC_ALL=C sort)" ]; then
    echo "FAIL: abp ${*:2} <TAB>"
    diff <(printf '%s\n' "$want" | LC_ALL=C sort) <(printf '%s\n' "$got") | sed 's/^/  /'
    fail=1
  fi
}
lines() { printf '%s\n' "$@"; }

expect "$(lines report add export --help --version)" abp ""
expect "report" abp re
# every option of the help, and no other
for command in report add export; do
  help_options=$("$abp" "$command" --help | grep -oE '^  (-h,)?--[a-z-]+' | sed 's/^ *-h,//; s/^ *//')
  expect "$help_options" abp "$command" --
done
expect "$(lines text csv tsv json ndjson)" abp report --format ""
expect "json" abp report --format = j
expect "$(lines books,authors books,tree)" abp report --section books,
expect "$(lines --section --skip-bad-rows --split-authors)" abp report --s
# column names from the header of the file on the line (quotes, blanks, BOM and CR removed)
printf '\xef\xbb\xbfFirst Name, "last name" ,Title,Publisher\r\nA,B,C,D\r\n' >books.csv
printf 'author\ttitle\tpublisher house\n' >lib.tsv
expect "$(lines 'First Name' 'last name' Title Publisher)" abp report --bars books.csv --title-column ""
expect "$(lines 'First Name')" abp report --format=json books.csv --first-name-column F
expect "$(lines author title 'publisher house')" abp add --file lib.tsv --publisher-column ""
expect "$(lines author title 'publisher house')" abp add --file = lib.tsv --title-column ""
ABP_FILE=lib.tsv expect "$(lines author title 'publisher house')" abp report --title-column ""
# files for FILE and --file, nothing for numbers
mkdir sub && touch sub/a.csv sub/b.tsv
expect "$(lines sub/a.csv sub/b.tsv)" abp report --ascending sub/
expect "$(lines sub/a.csv sub/b.tsv)" abp add --file sub/
expect "" abp report --top ""

[ "$fail" = 0 ] && echo "completion: all checks passed"
exit "$fail"
