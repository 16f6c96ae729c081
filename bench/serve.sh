#!/usr/bin/env bash
# Benchmarks abp serve (issue 15.4) with wrk, next to the article's stack: the Flask +
# SQLAlchemy peer (../shared/peers/flask_app.py under gunicorn, 2 workers) on the database
# `abp export` makes from the same file, serving the same pages in the same run.
#
# usage: bench/serve.sh              1M rows (bench/gen_catalogue), 10 s per page
#        bench/serve.sh --smoke      10k rows, 1 s per page: checks every page answers
#                                    (CI runs this through tests/scripts/serve_bench_smoke.sh)
#        bench/serve.sh --rows N
#
# Environment: ABP / GEN (use these binaries, no cmake), BENCH_OUT (default bench/out),
# DURATION (seconds per page), PEERS (default ../shared/peers beside the checkout; the peer is
# left out when flask_app.py is not there or Flask, SQLAlchemy or gunicorn are missing).
# Every page is loaded by wrk with 8 connections on 2 threads; an add by 2 connections.
set -euo pipefail
source "$(dirname "$0")/common.bash"
peers=${PEERS:-$root/../shared/peers}

smoke=0
rows=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; rows=10000 ;;
    --rows) rows=$2; shift ;;
    *) echo "usage: bench/serve.sh [--smoke] [--rows N]" >&2; exit 64 ;;
  esac
  shift
done
duration=${DURATION:-$([ "$smoke" = 1 ] && echo 1 || echo 10)}

command -v wrk >/dev/null || { say "bench: wrk is needed (Debian: wrk)"; exit 1; }
need_binaries
peer=0
python=/usr/bin/python3
if [ -f "$peers/flask_app.py" ] && command -v gunicorn >/dev/null &&
   "$python" -c 'import flask, sqlalchemy' 2>/dev/null; then
  peer=1
else
  say "bench: the Flask peer is left out (needs $peers/flask_app.py, Flask, SQLAlchemy, gunicorn)"
fi

source_csv=$(generated_catalogue "$rows")
# The server adds to its file: it gets a copy, fresh for every run.
file="$out/serve-$rows.csv"
cp "$source_csv" "$file"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# peak_kib PID...: the largest VmHWM (peak resident memory) of these processes, in KiB, summed.
peak_kib() {
  local total=0 pid kb
  for pid in "$@"; do
    kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$(( total + ${kb:-0} ))
  done
  echo "$total"
}

