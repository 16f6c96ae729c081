#!/usr/bin/env bash
# Issue 6.3, crash: `abp add` on a large file (2,000-60,000 rows, so one run takes about 60 ms
# in this build) is killed with SIGKILL at random moments, hundreds
# of times, so the kill lands while it waits for the lock, reads, writes, fsyncs or prints the
# tree. After every kill the file still ends with a line break and the next add does not block
# (the kernel drops a dead process's flock); every 20 kills and at the end `abp report`
# succeeds; at the end the file is its original bytes followed by whole added rows, each once.
# Then the same for a file that does not exist yet: after a kill it is missing or whole, and no
# temp file is left behind. Bounded: it stops after ABP_KILLS kills or ABP_CRASH_SECONDS; on a
# machine so busy that the kills have not yet landed in both phases by then, it goes on until
# they have, for at most three times as long (four times as many kills).
source "$(dirname "$0")/lib/common.bash"

kills=${ABP_KILLS:-200}
budget=${ABP_CRASH_SECONDS:-30}
file=$work/big.csv

# make_catalogue ROWS: writes $file with ROWS rows (the same first rows for any ROWS).
make_catalogue() {
  python3 - "$file" "$1" <<'EOF2'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("first_name,last_name,title,publisher\n")
    for i in range(rows):
        f.write(f'Author{i % 5000},Last {i % 777},"Book {i}, vol {i % 7}",Publisher {i % 300}\n')
EOF2
}

run_us() {  # run_us: microseconds one `abp report` of $file takes (the best of three)
  local t0 us best=999999999
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    "$abp" report "$file" >/dev/null
    us=$((($(date +%s%N) - t0) / 1000))
    ((us < best)) && best=$us
  done
  echo "$best"
}

# Large enough that the kill lands in different phases, small enough for a slow (sanitizer)
# build to be killed hundreds of times in the budget: an add should take about 60 ms.
make_catalogue 10000
rows=$((10000 * 60000 / ($(run_us) + 1)))
rows=$((rows < 2000 ? 2000 : rows > 60000 ? 60000 : rows))
make_catalogue "$rows"
python3 - "$work/rows.jsonl" "$kills" <<'EOF2'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(4 * int(sys.argv[2])):  # room for the extra time a busy machine gets
        f.write(json.dumps(["Crash Test", f'Row "{i}", killed', "Kill, Inc."]) + "\n")
EOF2
cp "$file" "$work/original.csv"

sleep_randomly() {  # sleep_randomly MAX_US: sleeps a random time below MAX_US microseconds
  local us=$(((RANDOM * 32768 + RANDOM) % $1))
  sleep "$((us / 1000000)).$(printf '%06d' $((us % 1000000)))"
}

add_row() {  # add_row I FILE
  exec "$abp" add --file "$2" -- "Crash Test" "Row \"$1\", killed" "Kill, Inc."
}

# Kills land within span_us, at first the time an add runs when nobody kills it. The machine
# may get busier or idler meanwhile (other tests run in parallel), so span_us follows what
# happens: shorter after an add that finished first, longer after a kill, which keeps about
# one add in five finishing and the kills spread over every phase of the rest.
span_us=$(($(run_us) + 1000))
echo "$rows rows; an uninterrupted run takes about $((span_us / 1000)) ms"

RANDOM=6  # seeded, though the kill times also follow the machine's speed
start=$SECONDS
before_write=0 after_write=0 finished=0 i=0
# Kills enough to prove something: 50 of them, some before the row was written, some after.
proved() { ((before_write + after_write >= 50 && before_write > 0 && after_write > 0)); }
while ((i < kills && SECONDS - start < budget)) ||
  { ! proved && ((i < 4 * kills && SECONDS - start < 3 * budget)); }; do
  add_row "$i" "$file" >/dev/null 2>"$work/add.err" &
  pid=$!
  sleep_randomly "$span_us"
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  { wait "$pid"; } 2>/dev/null || rc=$?
  # Looked at under the shared lock, as abp reads: a kill in the middle of the write leaves the
  # child that makes it (store/appender) finishing the row, holding the lock until it has.
  flock --shared "$file" true
  case $rc in
    0)
      finished=$((finished + 1))
      span_us=$((span_us * 9 / 10 + 100))
      ;;
    137)
      span_us=$((span_us * 41 / 40))
      if grep -qF "Row \"\"$i\"\", killed" "$file"; then
        after_write=$((after_write + 1))
      else
        before_write=$((before_write + 1))
      fi
      ;;
    *) cat "$work/add.err"; fail "add $i exited $rc" ;;
  esac
  [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" = '\n' ] || fail "after kill $i the file does not end with a line break"
  if ((i % 20 == 19)); then
    "$abp" report "$file" >/dev/null 2>"$work/report.err" || {
      cat "$work/report.err"
      fail "abp report failed after kill $i"
    }
  fi
  i=$((i + 1))
done
echo "$i adds in $((SECONDS - start)) s: $before_write killed before the row was written," \
  "$after_write after, $finished finished first"
proved ||
  fail "the kills did not land in both phases often enough; the test proves little"
head -n "$i" "$work/rows.jsonl" >"$work/tried.jsonl"
check catalogue "$file" "$work/tried.jsonl" --subset --prefix "$work/original.csv"
"$abp" report "$file" >/dev/null || fail "abp report failed after the kills"
rows_kept=$(($(wc -l <"$file") - $(wc -l <"$work/original.csv")))
echo "ok: $rows_kept of $i rows made it, each whole"

# A missing file: it appears whole (header and row) or not at all, with no temp file beside it.
mkdir "$work/new"
t0=$(date +%s%N)
"$abp" add --file "$work/new/books.csv" "Ann Lee" "Book" "Pub" >/dev/null
span_us=$((($(date +%s%N) - t0) / 1000 + 1000))
created=0
for ((j = 0; j < 60; j++)); do
  rm -f "$work/new/books.csv"
  add_row "$j" "$work/new/books.csv" >/dev/null 2>&1 &
  pid=$!
  sleep_randomly "$span_us"
  kill -KILL "$pid" 2>/dev/null || true
  { wait "$pid"; } 2>/dev/null || true
  if [ -e "$work/new/books.csv" ]; then
    created=$((created + 1))
    printf 'first_name,last_name,title,publisher\nCrash,Test,"Row ""%s"", killed","Kill, Inc."\n' \
      "$j" >"$work/whole.csv"
    cmp -s "$work/whole.csv" "$work/new/books.csv" || fail "kill $j left a broken new file"
  fi
  leftovers=$(ls -A "$work/new" | grep -v '^books.csv$' || true)
  [ -z "$leftovers" ] || fail "kill $j left $leftovers behind"
done
echo "ok: new file: 60 kills, $created files created whole, the rest not at all, no temp file left"
