#!/usr/bin/env bash
# Issue 12.2: `abp report /dev/zero` (a record that never ends) read until memory ran out and
# exited 70, "a bug". Out of memory is a condition of the input and the machine: one clear line
# and exit 71 (README, "Exit codes"). The memory is capped with ulimit -v so the test is quick
# and harmless on a shared machine.
source "$(dirname "$0")/lib/common.bash"
cd "$work"
[ -z "${ABP_SANITIZED:-}" ] || skip "sanitizers reserve more address space than the cap allows"

# expect_out_of_memory WHAT CMD...: CMD, under a 256 MiB address-space cap, must exit 71 with
# one line naming the cause, and nothing on stdout.
expect_out_of_memory() {
  local what=$1
  shift
  expect_rc 71 bash -c 'ulimit -v 262144 && exec "$@"' bash "$@"
  [ ! -s "$work/stdout" ] || fail "$what: printed a report"
  [ "$(cat "$work/stderr")" = "abp: error: out of memory: the input needs more memory than this system gives (a catalogue too large, or not a catalogue: a record that never ends)" ] ||
    fail "$what: unclear message: $(cat "$work/stderr")"
  echo "ok: $what -> 71"
}

expect_out_of_memory "report /dev/zero" timeout 120 "$abp" report /dev/zero
expect_out_of_memory "report - < /dev/zero" timeout 120 "$abp" report - </dev/zero
expect_out_of_memory "export /dev/zero" timeout 120 "$abp" export --sqlite out.db /dev/zero
[ ! -e out.db ] || fail "export /dev/zero left a database"