# load NAME URL [wrk args...]: runs wrk for $duration s, appends "NAME|req/s|p99 ms|errors"
# to $results, and fails the smoke run when nothing was answered. A page so slow that wrk saw
# no answer in that time is timed instead by three requests one after another (req/s is then
# one client's, marked ~, and p99 the slowest of the three).
results=()
load() {
  local name=$1 url=$2; shift 2
  local report rps p99 errors
  report=$(wrk -t2 -c8 -d"${duration}s" --timeout 30s --latency "$@" "$url" 2>&1)
  if [ "$(awk '/ requests in / { print $1 }' <<<"$report")" = 0 ] && [ $# = 0 ]; then
    local times
    [ -n "${idle_url:-}" ] && idle  # the requests wrk left behind are still being answered
    times=$(for _ in 1 2 3; do curl -s -o /dev/null -m 300 -w '%{time_total}\n' "$url"; done)
    rps=$(awk '{ t += $1 } END { printf "~%.2f", NR / t }' <<<"$times")
    p99=$(awk '$1 > m { m = $1 } END { printf "%.0f", m * 1000 }' <<<"$times")
    results+=("$name|$rps|$p99|0")
    say "bench: $name: $rps req/s (one client), slowest of 3 $p99 ms"
    return
  fi
  rps=$(awk '/^Requests\/sec:/ { printf ($2 < 10 ? "%.2f" : "%.0f"), $2 }' <<<"$report")
  p99=$(awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                           f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1;
                           printf "%.2f", v * f }' <<<"$report")
  errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { n += 1 } END { print n + 0 }' <<<"$report")
  results+=("$name|${rps:-0}|${p99:--}|$errors")
  say "bench: $name: ${rps:-0} req/s, p99 ${p99:--} ms, $errors errors"
  if [ "$smoke" = 1 ] && [ "$(awk '/ requests in / { print $1 }' <<<"$report")" = 0 ]; then
    say "$report"
    exit 1
  fi
}

# --- what to ask for -----------------------------------------------------------------------
# An author with about ten books (a page of some size), their last name to search for, and a
# title word from the generator's vocabulary.
read -r author surname word < <("$python" - "$ABP" "$file" <<'EOF'
import csv, io, subprocess, sys, urllib.parse
abp, path = sys.argv[1], sys.argv[2]
def rows(section):
    text = subprocess.run([abp, "report", path, "--format", "csv", "--section", section],
                          capture_output=True, check=True, text=True).stdout
    return list(csv.reader(io.StringIO(text)))[1:]
tree = rows("tree")
titles = {}
for a, t, p in tree:
    titles.setdefault(a, set()).add(t)
books = [(a, len(t)) for a, t in titles.items() if " " in a and a.isascii()]
author = min(books, key=lambda b: (abs(b[1] - 10), b[0]))[0]
word = tree[len(tree) // 2][1].split()[0]
quote = lambda text: urllib.parse.quote(text, safe="")
print(quote(author), quote(author.split(" ", 1)[1].split()[0]), quote(word))
EOF
)
say "bench: author '$author', searches '$surname' and '$word'"

# --- abp --------------------------------------------------------------------------------------
# abp report's peak memory, for the ratio (GNU time: Debian's `time`, which scripts/setup.sh
# installs; without it the ratio is left out).
report_kib=0
if [ -x /usr/bin/time ]; then
  report_kib=$( { /usr/bin/time -f '%M' "$ABP" report "$file" >/dev/null; } 2>&1 | tail -1)
fi
rm -f "$out/serve.ready"
start=$(date +%s%N)
"$ABP" serve --quiet --port 0 "$file" --write >"$out/serve.ready" 2>"$out/serve.log" &
server=$!
pids+=("$server")
while [ ! -s "$out/serve.ready" ]; do
  kill -0 "$server" 2>/dev/null || { cat "$out/serve.log" >&2; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
base=$(sed -E 's/.* at (http:[^ ]*)\/$/\1/' "$out/serve.ready")
say "bench: abp serve ready in $ready_ms ms at $base"
for path in "/" "/author?name=$author" "/search?q=$surname" "/api/report?format=json&section=books"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
  [ "$code" = 200 ] || { say "bench: $path answered $code"; exit 1; }
done
load "abp /author?name=…" "$base/author?name=$author"
load "abp /search?q=$surname" "$base/search?q=$surname"
load "abp /search?q=$word" "$base/search?q=$word"
load "abp /" "$base/"
serve_kib=$(peak_kib "$server")
rows_before=$(wc -l <"$file")
load "abp /api/add (2 writers)" "$base/api/add" -t2 -c2 -s "$here/serve_add.lua"
added=$(( $(wc -l <"$file") - rows_before ))
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/search?q=bench+writer")
[ "$code" = 200 ] || { say "bench: a search after the adds answered $code"; exit 1; }
serve_after_kib=$(peak_kib "$server")
kill -TERM "$server"; wait "$server" || { say "bench: abp serve did not stop cleanly"; exit 1; }
pids=()
say "bench: $added rows added through /api/add"

# --- the Flask peer ------------------------------------------------------------------------
peer_kib=0
if [ "$peer" = 1 ]; then
  db="$out/serve-$rows.db"
  if [ ! -s "$db" ] || [ "$db" -ot "$source_csv" ]; then
    say "bench: abp export --sqlite $db"
    "$ABP" export --sqlite "$db" --force "$source_csv"
  fi
  cp "$db" "$out/peer.db"
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  ABP_DB="$out/peer.db" gunicorn -w 2 -b "127.0.0.1:$port" --chdir "$peers" \
    --log-level warning flask_app:app 2>"$out/peer.log" &
  pids+=("$!")
  master=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/authors/x" && break
    sleep 0.1
  done
  peer_base="http://127.0.0.1:$port"
  # Each load starts when the workers are free again: a slow page goes on being worked on for
  # up to gunicorn's 30 s after wrk has gone.
  idle_url="$peer_base/authors/nobody%20here"
  idle() {
    for _ in $(seq 240); do
      curl -s -o /dev/null -m 1 "$idle_url" && return
      sleep 0.5
    done
  }
  idle; load "Flask /authors/…" "$peer_base/authors/$author"
  idle; load "Flask /search?q=$surname" "$peer_base/search?q=$surname"
  idle; load "Flask /search?q=$word" "$peer_base/search?q=$word"
  idle; load "Flask /" "$peer_base/"
  peer_pids=("$master" $(pgrep -P "$master" || true))
  peer_kib=$(peak_kib "${peer_pids[@]}")
  idle; load "Flask POST /add (2 writers)" "$peer_base/add" -t2 -c2 -s "$here/serve_add.lua"
  kill "$master"; wait "$master" 2>/dev/null || true
  pids=()
fi

# --- the disk ----------------------------------------------------------------------------
# An add waits for fsync(2): what this disk takes for one, as the adds ran, bounds their p99.
fsync_p99=$("$python" - "$out" <<'EOF'
import os, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
times = []
for _ in range(200):
    start = time.perf_counter()
    os.write(fd, b"x" * 60 + b"\n")
    os.fsync(fd)
    times.append((time.perf_counter() - start) * 1000)
os.close(fd)
os.unlink(path)
times.sort()
print(f"p50 {times[100]:.2f} ms, p99 {times[198]:.2f} ms")
EOF
)

# --- the table ---------------------------------------------------------------------------
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load: $(uptime | sed 's/.*load average/load average/')"
echo "file: $rows rows ($(( $(stat -c %s "$source_csv") / 1048576 )) MiB); wrk ${duration}s, 8 connections (adds: 2)"
echo "abp serve: ready in $ready_ms ms; peak RSS $(( serve_kib / 1024 )) MiB after the pages, $(( serve_after_kib / 1024 )) MiB after $added adds; abp report's peak $(( report_kib / 1024 )) MiB (x$(awk -v a="$serve_after_kib" -v b="$report_kib" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'))"
[ "$peer" = 1 ] && echo "Flask peer: gunicorn, 2 workers; peak RSS $(( peer_kib / 1024 )) MiB (master and workers)"
echo "fsync of a 61-byte append on this disk: $fsync_p99"
echo
echo "| page | abp req/s | abp p99 ms | Flask req/s | Flask p99 ms | abp / Flask |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for i in 0 1 2 3 4; do
  IFS='|' read -r a_name a_rps a_p99 a_err <<<"${results[$i]}"
  f_rps="-"; f_p99="-"; ratio="-"
  if [ "$peer" = 1 ]; then
    IFS='|' read -r f_name f_rps f_p99 f_err <<<"${results[$((i + 5))]}"
    [ "${f_rps:-0}" != 0 ] && ratio=$(awk -v a="$a_rps" -v b="${f_rps#\~}" 'BEGIN { printf "%.0fx", a / b }')
  fi
  echo "| ${a_name#abp } | $a_rps | $a_p99 | $f_rps | $f_p99 | $ratio |"
done
