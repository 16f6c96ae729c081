#!/usr/bin/env bash
# Issue 13.3, write errors during `abp rename` / `abp remove`: a file-size limit (EFBIG), a
# full disk (ENOSPC, a real 64 KiB tmpfs) and write(2) or fsync(2) failing with EIO (injected
# with tests/fault/fault_inject.cpp) each exit 74 with a message saying the file was left as
# it was; FILE is byte-identical, no FILE~ was made and nothing is left beside it. Without the
# fault the same edit works, so the failures came from the faults. Parts that need root
# (mount) or the fault library say SKIP and the rest goes on.
source "$(dirname "$0")/lib/common.bash"

# make_catalogue FILE ROWS: a reference-layout catalogue in which every row has publisher Pub.
make_catalogue() {
  python3 - "$1" "$2" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("first_name,last_name,title,publisher\n")
    for i in range(int(sys.argv[2])):
        f.write(f"Ann,Author {i % 50},Book {i},Pub\n")
EOF
}

# expect_untouched WANT WHAT CMD...: CMD exits WANT saying the file is unchanged, the folder
# of $file holds exactly what it held, and $file its bytes.
expect_untouched() {
  local want=$1 what=$2 folder
  shift 2
  folder=$(dirname "$file")
  cp "$file" "$work/before"
  ls -A "$folder" >"$work/listing.before"
  expect_rc "$want" "$@"
  grep -q "left as it was" "$work/stderr" ||
    fail "$what: the message does not say the file is unchanged: $(cat "$work/stderr")"
  same_bytes "$work/before" "$file" "$what"
  ls -A "$folder" >"$work/listing.after"
  cmp -s "$work/listing.before" "$work/listing.after" ||
    fail "$what: the folder changed: $(diff "$work/listing.before" "$work/listing.after" | tr '\n' ' ')"
  [ ! -s "$work/stdout" ] || fail "$what: rows were printed for a change that was not made"
  echo "ok: $what -> $want: $(cat "$work/stderr")"
}

rename_pub() { "$abp" rename --file "$file" publisher Pub "A Publisher With A Longer Name"; }
remove_book() { "$abp" remove --file "$file" "Ann Author 1" "Book 1"; }

# EFBIG: the new file outgrows the limit (bash counts ulimit -f in 1024-byte blocks).
mkdir "$work/limit"
file=$work/limit/books.csv
make_catalogue "$file" 2000
expect_untouched 74 "EFBIG, rename" bash -c 'ulimit -f 60; exec "$@"' _ \
  "$abp" rename --file "$file" publisher Pub "A Publisher With A Longer Name"
grep -q "too large" "$work/stderr" || fail "EFBIG: the message does not name the size limit"
expect_untouched 74 "EFBIG, remove" bash -c 'ulimit -f 40; exec "$@"' _ \
  "$abp" remove --file "$file" "Ann Author 1" "Book 1"

# ENOSPC on a 64 KiB tmpfs that the new version cannot fit beside the old one.
mnt=$work/small
mkdir "$mnt"
if mount -t tmpfs -o size=64k,mode=0755 abp-test "$mnt" 2>/dev/null; then
  trap 'umount "$mnt" 2>/dev/null; cleanup' EXIT
  file=$mnt/books.csv
  make_catalogue "$file" 1000  # about 27 KiB
  # Leave 8 KiB free: far less than a second copy needs.
  pages=$((($(stat -c %s "$file") + 4095) / 4096))
  dd if=/dev/zero of="$mnt/filler" bs=4096 count=$((16 - pages - 2)) status=none
  expect_untouched 74 "ENOSPC, rename" rename_pub
  grep -q "space" "$work/stderr" || fail "ENOSPC: the message does not say the disk is full"
  expect_untouched 74 "ENOSPC, remove" remove_book
  rm "$mnt/filler"
  expect_rc 0 remove_book
  echo "ok: with room, the same remove works"
  umount "$mnt"
  trap cleanup EXIT
else
  echo "SKIP: ENOSPC (cannot mount a tmpfs here)"
fi

# Injected faults: write(2) fails, a write is cut short then fails, fsync(2) fails.
lib=${ABP_FAULT_LIB:-}
if [ -n "$lib" ] && [ -f "$lib" ]; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
  mkdir "$work/faults"
  file=$work/faults/books.csv
  make_catalogue "$file" 3000
  for fault in write_eio short_write fsync_eio; do
    expect_untouched 74 "$fault, rename" env ABP_FAULT=$fault LD_PRELOAD="$lib" \
      "$abp" rename --file "$file" publisher Pub "Other Pub"
    expect_untouched 74 "$fault, remove" env ABP_FAULT=$fault LD_PRELOAD="$lib" \
      "$abp" remove --file "$file" "Ann Author 1" "Book 1"
  done
  # A database: SQLite's own I/O error, same promise (its journal undoes the transaction).
  "$abp" export --sqlite "$work/faults/books.db" "$file"
  cp "$work/faults/books.db" "$work/db.before"
  expect_rc 74 env ABP_FAULT=write_eio LD_PRELOAD="$lib" \
    "$abp" rename --file "$work/faults/books.db" publisher Pub "Other Pub"
  "$abp" report "$work/faults/books.db" >"$work/after.txt"
  "$abp" report "$work/db.before" >"$work/before.txt"
  cmp -s "$work/before.txt" "$work/after.txt" || fail "database: a failed edit changed the report"
  if command -v sqlite3 >/dev/null; then
    [ "$(sqlite3 "$work/faults/books.db" 'PRAGMA integrity_check')" = ok ] ||
      fail "database: not consistent after a failed edit"
  fi
  echo "ok: write_eio, database -> 74, the report as before"
  expect_rc 0 "$abp" rename --file "$file" publisher Pub "Other Pub"
  echo "ok: without the fault the same rename works"
else
  echo "SKIP: injected faults (the fault-injection library was not built: ABP_FAULT_LIB)"
fi
echo "ok: write errors leave the catalogue as it was"
