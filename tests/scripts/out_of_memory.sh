#!/usr/bin/env bash
# Issue 12.2: `abp report /dev/zero` (a record that never ends) read until memory ran out and
# exited 70, "a bug". Out of memory is a condition of the input and the machine: one clear line
# and exit 71 (README, "Exit codes"). The memory is capped with ulimit -v so the test is quick
# and harmless on a shared machine. No thread able to start (the limit on processes) is 71 too.
source "$(dirname "$0")/lib/common.bash"
cd "$work"
not_sanitized "sanitizers reserve more address space than the cap allows"

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

# No thread can be started (the limit on processes, as in a container with a small pids.max):
# a condition of the machine too, so 71 and a line that says which limit, not 70, "a bug".
# prlimit binds a user that is not root; as root, the check runs as nobody (setpriv).
if ! as_nobody; then
  echo "SKIP (this part): running as root without a usable setpriv"
else
  # Standard input is opened here, so the user the check runs as needs no access to the file.
  expect_rc 71 "${as_user[@]}" prlimit --nproc=1 "$abp" report - \
    <"$source_dir/data/author_book_publisher.csv"
  [ "$(cat "$work/stderr")" = "abp: error: cannot start a thread: the limit on processes is reached (ulimit -u, or a container's pids limit); try again when fewer are running" ] ||
    fail "thread limit: unclear message: $(cat "$work/stderr")"
  echo "ok: no thread can start -> 71"
fi
