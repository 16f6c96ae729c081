#!/usr/bin/env bash
# Issue 12.11: adding a row that is already there needs no write, so a read-only catalogue
# answers it like a writable one: exit 0 and the "already holds" note, for a CSV file as for a
# database (the CSV used to give 73). A new row still cannot go in: 73, the file unchanged.
source "$(dirname "$0")/lib/common.bash"
cd "$work"

# root may write any file: run abp as nobody, as write_errors.sh does.
as_nobody || skip "running as root without a usable setpriv"

printf 'first_name,last_name,title,publisher\nIsaac,Asimov,Foundation,Random House\n' >books.csv
"$abp" export --sqlite books.db books.csv
chmod 444 books.csv books.db
cp books.csv before.csv
cp books.db before.db

for file in books.csv books.db; do
  expect_rc 0 "${as_user[@]}" "$abp" add --file "$file" "Isaac Asimov" "Foundation" "Random House"
  grep -q "already holds Isaac Asimov / Foundation / Random House; nothing written" "$work/stderr" ||
    fail "$file: no 'already holds' note: $(cat "$work/stderr")"
  grep -q Foundation "$work/stdout" || fail "$file: no reprint of the tree"
  echo "ok: read-only $file, the row already there -> 0 and the note"
  expect_rc 73 "${as_user[@]}" "$abp" add --file "$file" "Ann Patchett" "Bel Canto" "Harper"
  echo "ok: read-only $file, a new row -> 73: $(cat "$work/stderr")"
done
same_bytes before.csv books.csv "read-only books.csv"
same_bytes before.db books.db "read-only books.db"
