#!/usr/bin/env bash
# Issue 13.3, crash: `abp rename` on a large file is killed with SIGKILL at random moments,
# hundreds of times, so the kill lands while it waits for the lock, reads, writes the new
# version, fsyncs, keeps FILE~ or renames. The renames flip a publisher between two names, so
# the file can only ever be version A or version B. After every kill FILE is byte for byte A
# or B (whole, old or new), FILE~ is A or B when it exists, the next edit does not block, and
# a temporary left by a killed abp (a backup link caught half-made) is gone after the next edit
# that finishes. Bounded: it stops after ABP_KILLS kills or ABP_CRASH_SECONDS.
source "$(dirname "$0")/lib/common.bash"

kills=${ABP_KILLS:-200}
budget=${ABP_CRASH_SECONDS:-30}
mkdir "$work/data"
file=$work/data/big.csv

# make_versions ROWS: $work/a.csv and $work/b.csv, the same catalogue with publisher "Pub A"
# or "Pub B Ltd" in every third row.
make_versions() {
  python3 - "$work" "$1" <<'EOF'
import sys
work, rows = sys.argv[1], int(sys.argv[2])
for name, pub in (("a", "Pub A"), ("b", "Pub B Ltd")):
    with open(f"{work}/{name}.csv", "w") as f:
        f.write("first_name,last_name,title,publisher\r\n")
        for i in range(rows):
            p = pub if i % 3 == 0 else f"Publisher {i % 300}"
            f.write(f'Author{i % 5000},Last {i % 777},"Book {i}, vol {i % 7}",{p}\r\n')
EOF
}

rename_us() {  # rename_us: microseconds one uninterrupted A -> B -> A round takes, halved
  local t0
  cp "$work/a.csv" "$file"
  t0=$(date +%s%N)
  "$abp" rename --file "$file" publisher "Pub A" "Pub B Ltd" >/dev/null 2>&1
  "$abp" rename --file "$file" publisher "Pub B Ltd" "Pub A" >/dev/null 2>&1
  echo $((($(date +%s%N) - t0) / 2000))
}

# Large enough that a kill lands in every phase, small enough for hundreds of kills.
make_versions 10000
rows=$((10000 * 80000 / ($(rename_us) + 1)))
rows=$((rows < 3000 ? 3000 : rows > 150000 ? 150000 : rows))
make_versions "$rows"
cmp -s "$work/a.csv" "$work/b.csv" && fail "the two versions are the same"
span_us=$(($(rename_us) + 2000))
cp "$work/a.csv" "$file"
echo "$rows rows; an uninterrupted rename takes about $((span_us / 1000)) ms"

sleep_randomly() {  # sleep_randomly MAX_US
  local us=$(((RANDOM * 32768 + RANDOM) % $1))
  sleep "$((us / 1000000)).$(printf '%06d' $((us % 1000000)))"
}

# which FILE: prints a or b (the version FILE is), or fails.
which_version() {
  if cmp -s "$1" "$work/a.csv"; then
    echo a
  elif cmp -s "$1" "$work/b.csv"; then
    echo b
  else
    fail "$1 is neither the old nor the new version ($(stat -c %s "$1") bytes)"
  fi
}

RANDOM=13
start=$SECONDS
before=0 after=0 finished=0 i=0 leftovers_seen=0
while ((i < kills && SECONDS - start < budget)); do
  version=$(which_version "$file")
  if [ "$version" = a ]; then
    args=("Pub A" "Pub B Ltd")
  else
    args=("Pub B Ltd" "Pub A")
  fi
  "$abp" rename --file "$file" --lock-timeout 5 publisher "${args[@]}" >/dev/null 2>"$work/err" &
  pid=$!
  sleep_randomly "$span_us"
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  { wait "$pid"; } 2>/dev/null || rc=$?
  now=$(which_version "$file")
  case $rc in
    0)
      finished=$((finished + 1))
      span_us=$((span_us * 9 / 10 + 100))
      [ "$now" != "$version" ] || fail "rename $i finished but the file is the old version"
      # A finished edit sweeps what killed ones left: only FILE and FILE~ remain.
      extra=$(ls -A "$work/data" | grep -v -x -e big.csv -e 'big.csv~' || true)
      [ -z "$extra" ] || fail "after rename $i finished, left behind: $extra"
      ;;
    137)
      span_us=$((span_us * 41 / 40))
      if [ "$now" = "$version" ]; then before=$((before + 1)); else after=$((after + 1)); fi
      [ -z "$(ls -A "$work/data" | grep -v -x -e big.csv -e 'big.csv~')" ] ||
        leftovers_seen=$((leftovers_seen + 1))
      ;;
    *) cat "$work/err"; fail "rename $i exited $rc" ;;
  esac
  [ ! -e "$file~" ] || which_version "$file~" >/dev/null
  i=$((i + 1))
done
echo "$i renames in $((SECONDS - start)) s: $before killed before the new version was in place," \
  "$after after, $finished finished first; $leftovers_seen kills left a temporary for the next edit"
((before + after >= 50 && before > 0 && after > 0)) ||
  fail "the kills did not land on both sides of the replace often enough; the test proves little"

# One more edit that is not killed: the folder is clean and the report reads.
version=$(which_version "$file")
[ "$version" = a ] && set -- "Pub A" "Pub B Ltd" || set -- "Pub B Ltd" "Pub A"
expect_rc 0 "$abp" rename --file "$file" publisher "$@"
extra=$(ls -A "$work/data" | grep -v -x -e big.csv -e 'big.csv~' || true)
[ -z "$extra" ] || fail "left behind after the last edit: $extra"
"$abp" report "$file" >/dev/null || fail "abp report failed after the kills"
echo "ok: after $i kills the file was always whole, old or new, and nothing is left behind"
