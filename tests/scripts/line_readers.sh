#!/usr/bin/env bash
# abp has two line readers: fast-cpp-csv-parser's io::LineReader (standard input, pipes,
# --encoding) and the block reader of io/line_source.cpp (regular files). Both must give the
# same bytes: every golden case runs with each forced on every input ($ABP_LINE_READER) and
# must still match its expected files, and every file of the corpus must give the same
# stdout, stderr and exit code through both.
# usage: line_readers.sh ABP_BINARY   (env ABP_CORPUS: the corpus folder, optional)
source "$(dirname "$0")/lib/common.bash"
tests_dir=$(cd "$lib_dir/../.." && pwd)

cases=0
for case_dir in "$tests_dir"/cli/cases/*/*/; do
  for reader in fccp direct; do
    if ! ABP_LINE_READER=$reader bash "$tests_dir/cli/run_case.sh" "$abp" "$case_dir" \
      >"$work/case.out" 2>&1; then
      cat "$work/case.out"
      fail "golden case $case_dir differs with ABP_LINE_READER=$reader"
    fi
  done
  cases=$((cases + 1))
done
[ "$cases" -gt 100 ] || fail "only $cases golden cases found under $tests_dir/cli/cases"

files=0
if [ -n "${ABP_CORPUS:-}" ] && [ -d "$ABP_CORPUS" ]; then
  while IFS= read -r -d '' file; do
    for flags in "" "--skip-bad-rows"; do
      for reader in fccp direct; do
        rc=0
        # shellcheck disable=SC2086 # $flags is one flag or none
        ABP_LINE_READER=$reader "$abp" report --format json $flags "$file" \
          >"$work/$reader.out" 2>"$work/$reader.err" || rc=$?
        echo "$rc" >"$work/$reader.rc"
      done
      for part in out err rc; do
        cmp -s "$work/fccp.$part" "$work/direct.$part" ||
          fail "$file $flags: the two readers give different $part"
      done
    done
    files=$((files + 1))
  done < <(find "$ABP_CORPUS" -type f ! -name SOURCES.md -print0)
fi
echo "ok: $cases golden cases and $files corpus files read the same through both line readers"
