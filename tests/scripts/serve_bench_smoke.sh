#!/usr/bin/env bash
# Keeps bench/serve.sh working (issue 15.4): builds the generator, runs bench/serve.sh --smoke
# (10k rows, wrk for a second per page, the Flask peer when it is there) with this abp. Every
# page must answer; nothing is timed against a target here.
# usage: serve_bench_smoke.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
[ -n "${ABP_SANITIZED:-}" ] && skip "no benchmark under sanitizers"
command -v wrk >/dev/null || skip "no wrk (Debian: wrk)"
src=${ABP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cxx=$(command -v c++ || command -v g++ || true)
[ -n "$cxx" ] || skip "no C++ compiler for the generator"
"$cxx" -std=c++17 -O2 -o "$work/gen_catalogue" "$src/bench/gen_catalogue.cpp"
ABP=$abp GEN=$work/gen_catalogue BENCH_OUT=$work "$src/bench/serve.sh" --smoke
