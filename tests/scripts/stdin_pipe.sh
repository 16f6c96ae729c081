#!/usr/bin/env bash
# A catalogue on a pipe (`producer | abp report -`) is read as a file is, past the MiB read
# ahead into memory: the same bytes out with --encoding, the same refusal without it; and a
# bad record early in a pipe whose writer goes on ends abp at once with the file's message and
# 65, not when the writer closes its end (the reading thread is stopped; README, the paragraph
# on standard input under "Both cores work in every phase").
# usage: stdin_pipe.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
cd "$work"

# 3 MiB of rows with quoted titles, some spanning lines, and Latin-1 bytes in a publisher.
awk 'BEGIN { print "author,title,publisher";
             for (i = 0; i < 60000; i++)
               printf "Author %d,\"Title %d, part %s\",Press %d\xe9\n", i % 997, i,
                      (i % 50 == 0 ? "one\ntwo" : "three"), i % 13 }' >big.csv
[ "$(wc -c <big.csv)" -gt 2097152 ] || fail "big.csv is too small to be read past the first MiB"

for args in "--encoding latin1" "--encoding latin1 --format json" "--skip-bad-rows --encoding latin1 --section tree"; do
  # shellcheck disable=SC2086
  "$abp" report $args big.csv >from_file || fail "report $args big.csv failed"
  # shellcheck disable=SC2086
  cat big.csv | "$abp" report $args - >from_pipe || fail "report $args - from a pipe failed"
  cmp -s from_file from_pipe || fail "report $args: a pipe gives other bytes than the file"
done
# Not UTF-8 without --encoding: the same refusal from the pipe as from the file.
"$abp" report big.csv 2>file_err && fail "the Latin-1 file was accepted as UTF-8"
cat big.csv | "$abp" report - 2>pipe_err && fail "the Latin-1 pipe was accepted as UTF-8"
[ "$(sed 's/big.csv/<stdin>/' file_err)" = "$(cat pipe_err)" ] ||
  fail "the pipe's refusal differs: $(cat pipe_err) / $(cat file_err)"

# A bad record on line 2, 3 MiB of good ones, then a writer that waits 60 s before it ends.
{ printf 'author,title,publisher\nonly,two\n'; sed 1d big.csv; } >bad.csv
mkfifo in.fifo
{ cat bad.csv; exec sleep 60; } >in.fifo &
start=$SECONDS
rc=0
"$abp" report --encoding latin1 - <in.fifo >/dev/null 2>err || rc=$?
took=$((SECONDS - start))
kill %1 2>/dev/null || true
[ "$rc" = 65 ] || fail "a bad record from a pipe: exit $rc (want 65): $(cat err)"
grep -q '^abp: error: <stdin>:2: this record has 2 fields but the header has 3' err ||
  fail "a bad record from a pipe: $(cat err)"
[ "$took" -le 20 ] || fail "a bad record from a pipe: abp waited ${took} s for the writer to end"
