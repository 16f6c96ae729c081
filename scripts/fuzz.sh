#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, AddressSanitizer and UBSan, and runs
# each for a bounded time from the seed corpus, the past findings and the first 4 KiB of each
# file of the shared real-world corpus (issue 6.5). A finding fails the run: its input is kept
# in build-fuzz/findings/; reproduce it with the replay binary, fix, and add the file to
# tests/fuzz/regressions/<target>/ so ctest replays it from then on.
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 60; ABP_FUZZ_SEED picks the seed)
# Needs clang and libclang-rt-14-dev (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${ABP_FUZZ_SECONDS:-60}}
seed=${ABP_FUZZ_SEED:-1}
build=build-fuzz

cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBUILD_TESTING=ON -DABP_FUZZ=ON -DABP_SANITIZE=address,undefined >/dev/null
cmake --build "$build" --target abp_fuzz_catalogue abp_fuzz_add_row

findings=$build/findings
mkdir -p "$findings"
status=0
for name in catalogue add_row; do
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/"$name"/* "$corpus"/
  find tests/fuzz/regressions/"$name" -type f -size +0 -exec cp {} "$corpus"/ \;
  if [ "$name" = catalogue ] && [ -d ../shared/corpus ]; then
    # Real exports as seeds: option byte 0 (comma, UTF-8), then the file's first 4 KiB.
    while IFS= read -r -d '' f; do
      { printf '\0'; head -c 4096 "$f"; } >"$corpus/shared-$(basename "$f")"
    done < <(find ../shared/corpus -type f \( -name '*.csv' -o -name '*.tsv' \) -print0)
  fi
  log=$build/fuzz-$name.log
  echo "fuzz: $name for $seconds s from $(ls "$corpus" | wc -l) seeds (seed $seed)"
  if "$build/tests/fuzz/abp_fuzz_$name" -max_total_time="$seconds" -seed="$seed" -max_len=4096 \
    -timeout=20 -rss_limit_mb=2048 -artifact_prefix="$findings/$name-" "$corpus" >"$log" 2>&1; then
    grep -E '^#[0-9]+ *DONE' "$log" | tail -1 || tail -1 "$log"
  else
    status=1
    tail -40 "$log"
    echo "fuzz: FINDING in $name: $(ls "$findings"/"$name"-* 2>/dev/null | tr '\n' ' ')"
    echo "fuzz: reproduce with build/tests/fuzz/abp_fuzz_replay_$name FILE, fix, then add FILE to tests/fuzz/regressions/$name/"
  fi
  rm -rf "$corpus"
done
exit "$status"
