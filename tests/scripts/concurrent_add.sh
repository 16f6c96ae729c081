#!/usr/bin/env bash
# Issue 6.1, concurrency: 8 processes each run 50 `abp add` on one file at the same time, with
# rows that overlap (some identical across processes, some repeated within one), while two
# other processes run `abp report` in a loop (csv and json). The file does not exist at first,
# so the first adds also race to create it: exactly one of them may. Afterwards every distinct row is
# in the file exactly once, every record parses with the header's field count, every add and
# every report exited 0, and no report showed a row that was never added (a half row) or lost
# a row an earlier one showed.
# usage: concurrent_add.sh ABP   (ABP_WRITERS / ABP_ADDS shrink it for a slow build)
source "$(dirname "$0")/lib/common.bash"

writers=${ABP_WRITERS:-8}
adds=${ABP_ADDS:-50}
file=$work/books.csv

# The plan: plan.P holds process P's rows, NUL-separated; rows.jsonl the distinct ones.
python3 - "$work" "$writers" "$adds" <<'EOF'
import json, sys
work, writers, adds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
distinct = set()
for p in range(writers):
    with open(f"{work}/plan.{p}", "wb") as plan:
        for i in range(adds):
            if i % 3 == 0:  # the same few rows in every process, and again within one
                row = ("Ann  Shared", f'Common, "{i % 15}"', "Pub & Co")
            else:
                row = (f"Writer{p} de la Mare", f'Title "{i}", part {p}', f"=Pub {i % 4},  Ltd")
            plan.write(b"".join(v.encode() + b"\0" for v in row))
            distinct.add(tuple(" ".join(v.split()) for v in row))
with open(f"{work}/rows.jsonl", "w") as f:
    for row in sorted(distinct):
        f.write(json.dumps(row) + "\n")
EOF

writer() {
  local p=$1 a t pub rc
  while IFS= read -r -d '' a && IFS= read -r -d '' t && IFS= read -r -d '' pub; do
    rc=0
    "$abp" add --file "$file" -- "$a" "$t" "$pub" >/dev/null 2>>"$work/add.$p.err" || rc=$?
    [ "$rc" = 0 ] || echo "writer $p: exit $rc" >>"$work/failures"
  done <"$work/plan.$p"
}

reader() {
  local format=$1 rc
  local -a args=(--format csv --section=tree)
  [ "$format" = json ] && args=(--format json)
  while [ ! -e "$file" ] && [ ! -e "$work/stop" ]; do sleep 0.001; done
  while [ ! -e "$work/stop" ]; do
    rc=0
    "$abp" report "$file" "${args[@]}" >>"$work/reports.$format" 2>>"$work/report.err" || rc=$?
    printf '#rc %s %s\n' "$rc" "$format" >>"$work/reports.$format"
  done
}

start=$SECONDS
reader csv &
reader json &
writer_pids=()
for ((p = 0; p < writers; p++)); do
  writer "$p" &
  writer_pids+=($!)
done
wait "${writer_pids[@]}"
touch "$work/stop"
wait
echo "$writers x $adds adds and the report loops took $((SECONDS - start)) s"

if [ -s "$work/failures" ]; then
  cat "$work/failures" "$work"/add.*.err | head -20
  fail "some adds failed"
fi
check catalogue "$file" "$work/rows.jsonl"
check reports "$work/reports.csv" "$work/rows.jsonl"
check reports "$work/reports.json" "$work/rows.jsonl"
"$abp" report "$file" >/dev/null || fail "abp report of the final file failed"
echo "ok: concurrent adds and reports"
