#!/usr/bin/env bash
# --bars on a terminal (issue 4): the largest count's bar reaches one column short of the
# terminal's width (so it never wraps), the others are scaled to it; a terminal too narrow
# still gets bars of 10 columns. Off a terminal the width is 80 (see the report_top_bars case).
# usage: bars_terminal.sh ABP_BINARY
set -uo pipefail
abp=$(realpath "$1")
command -v script >/dev/null || { echo "skipped: script(1) is not installed (util-linux)"; exit 77; }
data=$(cd "$(dirname "$0")/../.." && pwd)/data/author_book_publisher.csv
fail=0
# Columns of each line: every non-ASCII character here is a block element, 3 bytes, 1 column.
columns() { LC_ALL=C awk '{ n = gsub(/\342/, "&"); print length($0) - 2 * n }'; }
# The bars are drawn in colour (--color always), which must take no column: taken off here.
uncolored() { sed 's/\x1b\[[0-9;]*m//g'; }
# The longest line is "Publisher: Penguin Random House, total authors: 1", 49 columns.
for cols in 200 120 80 61 40; do
  out=$(script -qec "stty cols $cols; '$abp' report --bars --color always --section authors '$data'" \
          /dev/null </dev/null | tr -d '\r' | uncolored)
  widest=$(printf '%s\n' "$out" | columns | sort -n | tail -1)
  want=$((cols - 1))
  [ "$cols" -lt 61 ] && want=$((49 + 1 + 10))
  if [ "$widest" != "$want" ]; then
    echo "FAIL: $cols columns: widest line is $widest columns, want $want"; printf '%s\n' "$out"; fail=1
  fi
  # 4:3:2:1 — every bar's length is its share of the largest, to the eighth of a cell
  first=$(printf '%s\n' "$out" | head -1 | sed 's/^[^█]*//' | columns)
  last=$(printf '%s\n' "$out" | tail -1 | sed 's/^[^█]*//' | columns)
  if [ $(( (first - 1) / 4 )) -gt "$last" ] || [ "$last" -gt $(( first / 4 + 2 )) ]; then
    echo "FAIL: $cols columns: bar of 1 is $last cells against $first for 4"; fail=1
  fi
done
[ "$fail" = 0 ] && echo "bars on a terminal: all checks passed"
exit "$fail"
