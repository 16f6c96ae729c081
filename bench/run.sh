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
# and cat only), NO_PANDAS=1 (DuckDB but not pandas), ABP / GEN (use these binaries instead of
# building them; no cmake needed then),
# BENCH_OUT (where catalogues and scratch files go; default bench/out), ABP_BASELINE (another
# abp binary, e.g. an older commit's build: its report, json, stdin and add are timed in the
# same run and each compared with this abp's, 5 % allowed).
# Every time is the median wall time of whole processes; memory is the largest peak RSS seen.
set -euo pipefail

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
source "$(dirname "$0")/common.bash"

# --- tools -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ] && [ "$smoke" = 0 ]; then
  say "bench: installing time (for peak RSS)"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq time >/dev/null
fi
have_time=0; [ -x /usr/bin/time ] && have_time=1

need_binaries

python=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import pandas' 2>/dev/null; then python=$p; break; fi
done
if [ -z "$python" ] && [ "$smoke" = 0 ] && [ -z "${NO_PEERS:-}" ] && [ -z "${NO_PANDAS:-}" ]; then
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
[ -n "${NO_PEERS:-}" ] || [ -n "${NO_PANDAS:-}" ] && python=""

# --- measuring ---------------------------------------------------------------------------
# measure RUNS CMD...: runs CMD (stdout to /dev/null) RUNS times (after a warm-up run when
# RUNS >= 3) with standard input from $stdin, calling $before_each (if set) before each run, and
# sets $wall (median seconds), $cpu (median user + system seconds) and $rss (largest peak RSS,
# MiB); $cpu and $rss are "-" without /usr/bin/time. measure_paired below also times the
# report beside each run.
# A run that fails stops the benchmark.
# median_of MICROSECONDS...: their median in seconds, 3 decimals.
median_of() {
  printf '%s\n' "$@" | sort -n |
    awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
                              printf "%.3f", m / 1e6 }'
}

# run_once CMD...: one run of CMD (stdout to /dev/null, standard input from $stdin), after
# $before_each (if set, not timed); sets $run_wall and $run_cpu (microseconds; CPU is user +
# system, 0 without /usr/bin/time) and $run_kb (peak RSS in KiB, 0 without it).
run_once() {
  local start end user system
  [ -n "${before_each:-}" ] && $before_each
  start=$(date +%s%N)
  if [ "$have_time" = 1 ]; then
    /usr/bin/time -f '%M %U %S' -o "$out/.rss" "$@" <"$stdin" >/dev/null
    read -r run_kb user system < <(tail -n 1 "$out/.rss")
    run_cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%d", (u + s) * 1e6 }')
  else
    "$@" <"$stdin" >/dev/null
    run_kb=0; run_cpu=0
  fi
  end=$(date +%s%N)
  run_wall=$(( (end - start) / 1000 ))
}

# warm_up CMD...: one run not counted (page cache); a failing command stops the benchmark here.
warm_up() {
  "$@" <"$stdin" >/dev/null 2>&1 || { say "bench: failed: $*"; "$@" <"$stdin" >/dev/null; exit 1; }
}

# Sets $wall, $cpu and $rss from the runs' lists (see measure).
summarise() {
  wall=$(median_of "${times[@]}")
  if [ "$have_time" = 1 ]; then
    rss=$(( rss_max / 1024 )); cpu=$(median_of "${cpus[@]}")
  else
    rss="-"; cpu="-"
  fi
}

measure() {
  local n=$1; shift
  local i
  times=(); cpus=(); rss_max=0
  [ "$n" -ge 3 ] && warm_up "$@"
  for ((i = 0; i < n; i++)); do
    run_once "$@"
    times+=("$run_wall"); cpus+=("$run_cpu")
    [ "$run_kb" -gt "$rss_max" ] && rss_max=$run_kb
  done
  summarise
}

# measure_paired RUNS CMD...: like measure, but each run of CMD comes right after a run of this
# size's plain report (`$ABP report $file`, standard input /dev/null), and also sets $pair:
# the median over the runs of CMD's wall time divided by that report's. This machine's speed
# drifts by tens of percent within minutes, so the "within 10 % of the report" verdicts use
# $pair, where both sides of each ratio saw the same minute, not two medians taken minutes
# apart. $cpu_pair is the same for CMD's CPU time over the report's wall time (0 without
# /usr/bin/time).
measure_paired() {
  local n=$1; shift
  local i report_wall ratios=() cpu_ratios=() own_stdin=$stdin own_before=${before_each:-}
  times=(); cpus=(); rss_max=0
  [ "$n" -ge 3 ] && warm_up "$@"
  for ((i = 0; i < n; i++)); do
    stdin=/dev/null; before_each=""
    run_once "$ABP" report "$file"
    report_wall=$run_wall
    stdin=$own_stdin; before_each=$own_before
    run_once "$@"
    times+=("$run_wall"); cpus+=("$run_cpu")
    [ "$run_kb" -gt "$rss_max" ] && rss_max=$run_kb
    ratios+=("$(awk -v a="$run_wall" -v b="$report_wall" 'BEGIN { printf "%d", a / b * 1e6 }')")
    cpu_ratios+=("$(awk -v a="$run_cpu" -v b="$report_wall" 'BEGIN { printf "%d", a / b * 1e6 }')")
  done
  summarise
  pair=$(median_of "${ratios[@]}")
  cpu_pair=$(median_of "${cpu_ratios[@]}")
}

