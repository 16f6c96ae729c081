#!/usr/bin/env bash
# Issue 6.2, I/O errors injected where no real disk can be made to fail on cue: with
# tests/fault/fault_inject.cpp preloaded, write(2), fsync(2) and ftruncate(2) fail with EIO.
# A failed write, a short write followed by an error, and an fsync that fails after the whole
# row reached the file each exit 74 with the file byte-identical to before (the append is
# truncated back) and no temp file; a new file whose write or fsync fails is not created. If
# the undo itself fails, abp says the file may end with part of the row instead of claiming
# it is unchanged. A SIGKILL in the middle of the write leaves the whole row.
source "$(dirname "$0")/lib/common.bash"

lib=${ABP_FAULT_LIB:-}
[ -n "$lib" ] && [ -f "$lib" ] || skip "the fault-injection library was not built (ABP_FAULT_LIB)"
# A sanitizer runtime wants to come first; it still works when the small library loads first.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

file=$work/books.csv
printf 'first_name,last_name,title,publisher\nAnn,Lee,Book,Pub\n' >"$file"

with_fault() {  # with_fault FAULTS CMD...
  local faults=$1
  shift
  ABP_FAULT=$faults LD_PRELOAD=$lib "$@"
}

# Each fault on its own: the append is undone and the message says so.
for fault in write_eio short_write fsync_eio; do
  cp "$file" "$work/before"
  expect_rc 74 with_fault "$fault" "$abp" add --file "$file" "Jane Doe" "Title, $fault" "Pub"
  grep -q "input/output error; the file was left as it was" "$work/stderr" ||
    fail "$fault: unexpected message: $(cat "$work/stderr")"
  same_bytes "$work/before" "$file" "$fault"
  echo "ok: $fault -> 74, file unchanged: $(cat "$work/stderr")"
done

# The undo fails too: abp must not claim the file is unchanged.
for fault in short_write fsync_eio; do
  cp "$file" "$work/before"
  expect_rc 74 with_fault "$fault,ftruncate_eio" "$abp" add --file "$file" "Jane Doe" "Undo $fault" "P"
  grep -q "undoing it failed too" "$work/stderr" ||
    fail "$fault + ftruncate_eio: the message hides that the file changed: $(cat "$work/stderr")"
  ! grep -q "left as it was" "$work/stderr" || fail "$fault + ftruncate_eio: claims the file is unchanged"
  echo "ok: $fault + failed undo -> 74, and says so: $(cat "$work/stderr")"
  cp "$work/before" "$file"
done

# A new file: nothing appears, under either name.
mkdir "$work/new"
for fault in write_eio short_write fsync_eio; do
  expect_rc 74 with_fault "$fault" "$abp" add --file "$work/new/books.csv" "Jane Doe" "T" "P"
  grep -q "no file was created" "$work/stderr" || fail "new file, $fault: $(cat "$work/stderr")"
  [ -z "$(ls -A "$work/new")" ] || fail "new file, $fault: left $(ls -A "$work/new")"
  echo "ok: new file, $fault -> 74, nothing created"
done

# SIGKILL while the row is half written (Linux stops a write between two pages for it): the
# row still lands whole, and a reader that takes the shared lock, as abp does, never sees half.
cp "$file" "$work/before"
size_before=$(stat -c %s "$file")
# A simple command, not with_fault: $! must be abp itself, not a subshell waiting for it.
ABP_FAULT=pause_mid_write LD_PRELOAD=$lib "$abp" add --file "$file" "Kill Mid" "Half, written" \
  "Pub" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do
  (($(stat -c %s "$file") > size_before)) && break
  sleep 0.05
done
(($(stat -c %s "$file") > size_before)) || fail "kill mid-write: the first half never came"
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
flock --shared --timeout 10 "$file" true || fail "kill mid-write: the lock stayed taken"
{ cat "$work/before" && printf 'Kill,Mid,"Half, written",Pub\n'; } >"$work/want"
cmp -s "$file" "$work/want" ||
  fail "kill mid-write: the file ends with: $(tail -c 40 "$file")"
echo "ok: killed in the middle of its write, abp add still leaves the whole row"
cp "$work/before" "$file"

# Without faults the same adds work, so the failures above came from the injected errors.
expect_rc 0 "$abp" add --file "$file" "Jane Doe" "Title, fsync_eio" "Pub"
expect_rc 0 "$abp" add --file "$work/new/books.csv" "Jane Doe" "T" "P"
echo "ok: injected I/O errors are undone or reported truthfully"
