#!/usr/bin/env bash
# Keeps the benchmark working (issue 5): builds the generator, runs bench/run.sh --smoke on
# 10k rows with this abp, which also checks that DuckDB and pandas (where installed) give the
# same answers as abp. Not a timed test. usage: bench_smoke.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
cxx=$(command -v c++ || command -v g++ || true)
[ -n "$cxx" ] || skip "no C++ compiler for the generator"
"$cxx" -std=c++17 -O2 -o "$work/gen_catalogue" "$source_dir/bench/gen_catalogue.cpp"
ABP=$abp GEN=$work/gen_catalogue BENCH_OUT=$work RUNS=1 "$source_dir/bench/run.sh" --smoke |
  tee "$work/bench.out"
# The table is read beside what fresh memory cost the machine before and after the runs.
grep -Eq '^memory: before, first touch of 448 MiB: [0-9.]+, [0-9.]+, [0-9.]+ s; after, first touch of 448 MiB: [0-9.]+, ' \
  "$work/bench.out" || fail "bench/run.sh does not print what fresh memory cost"
echo "ok: the benchmark runs and prints what fresh memory cost"