stdin=/dev/null
add_copy=""
fresh_copy() { cp "$add_source" "$add_copy" && sync "$add_copy"; }
edit_copy=""
fresh_edit_copy() { rm -f "$edit_copy~" && cp "$file" "$edit_copy" && sync "$edit_copy"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# within A B [FACTOR]: "within" when A <= FACTOR * B (default 1), else "OVER".
within() { awk -v a="$1" -v b="$2" -v f="${3:-1}" 'BEGIN { print (a <= f * b) ? "within" : "OVER" }'; }
# at_least A B: "met" when A >= B, else "SHORT".
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? "met" : "SHORT" }'; }
verdicts=()
pair=""
# row WHAT: a line of the table for the command just measured, against this size's report.
# The last column is the paired ratio for a command measure_paired timed (then forgotten).
row() {
  local times_report
  if [ -n "$pair" ]; then times_report=$(printf %.2f "$pair"); else times_report=$(ratio "$wall" "$abp_wall"); fi
  rows_out+=("$n|$1|$wall|$cpu|$rss|$times_report")
  pair=""
}
# near_report WHAT: issue 17's verdict on the command just measured, within 10 % of the report.
# (After measure_paired: its paired ratio, before row() forgets it.)
near_report() {
  verdicts+=("$n rows: issue 17, $1 $(printf %.2f "$pair")x the report, paired (1.10 allowed): $(within "$pair" 1 1.10)")
}
report_walls=()

