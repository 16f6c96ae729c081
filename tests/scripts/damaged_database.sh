#!/usr/bin/env bash
# Issues 12.8 and 12.9: a database damaged on disk, or holding bytes that are not UTF-8 (edited
# with sqlite3), used to be reported with exit 0: a tree missing authors that the count
# sections still counted, invalid JSON. Now each is refused with 65, one line saying what is
# wrong (with `sqlite3 FILE .recover` for damage), and nothing on stdout.
source "$(dirname "$0")/lib/common.bash"
cd "$work"
command -v python3 >/dev/null || skip "python3 is missing"

python3 - <<'EOF_PY'
with open("books.csv", "w") as f:
    f.write("first_name,last_name,title,publisher\n")
    for i in range(20000):
        f.write(f"First{i % 89},Last{i % 2600},Title {i % 11800},Publisher {i % 20}\n")
EOF_PY
"$abp" export --sqlite books.db books.csv
"$abp" report --format json books.db >good.json || fail "the undamaged database does not report"

# damage COPY OBJECT: copies books.db to COPY and sets the cell count of OBJECT's (a table or
# index) second leaf page to 1: a b-tree page that silently loses rows, as a torn write can.
damage() {
  python3 - "$1" "$2" <<'EOF_PY'
import shutil, sqlite3, struct, sys
copy, name = sys.argv[1], sys.argv[2]
db = sqlite3.connect("books.db")
size = db.execute("PRAGMA page_size").fetchone()[0]
leaves = [p for (p,) in db.execute(
    "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (name,))]
db.close()
shutil.copy("books.db", copy)
with open(copy, "r+b") as f:
    f.seek((leaves[1] - 1) * size + 3)  # the b-tree page header's cell count
    f.write(struct.pack(">H", 1))
EOF_PY
}

# expect_refused WHAT HINT CMD...: CMD must exit 65 with one `abp: error:` line holding HINT and
# print nothing on stdout.
expect_refused() {
  local what=$1 hint=$2
  shift 2
  expect_rc 65 "$@"
  [ ! -s "$work/stdout" ] || fail "$what: a report was printed ($(wc -c <"$work/stdout") bytes)"
  [ "$(wc -l <"$work/stderr")" = 1 ] || fail "$what: not one line on stderr: $(cat "$work/stderr")"
  grep -q "^abp: error: .*$hint" "$work/stderr" || fail "$what: unclear message: $(cat "$work/stderr")"
  echo "ok: $what -> 65: $(cat "$work/stderr")"
}

# An author page loses rows: the tree used to drop authors the count sections still counted.
damage author.db author
expect_refused "a damaged author table" "sqlite3 author.db .recover" "$abp" report author.db
# The index both the counts and the tree read: the answer used to be wrong but consistent.
damage pair.db book_publisher_pair
expect_refused "a damaged index" "sqlite3 pair.db .recover" "$abp" report --format json pair.db
expect_refused "a damaged database, one section" "\.recover" \
  "$abp" report --section books pair.db
# add reprints the tree from the database: the same check.
cp author.db add.db
expect_refused "add to a damaged database" "\.recover" "$abp" add --file add.db "A B" "T" "P"

# Bytes that are not UTF-8 written with sqlite3, in each kind of name.
for edit in "UPDATE book SET title = CAST(X'436166E9' AS TEXT) WHERE book_id = 7" \
  "UPDATE author SET last_name = CAST(X'4C61737480' AS TEXT) WHERE author_id = 3" \
  "UPDATE publisher SET name = CAST(X'50FF' AS TEXT) WHERE publisher_id = 2"; do
  cp books.db utf8.db
  python3 -c 'import sqlite3, sys; db = sqlite3.connect("utf8.db"); db.execute(sys.argv[1]); db.commit()' "$edit"
  expect_refused "invalid UTF-8 ($edit)" "not valid UTF-8" "$abp" report --format json utf8.db
done
expect_refused "invalid UTF-8, count section only" "publisher name .*not valid UTF-8" \
  "$abp" report --section books --format csv utf8.db

"$abp" report --format json books.db | cmp -s - good.json || fail "the undamaged database reports differently"
