#!/usr/bin/env bash
# Issue 6.3, crash: `abp add` on a large file is killed with SIGKILL at random moments, hundreds
# of times, so the kill lands while it waits for the lock, reads, writes, fsyncs or prints the
# tree. After every kill the file still ends with a line break and the next add does not block
# (the kernel drops a dead process's flock); every 20 kills and at the end `abp report`
# succeeds; at the end the file is its original bytes followed by whole added rows, each once.
# Then the same for a file that does not exist yet: after a kill it is missing or whole, and no
# temp file is left behind. Bounded: it stops after ABP_KILLS kills or ABP_CRASH_SECONDS.
source "$(dirname "$0")/lib/common.bash"

kills=${ABP_KILLS:-200}
budget=${ABP_CRASH_SECONDS:-30}
file=$work/big.csv
python3 - "$file" "$work/rows.jsonl" "$kills" <<'EOF'
import json, sys
path, rows, kills = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, "w") as f:
    f.write("first_name,last_name,title,publisher\n")
    for i in range(60000):
        f.write(f'Author{i % 5000},Last {i % 777},"Book {i}, vol {i % 7}",Publisher {i % 300}\n')
with open(rows, "w") as f:
    for i in range(kills):
        f.write(json.dumps(["Crash Test", f'Row "{i}", killed', "Kill, Inc."]) + "\n")
EOF
cp "$file" "$work/original.csv"

add_row() {  # add_row I FILE
  exec "$abp" add --file "$2" -- "Crash Test" "Row \"$1\", killed" "Kill, Inc."
}

# How long an add runs when nobody kills it, in microseconds; kills land within 1.2 x that.
t0=$(date +%s%N)
"$abp" report "$file" >/dev/null
span_us=$((($(date +%s%N) - t0) / 1000 * 12 / 10 + 1000))
echo "an uninterrupted run takes about $((span_us / 1200)) ms"

RANDOM=6  # seeded: the same kill times on every run of the same build
start=$SECONDS
killed=0 finished=0 i=0
while ((i < kills && SECONDS - start < budget)); do
  add_row "$i" "$file" >/dev/null 2>"$work/add.err" &
  pid=$!
  delay_us=$(((RANDOM * 32768 + RANDOM) % span_us))
  sleep "$((delay_us / 1000000)).$(printf '%06d' $((delay_us % 1000000)))"
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  { wait "$pid"; } 2>/dev/null || rc=$?
  case $rc in
    0) finished=$((finished + 1)) ;;
    137) killed=$((killed + 1)) ;;
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
echo "$i adds in $((SECONDS - start)) s: $killed killed, $finished finished first"
((killed >= 100 || i == kills)) || fail "only $killed kills landed in ${budget} s; the test proves little"
head -n "$i" "$work/rows.jsonl" >"$work/tried.jsonl"
check catalogue "$file" "$work/tried.jsonl" --subset --prefix "$work/original.csv"
"$abp" report "$file" >/dev/null || fail "abp report failed after the kills"
rows_kept=$(($(wc -l <"$file") - $(wc -l <"$work/original.csv")))
echo "ok: $rows_kept of $i rows made it, each whole"

# A missing file: it appears whole (header and row) or not at all, with no temp file beside it.
mkdir "$work/new"
created=0
for ((j = 0; j < 60; j++)); do
  rm -f "$work/new/books.csv"
  add_row "$j" "$work/new/books.csv" >/dev/null 2>&1 &
  pid=$!
  sleep "0.00$((RANDOM % 10))"
  kill -KILL "$pid" 2>/dev/null || true
  { wait "$pid"; } 2>/dev/null || true
  if [ -e "$work/new/books.csv" ]; then
    created=$((created + 1))
    head -n $((j + 1)) "$work/rows.jsonl" | tail -n 1 >"$work/one.jsonl"
    check catalogue "$work/new/books.csv" "$work/one.jsonl" >/dev/null || fail "kill $j left a broken new file"
  fi
  leftovers=$(ls -A "$work/new" | grep -v '^books.csv$' || true)
  [ -z "$leftovers" ] || fail "kill $j left $leftovers behind"
done
echo "ok: new file: 60 kills, $created files created whole, the rest not at all, no temp file left"
