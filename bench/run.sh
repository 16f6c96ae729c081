#!/usr/bin/env bash
# Benchmarks abp against cat, DuckDB and pandas on generated catalogues (issue 5).
#
# usage: bench/run.sh            1M and 10M rows: build, generate (cached in bench/out/), time
#        bench/run.sh --smoke    10k rows, a few seconds; also checks that the peers' answers
#                                equal abp's (CI runs this through tests/scripts/bench_smoke.sh)
#        bench/run.sh --sizes "100000 1000000"
#
# Environment: RUNS (abp and cat runs per case, default 5), PEER_RUNS (DuckDB, default 3),
# PANDAS_RUNS (default 3, and 1 from 5M rows on: pandas needs minutes there), NO_PEERS=1 (abp
# and cat only), ABP / GEN (use these binaries instead of building them; no cmake needed then),
# BENCH_OUT (where catalogues and scratch files go; default bench/out), ABP_BASELINE (another
# abp binary, e.g. an older commit's build: its report, json, stdin and add are timed in the
# same run and each compared with this abp's, 5 % allowed).
# Every time is the median wall time of whole processes; memory is the largest peak RSS seen.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${BENCH_OUT:-$here/out}

smoke=0
sizes="1000000 10000000"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; sizes=10000 ;;
    --sizes) sizes=$2; shift ;;
    *) echo "usage: bench/run.sh [--smoke] [--sizes \"N ...\"]" >&2; exit 64 ;;
  esac
  shift
done
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-3}
[ "$smoke" = 1 ] && runs=${RUNS:-3} && peer_runs=1
mkdir -p "$out"

say() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ] && [ "$smoke" = 0 ]; then
  say "bench: installing time (for peak RSS)"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq time >/dev/null
fi
have_time=0; [ -x /usr/bin/time ] && have_time=1

if [ -z "${ABP:-}" ] || [ -z "${GEN:-}" ]; then
  say "bench: building abp and gen_catalogue (Release, build-bench/)"
  cmake -S "$root" -B "$root/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DABP_BUILD_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$root/build-bench" -j 2 --target abp gen_catalogue >/dev/null
  ABP=${ABP:-$root/build-bench/abp}
  GEN=${GEN:-$root/build-bench/bench/gen_catalogue}
fi

python=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import pandas' 2>/dev/null; then python=$p; break; fi
done
if [ -z "$python" ] && [ "$smoke" = 0 ] && [ -z "${NO_PEERS:-}" ]; then
  say "bench: installing python3-pandas"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3-pandas \
    >/dev/null && python=/usr/bin/python3
fi
have_duckdb=0
if command -v node >/dev/null && [ -z "${NO_PEERS:-}" ]; then
  if [ ! -d "$here/node_modules/@duckdb/node-api" ] && [ "$smoke" = 0 ]; then
    say "bench: installing @duckdb/node-api into bench/node_modules"
    (cd "$here" && npm install --no-save --no-audit --no-fund --silent @duckdb/node-api \
       >/dev/null 2>&1) || say "bench: npm install failed; DuckDB left out"
  fi
  [ -d "$here/node_modules/@duckdb/node-api" ] && have_duckdb=1
fi
[ -n "${NO_PEERS:-}" ] && python=""

# --- measuring ---------------------------------------------------------------------------
# measure RUNS CMD...: runs CMD (stdout to /dev/null) RUNS times (after a warm-up run when
# RUNS >= 3) with standard input from $stdin, calling $before_each (if set) before each run, and
# sets $wall (median seconds) and $rss (largest peak RSS, MiB; "-" without /usr/bin/time).
# A run that fails stops the benchmark.
measure() {
  local n=$1; shift
  local times=() rss_max=0 i start end kb
  if [ "$n" -ge 3 ]; then  # warm-up: page cache, and a failing command stops here
    "$@" <"$stdin" >/dev/null 2>&1 || { say "bench: failed: $*"; "$@" <"$stdin" >/dev/null; exit 1; }
  fi
  for ((i = 0; i < n; i++)); do
    [ -n "${before_each:-}" ] && $before_each
    start=$(date +%s%N)
    if [ "$have_time" = 1 ]; then
      /usr/bin/time -f '%M' -o "$out/.rss" "$@" <"$stdin" >/dev/null
      kb=$(tail -n 1 "$out/.rss")
      [ "$kb" -gt "$rss_max" ] && rss_max=$kb
    else
      "$@" <"$stdin" >/dev/null
    fi
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  wall=$(printf '%s\n' "${times[@]}" | sort -n |
         awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
                                     printf "%.3f", m / 1e6 }')
  if [ "$have_time" = 1 ]; then rss=$(( rss_max / 1024 )); else rss="-"; fi
}

