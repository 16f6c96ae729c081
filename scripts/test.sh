#!/usr/bin/env bash
# The whole test suite, from a fresh machine: install, build with warnings as errors, run every
# test; then the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
# usage: scripts/test.sh            (ABP_SKIP_SANITIZE=1 skips the second pass)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/setup.sh build -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Release -DCMAKE_COMPILE_WARNING_AS_ERROR=ON
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${ABP_SKIP_SANITIZE:-0}" != 1 ]; then
  scripts/setup.sh build-asan -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
    -DABP_SANITIZE=address,undefined
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
fi
