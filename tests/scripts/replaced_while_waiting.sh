#!/usr/bin/env bash
# Issue 12.1: a catalogue replaced while `add` waits for its lock (an editor's save, `sed -i`,
# `cp t f && mv t f`, `abp export --force`) must get the row: the add used to append to the
# old, unlinked file and exit 0. Checked for a CSV file (flock) and a database (SQLite's lock).
source "$(dirname "$0")/lib/common.bash"
cd "$work"

reference=$'first_name,last_name,title,publisher\nIsaac,Asimov,Foundation,Random House\n'

# wait_until_open PID FILE: waits until process PID has FILE open (it is then waiting for the
# lock on that very file, not yet on the one that replaces it).
wait_until_open() {
  local pid=$1 file
  file=$(realpath "$2")
  for _ in $(seq 200); do
    for fd in /proc/"$pid"/fd/*; do
      [ "$(readlink "$fd" 2>/dev/null)" = "$file" ] && return 0
    done
    kill -0 "$pid" 2>/dev/null || fail "abp (pid $pid) ended before it opened $file"
    sleep 0.05
  done
  fail "abp (pid $pid) never opened $file"
}

# --- CSV: another process holds a shared flock; the add waits; the file is replaced ---------
printf '%s' "$reference" >books.csv
(
  exec 9<books.csv
  flock -s 9
  exec sleep 60  # the same process, so killing it lets go of the lock
) &
holder=$!
while flock -n -x books.csv true; do sleep 0.05; done
"$abp" add --file books.csv --lock-timeout 30 "Ann Patchett" "Bel Canto" "Harper" \
  >add.out 2>add.err &
adder=$!
wait_until_open "$adder" books.csv
sleep 0.2  # into its lock wait
cp books.csv replacement.csv && printf 'Pearl,Buck,The Good Earth,Random House\n' >>replacement.csv
mv replacement.csv books.csv
kill "$holder"
wait "$adder" || fail "the waiting add failed: $(cat add.err)"
grep -q '^Ann,Patchett,Bel Canto,Harper' books.csv ||
  fail "the row went to the replaced file: books.csv is $(cat books.csv)"
grep -q '^Pearl,Buck' books.csv || fail "the replacement's own rows are gone"
[ "$(grep -c 'Bel Canto' books.csv)" = 1 ] || fail "the row is in twice"
echo "ok: CSV replaced while add waited: the row is in the new file"

# --- Database: another connection holds SQLite's write lock; export --force replaces it ------
command -v python3 >/dev/null || skip "python3 is missing (the database half needs it)"
printf '%s' "$reference" >books.csv
printf 'first_name,last_name,title,publisher\nPearl,Buck,The Good Earth,Random House\n' >new.csv
"$abp" export --sqlite books.db books.csv
python3 -c '
import sqlite3, sys, time
db = sqlite3.connect("books.db", isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
' >holder.out &
holder=$!
for _ in $(seq 200); do grep -q locked holder.out 2>/dev/null && break; sleep 0.05; done
grep -q locked holder.out || fail "could not lock the database"
"$abp" add --file books.db --lock-timeout 30 "Ann Patchett" "Bel Canto" "Harper" \
  >add.out 2>add.err &
adder=$!
wait_until_open "$adder" books.db
sleep 0.2
"$abp" export --sqlite books.db --force new.csv
kill "$holder"
wait "$adder" || fail "the waiting add to the database failed: $(cat add.err)"
"$abp" report --section tree --ascii books.db >tree.txt
grep -q 'Bel Canto' tree.txt || fail "the row went to the replaced database: $(cat tree.txt)"
grep -q 'The Good Earth' tree.txt || fail "the new database's own rows are gone"
echo "ok: database replaced while add waited: the row is in the new database"
