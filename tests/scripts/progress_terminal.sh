#!/usr/bin/env bash
# The progress line (issue 4): on a terminal's stderr while a large input (over 64 MiB) is read,
# redrawn in place and erased when done (also before an error message); nothing when stderr is
# not a terminal, and nothing for a small input. The terminal is a pseudo-terminal of script(1).
# usage: progress_terminal.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
needs script
not_sanitized "reading 70 MiB five times is too slow under sanitizers; the plain build runs it"
cd "$work"

# About 70 MiB: over the 64 MiB threshold.
awk 'BEGIN { print "author,title,publisher";
             for (i = 0; i < 1100000; i++)
               printf "Author number %d,A title long enough to fill %d,Publisher %d\n", i % 40000, i, i % 900 }' >big.csv
size=$(stat -c %s big.csv)
[ "$size" -gt $((64 << 20)) ] || fail "the generated file has only $size bytes"
head -1000 big.csv >small.csv

# on_tty COMMAND: runs COMMAND with stdin, stdout and stderr on a new pseudo-terminal and
# prints what the terminal received; COMMAND's exit code is checked by what it prints.
on_tty() { script -qec "$1" /dev/null </dev/null || true; }

# 1. stderr on a terminal, large input: progress lines, each starting with CR, then erased.
on_tty "'$abp' report --section books big.csv >report.out" >tty.out
"$abp" report --section books big.csv >expected.out 2>err
if ! grep -aq $'\rabp: read [0-9.]* [KMG]*i*B of [0-9.]* MiB ([0-9]*%), [0-9,]* rows' tty.out; then
  problem "no progress line on the terminal:"; od -c tty.out | head -20
fi
if [ "$(tail -c 4 tty.out | od -An -c | tr -d ' ')" != '\r033[K' ]; then
  problem "the progress line is not erased at the end:"; od -c tty.out | tail -5
fi
if [ "$(tr -cd '\n' <tty.out | wc -c)" != 0 ]; then problem "the progress line is not redrawn in place"; fi
cmp -s report.out expected.out || problem "the report differs under a terminal"
# 2. stderr not a terminal (a file, even with stdout on the terminal): nothing.
[ -s err ] && problem "stderr to a file got: $(head -c 200 err)"
on_tty "'$abp' report --section books big.csv 2>err2 >/dev/null" >/dev/null
[ -s err2 ] && problem "stderr to a file under a terminal got: $(head -c 200 err2)"
# 3. a small input on a terminal: nothing.
on_tty "'$abp' report --section books small.csv >/dev/null" >tty_small.out
[ -s tty_small.out ] && { problem "progress for a small file:"; od -c tty_small.out | head; }
# 4. an error at the end of a large input: the line is erased before the message.
cp big.csv ragged.csv && echo "one,field,too,many" >>ragged.csv
on_tty "'$abp' report ragged.csv >/dev/null" >tty_err.out
if ! grep -aq $'\r\033\\[Kabp: error: ragged.csv:[0-9]*: this record has 4 fields' tty_err.out; then
  problem "the progress line is not erased before the error:"; od -c tty_err.out | tail -8
fi
# 5. add reads the whole file too, and shows the same line.
on_tty "'$abp' add --file big.csv 'New Author' 'New Title' 'New Publisher' >/dev/null" >tty_add.out
grep -aq $'\rabp: read ' tty_add.out || problem "no progress line for add"

finish "progress on a terminal"
