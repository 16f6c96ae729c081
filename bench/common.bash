# Sourced by bench/run.sh and bench/serve.sh: where things are ($here, $root, $out: BENCH_OUT or
# bench/out), messages, the abp and generator binaries, and the generated catalogues.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
out=${BENCH_OUT:-$here/out}
mkdir -p "$out"

say() { printf '%s\n' "$*" >&2; }

# need_binaries: sets $ABP and $GEN, building them (Release, build-bench/) unless both are given.
need_binaries() {
  [ -n "${ABP:-}" ] && [ -n "${GEN:-}" ] && return
  say "bench: building abp and gen_catalogue (Release, build-bench/)"
  cmake -S "$root" -B "$root/build-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DABP_BUILD_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
  cmake --build "$root/build-bench" -j 2 --target abp gen_catalogue >/dev/null
  ABP=${ABP:-$root/build-bench/abp}
  GEN=${GEN:-$root/build-bench/bench/gen_catalogue}
}

# generated_catalogue ROWS: the path of bench/gen_catalogue's catalogue of ROWS rows (seed 42),
# generated into $out the first time.
generated_catalogue() {
  local file="$out/catalogue-$1.csv"
  if [ ! -s "$file" ]; then
    say "bench: generating $1 rows -> $file"
    "$GEN" "$1" 42 >"$file.tmp" 2>/dev/null && mv "$file.tmp" "$file"
  fi
  printf '%s\n' "$file"
}
