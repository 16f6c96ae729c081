#!/usr/bin/env bash
# Keeps the benchmark working (issue 5): builds the generator, runs bench/run.sh --smoke on
# 10k rows with this abp, which also checks that DuckDB and pandas (where installed) give the
# same answers as abp. Not a timed test. usage: bench_smoke.sh ABP_BINARY
set -euo pipefail
abp=$(realpath "$1")
src=${ABP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cxx=$(command -v c++ || command -v g++ || true)
if [ -z "$cxx" ]; then echo "skipped: no C++ compiler for the generator"; exit 77; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cxx" -std=c++17 -O2 -o "$work/gen_catalogue" "$src/bench/gen_catalogue.cpp"
ABP=$abp GEN=$work/gen_catalogue BENCH_OUT=$work RUNS=1 "$src/bench/run.sh" --smoke
