#!/usr/bin/env bash
# Issue 12.7: a report whose reader is paused (`abp report big.csv | less` left open) used to
# hold the shared lock (a database: its read transaction) while its output waited, so every
# `abp add` failed with 75. The report has all it needs once the input is read and lets go
# then: an add succeeds while the report is still blocked writing, for a CSV file and for a
# database.
source "$(dirname "$0")/lib/common.bash"
cd "$work"

# A catalogue whose report is far more than a pipe holds (64 KiB), so the report blocks.
{
  echo "first_name,last_name,title,publisher"
  for i in $(seq 4000); do echo "First$((i % 97)),Last$i,Title number $i,Publisher $((i % 13))"; done
} >big.csv
"$abp" export --sqlite big.db big.csv

# paused_report FILE: starts `abp report FILE` writing into a pipe nobody reads; sets $reporter.
paused_report() {
  rm -f out.fifo && mkfifo out.fifo
  "$abp" report "$1" >out.fifo 2>report.err &
  reporter=$!
  exec 3<out.fifo  # the reader: it opens the pipe and never reads
  # Wait until the report is blocked writing: the pipe is full and abp sleeps in write(2).
  for _ in $(seq 200); do
    case $(cat /proc/"$reporter"/wchan 2>/dev/null) in *pipe_write) return 0 ;; esac
    kill -0 "$reporter" 2>/dev/null || fail "the report of $1 ended early: $(cat report.err)"
    sleep 0.05
  done
  fail "the report of $1 never blocked on its output"
}

finish_report() {
  exec 3<&-  # the reader goes: the report ends quietly on the closed pipe (SPEC §4)
  wait "$reporter" || fail "the paused report failed: $(cat report.err)"
}

for file in big.csv big.db; do
  paused_report "$file"
  expect_rc 0 "$abp" add --file "$file" --lock-timeout 1 "Ann Patchett" "Bel Canto $file" "Harper"
  kill -0 "$reporter" 2>/dev/null || fail "$file: the report was no longer paused during the add"
  finish_report
  "$abp" report --section tree "$file" | grep -q "Bel Canto $file" || fail "$file: the row is not there"
  echo "ok: $file: an add while a report waits on its reader -> 0"
done
