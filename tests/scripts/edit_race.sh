#!/usr/bin/env bash
# Issue 13.3, the lock on a replaced file: 4 processes each run `abp add` 40 times while 2
# others keep renaming a publisher back and forth and a third removes books one by one, all
# on one file, with `abp report` in a loop besides. Every rename replaces the file; an add that
# waited for the lock on the old file must notice, after locking, that the path names another
# file now and start again on it. Afterwards every added row is there exactly once (with either
# spelling of the renamed publisher), every removed book is gone, every row of the original
# file that no edit concerned is there, and every command exited 0. An add that wrote to the
# replaced file would show up only in FILE~: lost.
# usage: edit_race.sh ABP   (ABP_WRITERS / ABP_ADDS shrink it for a slow build)
source "$(dirname "$0")/lib/common.bash"

writers=${ABP_WRITERS:-4}
adds=${ABP_ADDS:-40}
doomed=30
file=$work/books.csv

python3 - "$file" "$doomed" <<'EOF'
import sys
path, doomed = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("first_name,last_name,title,publisher\n")
    for i in range(3000):
        f.write(f"Keeper,Number {i % 97},Kept {i},{'Flip Pub' if i % 5 == 0 else 'Steady Pub'}\n")
    for i in range(doomed):
        f.write(f"Doomed,Writer,Gone {i},Steady Pub\n")
EOF
cp "$file" "$work/original.csv"

writer() {
  local p=$1 i rc
  for ((i = 0; i < adds; i++)); do
    rc=0
    "$abp" add --file "$file" --lock-timeout 60 "Adder $p" "Added $i" "Flip Pub" >/dev/null \
      2>>"$work/add.$p.err" || rc=$?
    [ "$rc" = 0 ] || echo "writer $p: add $i exited $rc" >>"$work/failures"
  done
}

renamer() {
  local from=$1 to=$2 rc
  while [ ! -e "$work/stop" ]; do
    rc=0
    "$abp" rename --file "$file" --lock-timeout 60 publisher "$from" "$to" >/dev/null \
      2>>"$work/rename.err" || rc=$?
    [ "$rc" = 0 ] || echo "rename $from -> $to exited $rc" >>"$work/failures"
  done
}

remover() {
  local i rc
  for ((i = 0; i < doomed; i++)); do
    rc=0
    "$abp" remove --file "$file" --lock-timeout 60 "Doomed Writer" "Gone $i" >/dev/null \
      2>>"$work/remove.err" || rc=$?
    [ "$rc" = 0 ] || echo "remove $i exited $rc" >>"$work/failures"
  done
}

reporter() {
  local rc
  while [ ! -e "$work/stop" ]; do
    rc=0
    "$abp" report --lock-timeout 60 "$file" >/dev/null 2>>"$work/report.err" || rc=$?
    [ "$rc" = 0 ] || echo "report exited $rc" >>"$work/failures"
  done
}

start=$SECONDS
renamer "Flip Pub" "Flop Pub" &
renamer "Flop Pub" "Flip Pub" &
reporter &
background=$(jobs -p)
pids=()
for ((p = 0; p < writers; p++)); do
  writer "$p" &
  pids+=($!)
done
remover &
pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done
touch "$work/stop"
for pid in $background; do wait "$pid"; done
renames=$(grep -c "renamed publisher" "$work/rename.err" || true)
echo "$((writers * adds)) adds, $doomed removes and $renames renames in $((SECONDS - start)) s"

if [ -s "$work/failures" ]; then
  head -5 "$work/failures"
  cat "$work"/*.err | grep error | head -5
  fail "some commands failed"
fi
((renames > 0)) || fail "no rename happened while the adds ran; the test proves little"

python3 - "$file" "$work/original.csv" "$writers" "$adds" "$doomed" <<'EOF'
import collections, csv, sys
path, original, writers, adds, doomed = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
flip = {"Flip Pub", "Flop Pub"}

def rows(p):
    with open(p, newline="") as f:
        r = csv.reader(f)
        next(r)
        return [tuple(x) for x in r]

got = rows(path)
count = collections.Counter(got)
problems = []
for p in range(writers):
    for i in range(adds):
        n = sum(count[("Adder", str(p), f"Added {i}", pub)] for pub in flip)
        if n != 1:
            problems.append(f"Adder {p} / Added {i} is there {n} times")
if any(r[0] == "Doomed" for r in got):
    problems.append("a removed book is still there")
kept = [r for r in rows(original) if r[0] != "Doomed"]
want = collections.Counter((a, b, t, "Flip Pub" if p in flip else p) for a, b, t, p in kept)
have = collections.Counter((a, b, t, "Flip Pub" if p in flip else p) for a, b, t, p in got
                           if a == "Keeper")
if want != have:
    problems.append(f"rows of the original file differ: {len(want - have)} lost, "
                    f"{len(have - want)} extra")
if len(got) != len(kept) + writers * adds:
    problems.append(f"{len(got)} rows, expected {len(kept) + writers * adds}")
for p in problems[:10]:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
EOF
"$abp" report "$file" >/dev/null || fail "the file does not read after the race"
echo "ok: no row lost or doubled while edits replaced the file under waiting adds"
