#!/usr/bin/env bash
# Issue 6.4, locks: an exclusive flock held by another process makes `abp add` (and `abp
# report`) wait for --lock-timeout and then exit 75 with the file unchanged; a shared lock (a
# reader) holds an add off the same way; an add waits for a lock that is released in time and
# then succeeds; and a lock whose holder was killed with SIGKILL never blocks, whether the
# holder was flock(1) or an abp add killed while it held the lock.
source "$(dirname "$0")/lib/common.bash"

needs flock
file=$work/books.csv
printf 'first_name,last_name,title,publisher\nAnn,Lee,Book,Pub\n' >"$file"
cp "$file" "$work/before"

# hold KIND SECONDS: a background process that takes a flock of KIND (-x or -s) on the file
# and keeps it SECONDS; returns once the lock is held. The holder is the process in $holder
# itself (exec), so killing it is killing the lock's owner.
hold() {
  rm -f "$work/held"
  (
    exec 9<"$file"
    flock "$1" 9
    touch "$work/held"
    exec sleep "$2"
  ) &
  holder=$!
  while [ ! -e "$work/held" ]; do sleep 0.01; done
}

elapsed_ms() {  # elapsed_ms START_NS
  echo $((($(date +%s%N) - $1) / 1000000))
}

# A held exclusive lock: add and report wait the timeout, then 75.
hold -x 30
for cmd in add report; do
  t0=$(date +%s%N)
  if [ "$cmd" = add ]; then
    expect_rc 75 "$abp" add --file "$file" --lock-timeout 1 "Jane Doe" "T" "P"
  else
    expect_rc 75 "$abp" report "$file" --lock-timeout 1
  fi
  ms=$(elapsed_ms "$t0")
  ((ms >= 950 && ms < 5000)) || fail "$cmd gave up after $ms ms, not after the 1 s timeout"
  grep -q "lock" "$work/stderr" || fail "$cmd: the message does not mention the lock"
  [ ! -s "$work/stdout" ] || fail "$cmd printed to stdout while failing"
  echo "ok: $cmd under a held exclusive lock -> 75 after $ms ms: $(cat "$work/stderr")"
done
same_bytes "$work/before" "$file" "add under a held lock"

# The holder is killed: the kernel drops its lock, so the next add does not wait.
kill -KILL "$holder"
{ wait "$holder"; } 2>/dev/null || true
t0=$(date +%s%N)
expect_rc 0 "$abp" add --file "$file" "Jane Doe" "After Kill" "P"
ms=$(elapsed_ms "$t0")
((ms < 2000)) || fail "add after the holder was killed took $ms ms"
echo "ok: lock of a killed flock(1) does not block ($ms ms)"

# A shared lock (a reader) holds an add off too; --lock-timeout 0 tries once.
hold -s 30
expect_rc 75 "$abp" add --file "$file" --lock-timeout 0 "Jane Doe" "Shared" "P"
"$abp" report "$file" --lock-timeout 0 >/dev/null || fail "report under a shared lock failed"
kill -KILL "$holder"
{ wait "$holder"; } 2>/dev/null || true
echo "ok: a reader's shared lock makes add wait, not report"

# A lock released before the timeout: the add waits for it and then succeeds.
hold -x 1
t0=$(date +%s%N)
expect_rc 0 "$abp" add --file "$file" --lock-timeout 10 "Jane Doe" "Waited" "P"
ms=$(elapsed_ms "$t0")
((ms >= 500)) || fail "add did not wait for the lock (took $ms ms)"
echo "ok: add waited $ms ms for the lock, then appended"
{ wait "$holder"; } 2>/dev/null || true

# An abp add killed while it holds the lock (reading a large file): the next add goes ahead.
python3 - "$file" <<'EOF'
import sys
with open(sys.argv[1], "a") as f:
    for i in range(50000):
        f.write(f"Author{i % 5000},Last,Book {i},Publisher {i % 300}\n")
EOF
caught=0
for attempt in 1 2 3 4 5; do
  "$abp" add --file "$file" "Killed Holder" "Book $attempt" "P" >/dev/null 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if ! flock -n -x "$file" true; then  # abp holds the lock now
      kill -KILL "$pid"
      caught=1
      break
    fi
  done
  { wait "$pid"; } 2>/dev/null || true
  ((caught)) && break
done
((caught)) || skip "could not catch abp add while it held the lock (the machine is too fast)"
t0=$(date +%s%N)
expect_rc 0 "$abp" add --file "$file" --lock-timeout 2 "Jane Doe" "After Killed abp" "P"
echo "ok: lock of a killed abp add does not block ($(elapsed_ms "$t0") ms for the next add)"