# --- the runs ----------------------------------------------------------------------------
uptime_before=$(uptime | sed 's/.*load average/load average/')
# What fresh memory costs on this machine right now (see first_touch.py): on a virtual
# machine it moves every figure below by up to a second.
first_touch() { python3 "$(dirname "$0")/first_touch.py" 2>/dev/null || echo "first touch: not measured"; }
first_touch_before=$(first_touch)
rows_out=()
for n in $sizes; do
  file=$(generated_catalogue "$n")
  mib=$(( $(stat -c %s "$file") / 1048576 ))
  p_runs=$peer_runs
  pandas_runs=${PANDAS_RUNS:-$(( n >= 5000000 ? 1 : peer_runs ))}
  say "bench: $n rows ($mib MiB), $runs runs"

  measure "$runs" "$ABP" report "$file";                     abp_wall=$wall; abp_rss=$rss
  report_walls+=("$n:$wall")
  # Issue 17's targets: 10M rows in 2.0 s and 3.5 s of CPU, peak memory under 0.8x the file;
  # 1M rows in 0.2 s.
  case $n in
    10000000)
      verdicts+=("$n rows: issue 17, report $wall s (2.0 wanted): $(within "$wall" 2.0); CPU $cpu s (3.5 wanted): $(within "$cpu" 3.5); peak $rss MiB vs 0.8 x $mib MiB: $(within "$rss" "$mib" 0.8)") ;;
    1000000)
      verdicts+=("$n rows: issue 17, report $wall s (0.2 wanted): $(within "$wall" 0.2)") ;;
  esac
  abp_cpu=$cpu; row "abp report (text)"
  measure_paired "$runs" "$ABP" report --format json "$file"
  near_report "--format json"; row "abp report --format json"
  measure_paired "$runs" "$ABP" report --encoding ISO-8859-1 "$file"
  near_report "--encoding ISO-8859-1"; row "abp report --encoding ISO-8859-1"
  stdin=$file
  measure_paired "$runs" "$ABP" report -
  stdin=/dev/null
  near_report "standard input"; row "abp report - (stdin)"
  # A real pipe: read on two threads like a file since its reads can be stopped (the time
  # and CPU include cat's).
  measure_paired "$runs" sh -c 'cat "$1" | "$2" report -' sh "$file" "$ABP"
  near_report "a pipe on standard input"; row "abp report - (a pipe from cat)"
  # The pipe alone, nothing parsed: the kernel's copies and wake-ups. abp keeps both cores
  # busy while it reads, so about half of this CPU time adds to its wall time: a floor under
  # the pipe's ratio that falls only as the report gets slower (bench/README.md, twenty-first
  # round). Paired with the report, as the pipe's own ratio is. (/usr/bin/time counts CPU in
  # 10 ms steps: at 1M rows the figure is rough.)
  measure_paired "$runs" sh -c 'cat "$1" | wc -c' sh "$file"
  if [ "$cpu" != "-" ]; then
    # Half the pipe's CPU over the report's time is the pipe's excess, 0.10 at a report of
    # five times that CPU.
    pipe_floor=$(awk -v p="$cpu_pair" 'BEGIN { printf "%.2f", 1 + p / 2 }')
    report_needed=$(awk -v c="$cpu" 'BEGIN { printf "%.3f", c * 5 }')
    verdicts+=("$n rows: issue 17, the pipe alone (cat FILE | wc -c) takes $cpu s of CPU, $(printf %.2f "$cpu_pair")x the report's wall time, paired: half of it on busy cores puts a pipe at about ${pipe_floor}x the report, within 1.10 only for a report of $report_needed s or more")
  fi
  row "cat FILE, piped to wc -c (the pipe alone)"
  add_source=$file; add_copy="$out/add-copy.csv"
  before_each=fresh_copy
  fresh_copy
  measure_paired "$runs" "$ABP" add "Bench Author" "Bench Title" "Bench Press" --file "$add_copy"
  before_each=""
  rm -f "$add_copy"
  verdicts+=("$n rows: issue 17, add $(printf %.2f "$pair")x the report's time, paired (1.00 allowed): $(within "$pair" 1)")
  row "abp add (check, append, tree)"
  measure "$runs" cat "$file"
  row "cat FILE > /dev/null"

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
  row "abp rename publisher ($renamed_rows rows)"
  measure "$runs" bash -c 'cp "$1" "$2" && sync "$2"' _ "$file" "$edit_copy"
  copy_wall=$wall
  row "cp FILE COPY && sync"
  rm -f "$edit_copy" "$edit_copy~"
  budget=$(awk -v a="$abp_wall" -v b="$copy_wall" 'BEGIN { printf "%.3f", a + b }')
  verdict=$(within "$rename_wall" "$budget")
  memory=$([ "$rename_rss" = - ] || [ "$rename_rss" -le "$abp_rss" ] && echo within || echo OVER)
  verdicts+=("$n rows: issue 13.6, rename ${rename_wall} s, budget report + copy = $abp_wall + $copy_wall = $budget s: $verdict; peak RSS ${rename_rss} MiB vs the report's ${abp_rss} MiB: $memory")
  # Issue 14.4: the finding commands against the plain report: dupes and --fold within 1.5x,
  # a filter no slower than the report it narrows (5 % allowed for noise).
  measure "$runs" "$ABP" dupes "$file"
  row "abp dupes"
  verdicts+=("$n rows: issue 14.4, dupes $(ratio "$wall" "$abp_wall")x the report (1.5 allowed): $(within "$wall" "$abp_wall" 1.5)")
  measure_paired "$runs" "$ABP" report --fold "$file"
  near_report "--fold"
  verdicts+=("$n rows: issue 14.4, report --fold $(printf %.2f "$pair")x the report (1.5 allowed): $(within "$pair" 1 1.5)")
  row "abp report --fold"
  for filter in "--publisher press" "--author smith" "--title the"; do
    # shellcheck disable=SC2086  # two words, flag and value
    measure_paired "$runs" "$ABP" report $filter "$file"
    near_report "$filter"
    verdicts+=("$n rows: issue 14.4, report $filter $(printf %.2f "$pair")x the report (1.05 allowed): $(within "$pair" 1 1.05)")
    row "abp report $filter"
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
      wall=$base; row "baseline abp $what"
      verdicts+=("$n rows: issue 11, $what $now s vs the baseline's $base s ($(ratio "$now" "$base")x, 1.05 allowed): $(within "$now" "$base" 1.05)")
    done
    rm -f "$out/add-copy.csv"
  fi
  if [ "$have_duckdb" = 1 ]; then
    measure "$p_runs" node "$here/duckdb_report.mjs" "$file"
    row "DuckDB (node-api, 2 threads)"
    measure "$p_runs" node "$here/duckdb_report.mjs" --plain "$file"
    row "DuckDB, no normalisation"
    verdicts+=("$n rows: issue 17, DuckDB without normalisation takes $(ratio "$wall" "$abp_wall")x abp's time (5 wanted): $(at_least "$(ratio "$wall" "$abp_wall")" 5)")
  fi
  if [ -n "$python" ]; then
    measure "$pandas_runs" "$python" "$here/pandas_report.py" "$file"
    row "pandas"
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