stdin=/dev/null
add_copy=""
fresh_copy() { cp "$add_source" "$add_copy" && sync "$add_copy"; }
edit_copy=""
fresh_edit_copy() { rm -f "$edit_copy~" && cp "$file" "$edit_copy" && sync "$edit_copy"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdicts=()

# --- the runs ----------------------------------------------------------------------------
uptime_before=$(uptime | sed 's/.*load average/load average/')
rows_out=()
for n in $sizes; do
  file="$out/catalogue-$n.csv"
  if [ ! -s "$file" ]; then
    say "bench: generating $n rows -> $file"
    "$GEN" "$n" 42 >"$file.tmp" 2>/dev/null && mv "$file.tmp" "$file"
  fi
  mib=$(( $(stat -c %s "$file") / 1048576 ))
  p_runs=$peer_runs
  pandas_runs=${PANDAS_RUNS:-$(( n >= 5000000 ? 1 : peer_runs ))}
  say "bench: $n rows ($mib MiB), $runs runs"

  measure "$runs" "$ABP" report "$file";                     abp_wall=$wall; abp_rss=$rss
  rows_out+=("$n|abp report (text)|$wall|$rss|1.00")
  measure "$runs" "$ABP" report --format json "$file"
  rows_out+=("$n|abp report --format json|$wall|$rss|$(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { printf "%.2f", a / b }')")
  stdin=$file
  measure "$runs" "$ABP" report -
  stdin=/dev/null
  rows_out+=("$n|abp report - (stdin)|$wall|$rss|$(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { printf "%.2f", a / b }')")
  add_source=$file; add_copy="$out/add-copy.csv"
  before_each=fresh_copy
  fresh_copy
  measure "$runs" "$ABP" add "Bench Author" "Bench Title" "Bench Press" --file "$add_copy"
  before_each=""
  rm -f "$add_copy"
  rows_out+=("$n|abp add (check, append, tree)|$wall|$rss|$(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { printf "%.2f", a / b }')")
  measure "$runs" cat "$file"
  rows_out+=("$n|cat FILE > /dev/null|$wall|$rss|$(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { printf "%.2f", a / b }')")

  # Issue 13.6: `abp rename publisher` of a publisher in about 1 % of the rows, on a fresh,
  # synced copy each time, against the report plus the disk's share (cp FILE COPY && sync).
  publisher=$("$ABP" report --section books --format tsv "$file" |
    awk -F'\t' -v want=$((n / 100)) 'NR > 1 { d = $2 - want; d = d < 0 ? -d : d;
      if (best == "" || d < best_d) { best = $1; best_d = d; rows = $2 } }
      END { print best "\t" rows }')
  renamed_rows=${publisher#*$'\t'}
  publisher=${publisher%$'\t'*}
  edit_copy="$out/edit-copy.csv"
  before_each=fresh_edit_copy
  fresh_edit_copy
  measure "$runs" "$ABP" rename publisher --file "$edit_copy" -- "$publisher" "$publisher (renamed)"
  before_each=""
  rename_wall=$wall; rename_rss=$rss
  rows_out+=("$n|abp rename publisher ($renamed_rows rows)|$wall|$rss|$(ratio "$wall" "$abp_wall")")
  measure "$runs" bash -c 'cp "$1" "$2" && sync "$2"' _ "$file" "$edit_copy"
  copy_wall=$wall
  rows_out+=("$n|cp FILE COPY && sync|$wall|$rss|$(ratio "$wall" "$abp_wall")")
  rm -f "$edit_copy" "$edit_copy~"
  budget=$(awk -v a="$abp_wall" -v b="$copy_wall" 'BEGIN { printf "%.3f", a + b }')
  verdict=$(awk -v r="$rename_wall" -v b="$budget" 'BEGIN { print (r <= b) ? "within" : "OVER" }')
  memory=$([ "$rename_rss" = - ] || [ "$rename_rss" -le "$abp_rss" ] && echo within || echo OVER)
  verdicts+=("$n rows: issue 13.6, rename ${rename_wall} s, budget report + copy = $abp_wall + $copy_wall = $budget s: $verdict; peak RSS ${rename_rss} MiB vs the report's ${abp_rss} MiB: $memory")
  # Issue 14.4: the finding commands against the plain report: dupes and --fold within 1.5x,
  # a filter no slower than the report it narrows (5 % allowed for noise).
  measure "$runs" "$ABP" dupes "$file"
  rows_out+=("$n|abp dupes|$wall|$rss|$(ratio "$wall" "$abp_wall")")
  verdicts+=("$n rows: issue 14.4, dupes $(ratio "$wall" "$abp_wall")x the report (1.5 allowed): $(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { print (a <= 1.5 * b) ? "within" : "OVER" }')")
  measure "$runs" "$ABP" report --fold "$file"
  rows_out+=("$n|abp report --fold|$wall|$rss|$(ratio "$wall" "$abp_wall")")
  verdicts+=("$n rows: issue 14.4, report --fold $(ratio "$wall" "$abp_wall")x the report (1.5 allowed): $(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { print (a <= 1.5 * b) ? "within" : "OVER" }')")
  for filter in "--publisher press" "--author smith" "--title the"; do
    # shellcheck disable=SC2086  # two words, flag and value
    measure "$runs" "$ABP" report $filter "$file"
    rows_out+=("$n|abp report $filter|$wall|$rss|$(ratio "$wall" "$abp_wall")")
    verdicts+=("$n rows: issue 14.4, report $filter $(ratio "$wall" "$abp_wall")x the report (1.05 allowed): $(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { print (a <= 1.05 * b) ? "within" : "OVER" }')")
  done
  if [ -n "${ABP_BASELINE:-}" ]; then
    # Issue 11: the same commands with another build, in the same run.
    base_cases=("report|report $file" "report --format json|report --format json $file"
                "report - (stdin)|report -" "add|add Bench\ Author Bench\ Title Bench\ Press --file $out/add-copy.csv")
    for case in "${base_cases[@]}"; do
      what=${case%%|*}
      eval "args=(${case#*|})"
      [ "$what" = "report - (stdin)" ] && stdin=$file
      if [ "$what" = add ]; then add_copy="$out/add-copy.csv"; before_each=fresh_copy; fresh_copy; fi
      measure "$runs" "$ABP" "${args[@]}"; now=$wall
      [ "$what" = add ] && fresh_copy
      measure "$runs" "$ABP_BASELINE" "${args[@]}"; base=$wall
      stdin=/dev/null; before_each=""
      rows_out+=("$n|baseline abp $what|$base|$rss|$(ratio "$base" "$abp_wall")")
      verdicts+=("$n rows: issue 11, $what $now s vs the baseline's $base s ($(ratio "$now" "$base")x, 1.05 allowed): $(awk -v a="$now" -v b="$base" 'BEGIN { print (a <= 1.05 * b) ? "within" : "OVER" }')")
    done
    rm -f "$out/add-copy.csv"
  fi
  if [ "$have_duckdb" = 1 ]; then
    measure "$p_runs" node "$here/duckdb_report.mjs" "$file"
    rows_out+=("$n|DuckDB (node-api, 2 threads)|$wall|$rss|$(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { printf "%.2f", a / b }')")
  fi
  if [ -n "$python" ]; then
    measure "$pandas_runs" "$python" "$here/pandas_report.py" "$file"
    rows_out+=("$n|pandas|$wall|$rss|$(awk -v a="$wall" -v b="$abp_wall" 'BEGIN { printf "%.2f", a / b }')")
  fi

  if [ "$smoke" = 1 ]; then
    # The peers must give abp's answers, or the comparison means nothing.
    for section in books authors tree; do
      "$ABP" report --section "$section" --format csv "$file" >"$out/abp.$section.csv"
    done
    for peer in duckdb pandas; do
      case $peer in
        duckdb) [ "$have_duckdb" = 1 ] || continue
                node "$here/duckdb_report.mjs" "$file" "$out/duckdb" ;;
        pandas) [ -n "$python" ] || continue
                "$python" "$here/pandas_report.py" "$file" "$out/pandas" ;;
      esac
      for section in books authors tree; do
        if ! cmp -s "$out/abp.$section.csv" "$out/$peer.$section.csv"; then
          say "bench: $peer's $section differ from abp's:"
          diff "$out/abp.$section.csv" "$out/$peer.$section.csv" | head -5 >&2
          exit 1
        fi
      done
      say "bench: $peer gives the same answers as abp"
    done
  fi
done

# --- the table ---------------------------------------------------------------------------
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ { print $2 }') GiB"
echo "load: before $uptime_before; after $(uptime | sed 's/.*load average/load average/')"
echo "abp: $("$ABP" --version 2>/dev/null | head -1)"
echo
echo "| rows | command | median s | peak RSS MiB | × abp report |"
echo "| ---: | --- | ---: | ---: | ---: |"
for row in "${rows_out[@]}"; do
  IFS='|' read -r n what w r ratio <<<"$row"
  echo "| $n | $what | $w | $r | $ratio |"
done
echo
for verdict in "${verdicts[@]}"; do echo "$verdict"; done
