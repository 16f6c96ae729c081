# Sourced by the script tests: the abp binary ($1) as an absolute path, a scratch folder that
# is removed on exit (with any background job the test left running), and small helpers.
set -euo pipefail
abp=$(realpath "$1")
lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/abp-test.XXXXXX")
chmod 755 "$work"
export LC_ALL=C
unset ABP_FILE NO_COLOR CLICOLOR CLICOLOR_FORCE

cleanup() {
  local pids
  pids=$(jobs -pr)
  [ -n "$pids" ] && kill $pids 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  exit 1
}

skip() {
  echo "SKIP: $*"
  exit 77
}

# check.py: independent checks with Python's csv and json modules (see its docstring).
check() {
  python3 "$lib_dir/check.py" "$@"
}

# expect_rc WANT CMD...: runs CMD and fails unless it exits WANT; its stderr is in $work/stderr.
expect_rc() {
  local want=$1 rc=0
  shift
  "$@" >"$work/stdout" 2>"$work/stderr" || rc=$?
  if [ "$rc" != "$want" ]; then
    echo "stderr: $(head -c 500 "$work/stderr")"
    fail "expected exit $want, got $rc from: $*"
  fi
}

# same_bytes A B WHAT: fails unless files A and B are byte-identical.
same_bytes() {
  cmp -s "$1" "$2" || fail "$3: the file changed ($(stat -c %s "$1") bytes before, $(stat -c %s "$2") after)"
}