# --- issue 17: cost linear in rows; few distinct names; a real-world-shaped file -------------
small=""; large=""
for entry in "${report_walls[@]}"; do
  case ${entry%%:*} in 1000000) small=${entry#*:} ;; 10000000) large=${entry#*:} ;; esac
done
if [ -n "$small" ] && [ -n "$large" ]; then
  verdicts+=("issue 17, 10M rows take $(ratio "$large" "$small")x the time of 1M (10.5 allowed): $(within "$large" "$small" 10.5)")
fi
# A catalogue of 1,000 titles, 300 authors and 37 publishers over 700 MiB (1 MiB in the smoke
# run): the tables sized up front for a file this large must not cost it memory (< 100 MiB).
few_bytes=$(( smoke ? 1048576 : 734003200 ))
few="$out/few-names-$few_bytes.csv"
if [ ! -s "$few" ]; then
  say "bench: generating $few"
  awk -v want="$few_bytes" 'BEGIN { print "first_name,last_name,title,publisher";
    for (i = 0; bytes < want; i++) {
      line = sprintf("Author%d,Lastname%d,The Title Of Book Number %d,Publisher House %d",
                     i % 300, i % 300, i % 1000, i % 37);
      print line; bytes += length(line) + 1 } }' >"$few.tmp" && mv "$few.tmp" "$few"
fi
n="few names"
measure "$runs" "$ABP" report "$few"; abp_wall=$wall
row "abp report, $(( few_bytes >> 20 )) MiB of 1,000 titles"
verdicts+=("issue 17, $(( few_bytes >> 20 )) MiB of few names: peak $rss MiB (100 wanted): $(within "$rss" 100)")
# The corpus's 24-column Goodreads exports again and again, to 1 GiB (2 MiB in the smoke run):
# wide rows, quoted reviews. abp must not be slower on it than DuckDB.
goodreads_bytes=$(( smoke ? 2097152 : 1073741824 ))
goodreads="$out/goodreads-$goodreads_bytes.csv"
corpus=${ABP_CORPUS:-$root/../shared/corpus}
if [ ! -s "$goodreads" ] && [ -d "$corpus" ]; then
  say "bench: generating $goodreads"
  "$here/goodreads_catalogue.sh" "$goodreads_bytes" "$corpus" >"$goodreads.tmp" && mv "$goodreads.tmp" "$goodreads"
fi
if [ -s "$goodreads" ]; then
  n="Goodreads-shaped"
  measure "$runs" "$ABP" report "$goodreads"; abp_wall=$wall
  row "abp report, $(( goodreads_bytes >> 20 )) MiB of Goodreads exports"
  if [ "$have_duckdb" = 1 ]; then
    duckdb_goodreads=(node "$here/duckdb_report.mjs" --columns Author,Title,Publisher "$goodreads")
    measure "$p_runs" "${duckdb_goodreads[@]}"
    row "DuckDB on the same"
    verdicts+=("issue 17, Goodreads-shaped file: abp $abp_wall s vs DuckDB $wall s: $(within "$abp_wall" "$wall")")
    if [ "$smoke" = 1 ]; then
      # The counts must be the same (DuckDB quotes some values of the tree that abp does not).
      "${duckdb_goodreads[@]}" "$out/duckdb-goodreads"
      for section in books authors; do
        "$ABP" report --section "$section" --format csv "$goodreads" >"$out/abp-goodreads.$section.csv"
        cmp -s "$out/abp-goodreads.$section.csv" "$out/duckdb-goodreads.$section.csv" ||
          { say "bench: DuckDB's $section of the Goodreads-shaped file differ from abp's"; exit 1; }
      done
      say "bench: DuckDB gives abp's counts on the Goodreads-shaped file"
    fi
  fi
fi

# --- the table ---------------------------------------------------------------------------
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ { print $2 }') GiB"
echo "load: before $uptime_before; after $(uptime | sed 's/.*load average/load average/')"
echo "memory: before, $first_touch_before; after, $(first_touch)"
echo "abp: $("$ABP" --version 2>/dev/null | head -1)"
echo
echo "| rows | command | median s | CPU s | peak RSS MiB | × abp report |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
for line in "${rows_out[@]}"; do
  IFS='|' read -r rows what w c r times <<<"$line"
  echo "| $rows | $what | $w | $c | $r | $times |"
done
echo
echo "(× abp report: for json, --encoding, standard input, the pipe, the pipe alone, add, --fold"
echo "and the filters, the median of paired runs, each right after a plain report; else the two"
echo "medians' ratio.)"
echo
for verdict in "${verdicts[@]}"; do echo "$verdict"; done
