#!/usr/bin/env bash
# A closed pipe ends abp at once with exit 0 and nothing on stderr (SPEC §4), for every format
# and section, with a report far larger than the 64 KiB pipe buffer; and a full disk is 74.
# usage: pipe_closed.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
# PIPESTATUS says how abp ended; the reader's exit decides nothing here.
set +o pipefail
cd "$work"

# 30,000 facts, each with a publisher of its own: every section of every format is over
# 512 KiB, eight times the pipe buffer (checked below on the smallest, the csv counts).
awk 'BEGIN { print "first_name,last_name,title,publisher";
             for (i = 0; i < 30000; i++)
               printf "First%d,Last%d,\"Title %d, part %d\",Publisher number %d\n", i % 9000, i % 7, i, i % 3, i }' >big.csv

expect() {  # expect WHAT EXPECTED_RC ACTUAL_RC STDERR_FILE
  if [ "$3" != "$2" ] || [ -s "$4" ]; then
    problem "$1: exit $3 (want $2), stderr: $(head -c 300 "$4")"
  fi
}

runs=("" "--ascii" "--bars --section books,authors" "--format json" "--format ndjson")
for format in csv tsv ndjson; do
  for section in books authors tree; do runs+=("--format $format --section $section"); done
done
size=$("$abp" report --format csv --section books big.csv | wc -c)
if [ "$size" -lt 524288 ]; then problem "the smallest report has only $size bytes"; fi
for args in "${runs[@]}"; do
  # head reads a little and closes the pipe; true closes it before reading anything
  for reader in "head -c 100" "true"; do
    # shellcheck disable=SC2086
    "$abp" report $args big.csv 2>err | $reader >/dev/null
    expect "report $args | $reader" 0 "${PIPESTATUS[0]}" err
  done
done

# standard input, and add's reprint of a big file
"$abp" report - <big.csv 2>err | head -n 1 >/dev/null
expect "report - | head" 0 "${PIPESTATUS[0]}" err
"$abp" add --file big.csv "New Author" "New Title" "New Publisher" 2>err | head -n 1 >/dev/null
expect "add | head" 0 "${PIPESTATUS[0]}" err
if ! grep -q '^New,Author,New Title,New Publisher$' big.csv; then problem "add: row not written"; fi

# any other write error: 74 and one line on stderr
for args in "" "--format json" "--format csv --section tree"; do
  # shellcheck disable=SC2086
  rc=0
  "$abp" report $args big.csv >/dev/full 2>err || rc=$?
  if [ "$rc" != 74 ] || [ "$(wc -l <err)" != 1 ]; then
    problem "report $args >/dev/full: exit $rc, stderr: $(cat err)"
  fi
done
# a non-blocking pipe (O_NONBLOCK set by another process on it) read slowly: abp waits for it
# rather than failing with EAGAIN
if command -v python3 >/dev/null; then
  "$abp" report --format csv --section tree big.csv >expected.out
  ABP="$abp" python3 - <<'PY' || problem "non-blocking stdout (above)"
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
child = subprocess.Popen([os.environ["ABP"], "report", "--format", "csv", "--section", "tree", "big.csv"],
                         stdout=w, stderr=subprocess.PIPE)
os.close(w)
got = bytearray()
while chunk := os.read(r, 65536):
    got += chunk
    time.sleep(0.002)
err = child.stderr.read()
if child.wait() != 0 or err or bytes(got) != open("expected.out", "rb").read():
    sys.exit(f"FAIL non-blocking stdout: exit {child.returncode}, stderr {err[:200]!r}, {len(got)} bytes")
PY
fi

finish "closed pipes"
