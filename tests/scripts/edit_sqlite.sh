#!/usr/bin/env bash
# Issue 13.4, edits on a database: a generated catalogue full of near-collisions (shared
# titles, authors and publishers, duplicate rows) is exported, then 80 random edits (renames
# of authors, publishers and titles, often to names that exist so that things merge; removes of
# books and of single facts; edits that match nothing) are applied to the CSV and to the
# database alike. After every edit:
# - `abp report` of the database is byte-identical to `abp report` of the CSV;
# - PRAGMA integrity_check says ok and PRAGMA foreign_key_check finds nothing;
# - the schema is right: no duplicate author name, book or pair; every book has a publisher,
#   every author a book, every publisher a book; author_publisher is exactly the pairs the
#   books give.
# A dry run changes neither; the exit codes and the number of changed rows agree where rows
# are facts.
source "$(dirname "$0")/lib/common.bash"
command -v sqlite3 >/dev/null || skip "sqlite3 is missing"

edits=${ABP_EDITS:-80}
csv=$work/books.csv
db=$work/books.db

python3 - "$csv" <<'EOF'
import random, sys
random.seed(7)
authors = ["Ann Lee", "Bob Stone", "Cy Twombly", "Di Prima", "Ed Ruscha", "Fay Wray",
           "Gus Van Sant", "Hal Foster"]
titles = ["It", "Dune", "Emma", "Ulysses", "Beloved", "Ubik", "Solaris", "Kindred"]
publishers = ["Ace", "Tor", "Penguin", "Vintage", "Knopf", "Harper"]
with open(sys.argv[1], "w") as f:
    f.write("first_name,last_name,title,publisher\n")
    for _ in range(400):
        first, last = random.choice(authors).split(" ", 1)
        f.write(f"{first},{last},{random.choice(titles)},{random.choice(publishers)}\n")
EOF
"$abp" export --sqlite "$db" "$csv"

check_database() {  # check_database WHAT
  local problems
  problems=$(sqlite3 "$db" "
    PRAGMA foreign_keys = ON;
    SELECT 'integrity: ' || integrity_check FROM pragma_integrity_check WHERE integrity_check != 'ok';
    SELECT 'foreign key: ' || \"table\" FROM pragma_foreign_key_check;
    SELECT 'two authors named ' || trim(first_name || ' ' || last_name) FROM author
      GROUP BY trim(first_name || ' ' || last_name) HAVING count(*) > 1;
    SELECT 'two books ' || title FROM book GROUP BY author_id, title HAVING count(*) > 1;
    SELECT 'two publishers ' || name FROM publisher GROUP BY name HAVING count(*) > 1;
    SELECT 'book without publisher ' || book_id FROM book
      WHERE book_id NOT IN (SELECT book_id FROM book_publisher);
    SELECT 'author without book ' || author_id FROM author
      WHERE author_id NOT IN (SELECT author_id FROM book);
    SELECT 'publisher without book ' || name FROM publisher
      WHERE publisher_id NOT IN (SELECT publisher_id FROM book_publisher);
    SELECT 'author pair not from a book' FROM (
      SELECT author_id, publisher_id FROM author_publisher EXCEPT
      SELECT b.author_id, bp.publisher_id FROM book_publisher bp JOIN book b USING (book_id));
    SELECT 'book pair without author pair' FROM (
      SELECT b.author_id, bp.publisher_id FROM book_publisher bp JOIN book b USING (book_id)
      EXCEPT SELECT author_id, publisher_id FROM author_publisher);
    SELECT 'duplicate pair' FROM book_publisher GROUP BY book_id, publisher_id HAVING count(*) > 1;
    SELECT 'duplicate pair' FROM author_publisher GROUP BY author_id, publisher_id
      HAVING count(*) > 1;")
  [ -z "$problems" ] || fail "$1: $problems"
  "$abp" report "$csv" >"$work/csv.txt"
  "$abp" report "$db" >"$work/db.txt"
  cmp -s "$work/csv.txt" "$work/db.txt" || {
    diff "$work/csv.txt" "$work/db.txt" | head -10
    fail "$1: the database's report differs from the CSV's"
  }
}

# next_edit N: the Nth edit, as tab-separated arguments, with names drawn mostly from what the
# CSV holds now (so that renames often merge), sometimes from names it does not hold.
next_edit() {
  python3 - "$csv" "$1" <<'EOF2'
import csv, random, sys
random.seed(int(sys.argv[2]))
with open(sys.argv[1], newline="") as f:
    rows = [(f"{r[0]} {r[1]}".strip(), r[2], r[3]) for r in list(csv.reader(f))[1:]]
def some(i, extra):
    values = sorted({r[i] for r in rows})
    return random.choice(values) if values and random.random() < 0.85 else random.choice(extra)
authors = ["Ivy Compton Burnett", "Nobody Here", "Ann Lee"]
titles = ["Nope", "Solaris", "It"]
publishers = ["Gollancz", "Nowhere", "Tor"]
kind = random.choice(["author"] * 3 + ["publisher"] * 2 + ["title"] * 3 + ["remove", "remove1"])
fact = random.choice(rows) if rows and random.random() < 0.85 else ("Nobody Here", "Nope", "Nowhere")
if kind == "author":
    args = ["rename", "author", fact[0], some(0, authors)]
elif kind == "publisher":
    args = ["rename", "publisher", fact[2], some(2, publishers)]
elif kind == "title":
    args = ["rename", "title", fact[0], fact[1], some(1, titles)]
elif kind == "remove":
    args = ["remove", fact[0], fact[1]]
else:
    args = ["remove", fact[0], fact[1], fact[2]]
if args[-1] == args[-2]:
    args[-1] += " II"  # OLD and NEW the same is refused (64), not an edit
print("\t".join(args))
EOF2
}

check_database "export"
changed=0
for ((n = 0; n < edits; n++)); do
  IFS=$'\t' read -r -a cmd < <(next_edit "$n")
  # A dry run changes nothing, on either.
  cp "$csv" "$work/csv.before"
  cp "$db" "$work/db.before"
  "$abp" "${cmd[0]}" --dry-run --file "$db" -- "${cmd[@]:1}" >/dev/null 2>&1 ||
    fail "dry run of ${cmd[*]} failed on the database"
  "$abp" "${cmd[0]}" --dry-run --file "$csv" -- "${cmd[@]:1}" >/dev/null 2>&1 ||
    fail "dry run of ${cmd[*]} failed on the CSV"
  cmp -s "$csv" "$work/csv.before" && cmp -s "$db" "$work/db.before" ||
    fail "a dry run of ${cmd[*]} changed a file"
  csv_rc=0 db_rc=0
  "$abp" "${cmd[0]}" --file "$csv" --no-backup -- "${cmd[@]:1}" >"$work/csv.out" 2>&1 ||
    csv_rc=$?
  "$abp" "${cmd[0]}" --file "$db" -- "${cmd[@]:1}" >"$work/db.out" 2>&1 || db_rc=$?
  [ "$csv_rc" = 0 ] && [ "$db_rc" = 0 ] ||
    fail "${cmd[*]}: exit $csv_rc on the CSV, $db_rc on the database: $(cat "$work/db.out")"
  grep -q "nothing changed" "$work/csv.out" || changed=$((changed + 1))
  [ ! -e "$db~" ] || fail "a database got a FILE~"
  check_database "edit $n (${cmd[*]})"
done
((changed > edits / 3)) || fail "only $changed of $n edits changed anything; the test proves little"
echo "ok: $n edits ($changed changing something): the database stayed consistent and reported" \
  "what the CSV reported"
