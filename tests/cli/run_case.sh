#!/usr/bin/env bash
# Runs one golden case: usage: run_case.sh ABP_BINARY CASE_DIR
#
# CASE_DIR holds `cmd` (a bash snippet; `abp` is on PATH, the cwd is a temp copy of CASE_DIR),
# optional `stdin`, and the expectations: expected.stdout, expected.stderr, expected.rc, and
# optionally expected.files/ (each file there, subfolders included, must equal the file at the
# same relative path after the run, e.g. the data file an `add` wrote). Output is compared byte
# for byte, never sorted. `cmd` may read the checkout's files through $ABP_SOURCE_DIR (never
# write there: it runs in the temp copy).
# ABP_UPDATE_GOLDEN=1 rewrites the expected files from this run (review the diff like code).
set -u
abp_bin=$(realpath "$1")
case_dir=$(realpath "$2")
export ABP_SOURCE_DIR=${ABP_SOURCE_DIR:-$(realpath "$(dirname "$0")/../..")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$case_dir"/. "$work"/
rm -rf "$work"/expected.*
mkdir -p "$work/.bin"
ln -s "$abp_bin" "$work/.bin/abp"

# Paths of the files under expected.files/, relative to it (none when there is no such folder).
expected_files() {
  [ -d "$case_dir/expected.files" ] && (cd "$case_dir/expected.files" && find . -type f | sort)
}

stdin_file=/dev/null
[ -f "$case_dir/stdin" ] && stdin_file="$case_dir/stdin"
(
  # The colour conventions are the caller's: a case sets them itself (report/color_*).
  cd "$work" && unset ABP_FILE NO_COLOR CLICOLOR CLICOLOR_FORCE &&
    LC_ALL=C PATH="$work/.bin:$PATH" bash ./cmd <"$stdin_file" >"$work/.stdout" 2>"$work/.stderr"
)
rc=$?

if [ "${ABP_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$work/.stdout" "$case_dir/expected.stdout"
  cp "$work/.stderr" "$case_dir/expected.stderr"
  echo "$rc" >"$case_dir/expected.rc"
  for f in $(expected_files); do cp "$work/$f" "$case_dir/expected.files/$f"; done
  echo "updated $case_dir"
  exit 0
fi

fail=0
check() {  # check NAME EXPECTED ACTUAL
  if ! cmp -s "$2" "$3"; then
    echo "--- $1 differs (expected, actual):"
    diff <(od -c "$2" | head -50) <(od -c "$3" | head -50) | head -40
    fail=1
  fi
}
check stdout "$case_dir/expected.stdout" "$work/.stdout"
check stderr "$case_dir/expected.stderr" "$work/.stderr"
expected_rc=$(cat "$case_dir/expected.rc")
if [ "$rc" != "$expected_rc" ]; then
  echo "--- exit code: expected $expected_rc, got $rc"
  fail=1
fi
for f in $(expected_files); do
  check "file $f" "$case_dir/expected.files/$f" "$work/$f"
done
if [ "$fail" != 0 ]; then
  echo "case: $case_dir"
  echo "cmd:"; cat "$case_dir/cmd"
  echo "stderr was:"; head -c 2000 "$work/.stderr"
fi
exit "$fail"
