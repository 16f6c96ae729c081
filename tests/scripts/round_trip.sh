#!/usr/bin/env bash
# Issue 6.6, round trip: random values (any UTF-8 text without control characters) added with
# `abp add` come back exactly, normalised per SPEC §1, from `abp report --format csv --section
# tree` and --format json, in a reference-layout file, a Goodreads-style file (CRLF, no final
# line break, Author/Title/Publisher among other columns) and a .tsv file. Seeded: ABP_SEED.
source "$(dirname "$0")/lib/common.bash"
python3 "$lib_dir/round_trip.py" "$abp" "$work" "${ABP_SEED:-20240606}" "${ABP_ROUND_TRIPS:-40}"

# A file kept in another encoding (--encoding): the row is written in that encoding, so the
# file stays in one encoding and reads back; a character it cannot hold, or an encoding that
# does not extend ASCII (UTF-16), is refused with 64 and nothing written.
l1=$work/latin1.csv
printf 'author,title,publisher\nG\xf6the,Faust,Reclam\n' >"$l1"
expect_rc 0 "$abp" add --file "$l1" --encoding latin1 "Schrödinger" "Was ist Leben?" "Piper"
[ "$(tail -n 1 "$l1")" = "$(printf 'Schr\xf6dinger,Was ist Leben?,Piper')" ] ||
  fail "latin1: the row was not written in latin1: $(tail -n 1 "$l1" | od -c | head -3)"
expect_rc 0 "$abp" report "$l1" --encoding latin1 --format csv --section tree
grep -qx 'Schrödinger,Was ist Leben?,Piper' "$work/stdout" || fail "latin1: no round trip"
cp "$l1" "$work/before"
expect_rc 64 "$abp" add --file "$l1" --encoding latin1 "中文" "Title" "Publisher"
same_bytes "$work/before" "$l1" "latin1, a character latin1 lacks"
printf 'author,title,publisher\nA,B,C\n' | iconv -t UTF-16 >"$work/utf16.csv"
cp "$work/utf16.csv" "$work/before"
expect_rc 64 "$abp" add --file "$work/utf16.csv" --encoding UTF-16 "Ann" "Title" "Publisher"
same_bytes "$work/before" "$work/utf16.csv" "UTF-16"
# A new file is written in the --encoding given, so the same add a second time finds the row.
expect_rc 0 "$abp" add --file "$work/new-latin1.csv" --encoding latin1 "Zoë Brontë" "T" "P"
grep -q "$(printf 'Zo\xeb,Bront\xeb,T,P')" "$work/new-latin1.csv" || fail "new latin1 file: not latin1"
expect_rc 0 "$abp" add --file "$work/new-latin1.csv" --encoding latin1 "Zoë Brontë" "T" "P"
grep -q "already holds" "$work/stderr" || fail "new latin1 file: the second add did not find the row"
echo "ok: --encoding: rows are written in the file's encoding, or refused"
