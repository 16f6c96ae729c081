#!/usr/bin/env bash
# The whole test suite, from a fresh machine: install, build with warnings as errors, run every
# test; then the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer; then the
# tests that run abp's reader thread under ThreadSanitizer; then each fuzz target for a while.
# usage: scripts/test.sh    (ABP_SKIP_SANITIZE=1 skips the ASan and TSan passes,
#                            ABP_SKIP_FUZZ=1 the fuzzing, ABP_FUZZ_SECONDS sets its length)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/setup.sh build -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Release -DCMAKE_COMPILE_WARNING_AS_ERROR=ON
ctest --test-dir build --output-on-failure -j "$jobs"
# Again with no locale at all, as on most containers and CI images (issue 16): the man page must
# render without warnings on groff's ascii device too, the package and completions still work.
env -i PATH="$PATH" HOME="$HOME" TMPDIR="${TMPDIR:-/tmp}" \
  ctest --test-dir build --output-on-failure -j "$jobs" -R '^script\.(install|package|completion.*)$'

if [ "${ABP_SKIP_SANITIZE:-0}" != 1 ]; then
  scripts/setup.sh build-asan -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
    -DABP_SANITIZE=address,undefined
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"

  # ThreadSanitizer: abp splits a file's records on a second thread while the first interns
  # them (fast/loader, io/record_stream), reads a pipe ahead on fccp's LineReader thread, and
  # writes the tree in pieces on two, so the tests that run many abp processes at once, the
  # replay of every fuzz input through the reader, and the unit tests of the loader, the line
  # reader, the two-thread writer, the spelling merge of a large catalogue and a string pool
  # grown large enough to rehash on two threads run again under it. A data race makes abp
  # exit 66 with the report on stderr: a failure there.
  scripts/setup.sh build-tsan -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DABP_SANITIZE=thread
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    ctest --test-dir build-tsan --output-on-failure -j "$jobs" \
    -R '^(script\.concurrent_add|script\.locks|fuzz_replay\..*|parallel: .*|tree_pieces: .*|fast paths: .*|loader: .*|line_source: .*|spellings: a large catalogue.*|string_pool: a pool of many full blocks.*|string_pool: a large pool rehashed.*)$'
fi

if [ "${ABP_SKIP_FUZZ:-0}" != 1 ]; then
  scripts/fuzz.sh "${ABP_FUZZ_SECONDS:-60}"
fi
