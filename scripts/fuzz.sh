#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, AddressSanitizer and UBSan, and runs
# each for a bounded time from its seed corpus (tests/fuzz/corpus/<target>), its past findings
# (tests/fuzz/regressions/<target>) and, for the targets that read catalogues, the first 4 KiB
# of each file of the shared real-world corpus, with its dictionary (tests/fuzz/*.dict: CSV,
# fold, serve) (issues 6.5 and 18). A finding fails the run: its input is kept in
# build-fuzz/findings/; reproduce it with the replay binary, fix, and add the file to
# tests/fuzz/regressions/<target>/ so ctest replays it from then on.
# usage: scripts/fuzz.sh [--long] [SECONDS_PER_TARGET] [TARGET...]
#   default 60 s per target; --long: 30 minutes per target. ABP_FUZZ_SEED picks the seed.
#   ABP_FUZZ_MERGE=1 adds to tests/fuzz/corpus/<target>/ the inputs of the run that reach code
#   its seeds do not (libFuzzer's merge), so the next run starts where this one ended.
# Needs clang and libclang-rt-14-dev (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${ABP_FUZZ_SECONDS:-60}
if [ "${1:-}" = --long ]; then
  seconds=1800
  shift
fi
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
# The targets CMake builds (one list, in tests/fuzz/CMakeLists.txt).
read -r -a all_targets < <(sed -n 's/^set(ABP_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt)
[ ${#all_targets[@]} -gt 0 ] || { echo "fuzz: no ABP_FUZZ_TARGETS in tests/fuzz/CMakeLists.txt" >&2; exit 70; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
seed=${ABP_FUZZ_SEED:-1}
build=build-fuzz

cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBUILD_TESTING=ON -DABP_FUZZ=ON -DABP_SANITIZE=address,undefined >/dev/null
cmake --build "$build" --target "${targets[@]/#/abp_fuzz_}"

# The bytes before a real export that make a seed of each target: its option bytes (comma,
# UTF-8, the first kind of check).
seed_prefix() {
  case $1 in
    catalogue) printf '\0\141' ;;
    edit) printf '\0\2' ;;
    line_readers) printf '\100' ;;
    *) return 1 ;;
  esac
}

# The dictionary of each target (tests/fuzz/NAME.dict): CSV for those that read catalogues.
dictionary() {
  case $1 in
    fold | serve) echo "$1" ;;
    *) echo csv ;;
  esac
}

findings=$build/findings
mkdir -p "$findings"
status=0
for name in "${targets[@]}"; do
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/"$name"/* "$corpus"/
  # A target with no finding yet has no regressions folder (git keeps no empty folder).
  if [ -d tests/fuzz/regressions/"$name" ]; then
    find tests/fuzz/regressions/"$name" -type f -size +0 -exec cp {} "$corpus"/ \;
  fi
  if seed_prefix "$name" >/dev/null && [ -d ../shared/corpus ]; then
    while IFS= read -r -d '' f; do
      { seed_prefix "$name"; head -c 4096 "$f"; } >"$corpus/shared-$(basename "$f")"
    done < <(find ../shared/corpus -type f \( -name '*.csv' -o -name '*.tsv' \) -print0)
  fi
  dict=(-dict=tests/fuzz/"$(dictionary "$name")".dict)
  log=$build/fuzz-$name.log
  echo "fuzz: $name for $seconds s from $(ls "$corpus" | wc -l) seeds (seed $seed)"
  if "$build/tests/fuzz/abp_fuzz_$name" -max_total_time="$seconds" -seed="$seed" -max_len=4096 \
    -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
    -artifact_prefix="$findings/$name-" "$corpus" >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || tail -1 "$log"
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec' "$log" | tr '\n' ' '
    echo
    if [ "${ABP_FUZZ_MERGE:-0}" = 1 ]; then
      # Only inputs that reach code the seeds do not (edges, not hit counts): a corpus small
      # enough to keep in the repository and replay in ctest.
      "$build/tests/fuzz/abp_fuzz_$name" -merge=1 -use_counters=0 "${dict[@]}" \
        tests/fuzz/corpus/"$name" "$corpus" >>"$log" 2>&1
    fi
  else
    status=1
    tail -40 "$log"
    echo "fuzz: FINDING in $name: $(ls "$findings"/"$name"-* 2>/dev/null | tr '\n' ' ')"
    echo "fuzz: reproduce with build/tests/fuzz/abp_fuzz_replay_$name FILE, fix, then add FILE to tests/fuzz/regressions/$name/"
  fi
  rm -rf "$corpus"
done
exit "$status"
