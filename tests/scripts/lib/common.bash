# Sourced by every script test: the abp binary ($1) as an absolute path, the checkout, a
# scratch folder that is removed on exit (with any background job the test left running), the
# C locale, no $ABP_FILE, and small helpers.
set -euo pipefail
abp=$(realpath "$1")
lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The checkout the test belongs to (ctest passes it as $ABP_SOURCE_DIR).
source_dir=${ABP_SOURCE_DIR:-$(cd "$lib_dir/../../.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/abp-test.XXXXXX")
chmod 755 "$work"
export LC_ALL=C
unset ABP_FILE NO_COLOR CLICOLOR CLICOLOR_FORCE

cleanup() {
  local pids
  pids=$(jobs -pr)
  # A job may end between `jobs` and `kill`: kill then fails, and under set -e that failure
  # (the last of an && list) would end the test with 1 and no message.
  [ -n "$pids" ] && { kill $pids 2>/dev/null || true; }
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

# needs COMMAND...: skips the test unless every COMMAND is installed.
needs() {
  local command
  for command in "$@"; do
    command -v "$command" >/dev/null || skip "$command is not installed (scripts/setup.sh installs it)"
  done
}

# not_sanitized WHY: skips the test when abp is built with sanitizers ($ABP_SANITIZED), saying
# why (tests of time or memory measure the sanitizers' cost there).
not_sanitized() {
  [ -z "${ABP_SANITIZED:-}" ] || skip "$*"
}

# as_nobody: for checks that root would pass by bypassing file modes or limits. As root, sets
# as_user to a setpriv prefix that runs a command as nobody and points $abp at a copy in the
# scratch folder, since the build may sit where nobody cannot reach it (CI's clone lies in a
# private mktemp folder); returns 1 where setpriv cannot drop root. For any other user, sets
# as_user empty.
as_nobody() {
  as_user=()
  [ "$(id -u)" = 0 ] || return 0
  if [ "$abp" != "$work/abp" ]; then
    cp "$abp" "$work/abp"
    # serve's HTTP module is found beside the binary
    [ ! -f "$(dirname "$abp")/abp-http.so" ] || cp "$(dirname "$abp")/abp-http.so" "$work/"
    abp=$work/abp
  fi
  setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$abp" 2>/dev/null || return 1
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
}

# problem MESSAGE: reports a failure and lets the test go on to find the others; finish ends it.
problems=0
problem() {
  echo "FAIL: $*"
  problems=$((problems + 1))
}

# finish WHAT: exits 1 when problem() was called, else says that WHAT passed.
finish() {
  [ "$problems" -eq 0 ] || exit 1
  echo "ok: $*"
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
