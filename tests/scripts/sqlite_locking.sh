#!/usr/bin/env bash
# Database writes under contention and failure: a database held by another process makes add
# and report wait --lock-timeout, then exit 75 with nothing written; a waiting add succeeds once
# the lock goes; parallel adds of one fact write it once; an export that cannot finish (file
# size limit) leaves neither the database nor a temporary file.
# usage: sqlite_locking.sh ABP_BINARY   (env ABP_SOURCE_DIR: the checkout)
source "$(dirname "$0")/lib/common.bash"
needs sqlite3
cd "$work"

facts() { sqlite3 db.db 'SELECT count(*) FROM book_publisher'; }

"$abp" export --sqlite db.db "$source_dir/data/author_book_publisher.csv"
before=$(facts)

# Another process takes the write lock and keeps it until told (a line on fd 3).
mkfifo control
sqlite3 db.db <control >holder.out &
holder=$!  # common.bash stops it if the test ends early
exec 3>control
echo "BEGIN EXCLUSIVE; SELECT 'locked';" >&3
for _ in $(seq 400); do grep -q locked holder.out 2>/dev/null && break; sleep 0.05; done
grep -q locked holder.out || fail "could not take the lock"

rc=0
"$abp" add --file db.db --lock-timeout 0.3 "Ann Patchett" "Bel Canto" "Harper" >out 2>err || rc=$?
[ "$rc" = 75 ] || problem "add on a locked database exits $rc, not 75"
[ -s out ] && problem "add on a locked database printed: $(head -3 out)"
grep -q "locked by another process" err || problem "add's message: $(cat err)"
rc=0
"$abp" report db.db --lock-timeout 0.3 >out 2>err || rc=$?
[ "$rc" = 75 ] || problem "report on a locked database exits $rc, not 75"
[ -s out ] && problem "report on a locked database printed something"

# An add that may wait long enough succeeds once the holder lets go.
"$abp" add --file db.db --lock-timeout 20 "Ann Patchett" "Bel Canto" "Harper" >out 2>err &
waiting=$!
sleep 0.5
echo "COMMIT;" >&3
exec 3>&-
wait "$holder"
rc=0
wait "$waiting" || rc=$?
[ "$rc" = 0 ] || problem "the waiting add exits $rc: $(cat err)"
grep -q "Bel Canto" out || problem "the waiting add did not print the tree"
[ "$(facts)" = $((before + 1)) ] || problem "after the waiting add: $(facts) facts, not $((before + 1))"

# Eight adds of one new fact at once: exactly one row; eight different facts: all eight.
pids=()
for i in $(seq 8); do
  "$abp" add --file db.db "Zadie Smith" "White Teeth" "Hamish Hamilton" >/dev/null 2>"same$i.err" &
  pids+=($!)
done
for i in $(seq 8); do
  "$abp" add --file db.db "Author $i" "Title $i" "Publisher $((i % 3))" >/dev/null 2>"diff$i.err" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || problem "a parallel add failed: $(cat ./*.err)"; done
[ "$(sqlite3 db.db "SELECT count(*) FROM book WHERE title = 'White Teeth'")" = 1 ] ||
  problem "parallel adds of one fact made more than one book"
[ "$(grep -l 'already holds' same*.err | wc -l)" = 7 ] || problem "not 7 of 8 same adds noted the row"
[ "$(facts)" = $((before + 1 + 1 + 8)) ] || problem "after parallel adds: $(facts) facts"
[ "$(sqlite3 db.db 'PRAGMA integrity_check')" = ok ] || problem "integrity_check after parallel adds"
[ -z "$(sqlite3 db.db 'PRAGMA foreign_key_check')" ] || problem "foreign_key_check after parallel adds"

# An export cut short by a file size limit: exit 74, and no database or temp file is left.
awk 'BEGIN { print "author,title,publisher";
             for (i = 0; i < 20000; i++) printf "Author %d,Title %d,Publisher %d\n", i, i, i % 50 }' \
  >big.csv
rc=0
(ulimit -f 64 && "$abp" export --sqlite big.db big.csv) 2>err || rc=$?
[ "$rc" = 74 ] || problem "export over the file size limit exits $rc, not 74: $(cat err)"
[ -e big.db ] && problem "a failed export left big.db"
leftover=$(find . -name '.*abp-*' | head -3)
[ -z "$leftover" ] || problem "a failed export left $leftover"
# And --force over an existing database keeps the old one when the new one cannot be written.
"$abp" export --sqlite keep.db "$source_dir/data/author_book_publisher.csv" || problem "export keep.db"
cp keep.db keep.before
(ulimit -f 64 && "$abp" export --sqlite keep.db --force big.csv) 2>/dev/null || true
cmp -s keep.db keep.before || problem "a failed export --force changed the database it would replace"

finish "locking, concurrency and failed exports behave"
