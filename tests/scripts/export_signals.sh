#!/usr/bin/env bash
# Issue 12.6: Ctrl-C (SIGINT), SIGTERM or SIGHUP during `abp export` used to leave its temporary
# `.OUT.db.abp-PID-N.tmp` behind (up to 16 MB seen), and they piled up. Now the signal removes
# it and still ends abp as the signal asks (exit status 128+N); a temporary left by a process
# that is gone (SIGKILL) is removed by the next export, one of a live process is not.
source "$(dirname "$0")/lib/common.bash"
cd "$work"
command -v python3 >/dev/null || skip "python3 is missing"

# A catalogue big enough that the export takes a while (a second or so).
python3 - <<'EOF'
import random
random.seed(5)
with open("big.csv", "w") as f:
    f.write("first_name,last_name,title,publisher\n")
    for i in range(150000):
        f.write(f"First{random.randrange(40000)},Last{i % 977},Title {i},Publisher {i % 300}\n")
EOF

# run_default SIGNALS... -- CMD: runs CMD with default signal actions (a script's background job
# starts with SIGINT ignored, which abp rightly keeps ignored).
run_default() {
  exec python3 -c '
import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])
' "$@"
}

temporaries() { ls -A | grep '^\.out\.db\.abp-.*\.tmp$' || true; }

for signal in INT TERM HUP; do
  rm -f out.db
  run_default "$abp" export --sqlite out.db big.csv 2>err &
  pid=$!
  for _ in $(seq 400); do
    [ -n "$(temporaries)" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  [ -n "$(temporaries)" ] || fail "SIG$signal: the export never showed its temporary file"
  kill -s "$signal" "$pid"
  rc=0
  wait "$pid" || rc=$?
  want=$((128 + $(kill -l "$signal")))
  [ "$rc" = "$want" ] || fail "SIG$signal: exit status $rc, expected $want (ended by the signal)"
  [ -z "$(temporaries)" ] || fail "SIG$signal left $(temporaries)"
  [ ! -e out.db ] || fail "SIG$signal: a database appeared"
  echo "ok: SIG$signal during export -> status $rc, no temporary file left, no database"
done

# Leftovers of processes that are gone (SIGKILL, a power cut) are swept; a live one stays.
dead=".out.db.abp-2147483646-0.tmp"  # no process has that pid (pid_max is at most 2^22)
live=".out.db.abp-$$-0.tmp"          # this shell's
touch "$dead" "$live" ".other.db.abp-2147483646-0.tmp"
"$abp" export --sqlite out.db big.csv
[ ! -e "$dead" ] || fail "the temporary of a process that is gone was not removed"
[ -e "$live" ] || fail "the temporary of a live process was removed"
[ -e ".other.db.abp-2147483646-0.tmp" ] || fail "another file's temporary was removed"
"$abp" report --section books out.db >/dev/null || fail "the export after the sweep is unreadable"
echo "ok: the next export removed a dead process's temporary and kept a live one's"
