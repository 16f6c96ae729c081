#!/usr/bin/env bash
# --color auto on a terminal (issue 16.4): the text report is coloured when standard output is
# a terminal (a pseudo-terminal of script(1)), and not when NO_COLOR is set, CLICOLOR is 0,
# TERM is dumb, --color never is given, or the output goes into a pipe or a file from that
# same terminal. The golden cases report/color_* pin the bytes off a terminal.
# usage: color_terminal.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
command -v script >/dev/null || skip "script(1) is not installed (util-linux)"
data=$(cd "$lib_dir/../../.." && pwd)/data/author_book_publisher.csv
esc=$'\033['

# on_tty ENV... -- SHELL_COMMAND: what the command shows on a terminal, with ENV set.
on_tty() {
  local -a env_vars=()
  while [ "$1" != -- ]; do env_vars+=("$1"); shift; done
  env TERM=xterm "${env_vars[@]}" script -qec "$2" /dev/null </dev/null
}
report="'$abp' report --section books '$data'"

out=$(on_tty -- "$report")
grep -qF "${esc}1;32m4${esc}0m" <<<"$out" || fail "no colour on a terminal: $(cat -v <<<"$out")"
for setting in NO_COLOR=1 CLICOLOR=0 TERM=dumb; do
  out=$(on_tty "$setting" -- "$report")
  grep -qF "$esc" <<<"$out" && fail "colour on a terminal with $setting: $(cat -v <<<"$out")"
done
out=$(on_tty -- "$report --color never")
grep -qF "$esc" <<<"$out" && fail "colour on a terminal with --color never"
out=$(on_tty -- "$report | cat")
grep -qF "$esc" <<<"$out" && fail "colour into a pipe"
on_tty -- "$report >'$work/report.txt'" >/dev/null
grep -qF "$esc" "$work/report.txt" && fail "colour into a file"
grep -q "total books: 4" "$work/report.txt" || fail "no report in the file"
echo "colour on a terminal: all checks passed"
