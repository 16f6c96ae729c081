#!/usr/bin/env bash
# Exports the bundled data and every corpus file (with the flags SOURCES.md names) to SQLite,
# then checks that `abp report FILE.db` prints byte for byte what `abp report FILE.csv` prints,
# in every format, for every section and report flag; that SQLite finds the database sound
# (integrity_check, foreign_key_check); and that the association tables agree with the books.
# Files the CSV report rejects must be rejected by export the same way, leaving no database.
# usage: sqlite_roundtrip.sh ABP_BINARY   (env ABP_CORPUS: the shared corpus; ABP_SOURCE_DIR)
source "$(dirname "$0")/lib/common.bash"
corpus=${ABP_CORPUS:-}
needs sqlite3

# Every combination the report offers; csv, tsv and ndjson take exactly one section.
report_variants() {
  local flags
  for flags in "" "--ascending" "--ascii" "--top 3" "--top 1 --ascending" "--bars" \
               "--section books" "--section authors,tree" "--section tree --ascii"; do
    echo "--format text $flags"
  done
  for format in csv tsv ndjson; do
    for section in books authors tree; do
      echo "--format $format --section $section"
      echo "--format $format --section $section --ascending --top 5"
    done
  done
  echo "--format ndjson"
  for flags in "" "--section books" "--section authors --ascending" "--section tree" \
               "--section books,authors --top 2"; do
    echo "--format json $flags"
  done
}

# check_file NAME FILE [input flags...]
check_file() {
  local name=$1 file=$2
  shift 2
  local db="$work/$name.db"
  local csv_rc=0 export_rc=0
  "$abp" report "$@" "$file" >"$work/csv.out" 2>"$work/csv.err" || csv_rc=$?
  "$abp" export --sqlite "$db" "$@" "$file" >"$work/export.out" 2>"$work/export.err" ||
    export_rc=$?
  if [ "$csv_rc" != 0 ]; then
    [ "$export_rc" = "$csv_rc" ] || problem "$name: report exits $csv_rc but export exits $export_rc"
    [ ! -e "$db" ] || problem "$name: export failed but left $db"
    cmp -s "$work/csv.err" "$work/export.err" || problem "$name: export's error differs from report's"
    echo "ok $name (rejected by both: exit $csv_rc)"
    return
  fi
  [ "$export_rc" = 0 ] || { problem "$name: export exits $export_rc: $(cat "$work/export.err")"; return; }
  [ -s "$work/export.out" ] && problem "$name: export wrote to stdout"
  cmp -s "$work/csv.err" "$work/export.err" || problem "$name: export's notes differ from report's"

  local n=0 variant
  while read -r variant; do
    # FILE goes first: a repeatable --section would take a FILE after it as one more value.
    # shellcheck disable=SC2086  # the variant is a list of flags
    local a_rc=0 b_rc=0
    "$abp" report "$file" "$@" $variant >"$work/a.out" 2>"$work/a.err" || a_rc=$?
    # shellcheck disable=SC2086
    "$abp" report "$db" $variant >"$work/b.out" 2>"$work/b.err" || b_rc=$?
    n=$((n + 1))
    if [ "$a_rc" != 0 ] || [ "$b_rc" != 0 ] || ! cmp -s "$work/a.out" "$work/b.out"; then
      problem "$name: report $variant differs (csv exit $a_rc, db exit $b_rc)"
      diff "$work/a.out" "$work/b.out" | head -5 || true
    fi
  done < <(report_variants)

  local integrity keys mismatched
  integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
  [ "$integrity" = ok ] || problem "$name: integrity_check: $integrity"
  keys=$(sqlite3 "$db" 'PRAGMA foreign_key_check')
  [ -z "$keys" ] || problem "$name: foreign_key_check: $keys"
  # author_publisher holds exactly the (author, publisher) pairs of the books.
  mismatched=$(sqlite3 "$db" "
    SELECT count(*) FROM (
      SELECT b.author_id, bp.publisher_id FROM book_publisher bp JOIN book b USING (book_id)
      EXCEPT SELECT author_id, publisher_id FROM author_publisher
      UNION ALL
      SELECT author_id, publisher_id FROM author_publisher
      EXCEPT SELECT b.author_id, bp.publisher_id FROM book_publisher bp JOIN book b USING (book_id))")
  [ "$mismatched" = 0 ] || problem "$name: author_publisher disagrees with the books ($mismatched)"
  echo "ok $name ($n reports identical, $(sqlite3 "$db" 'SELECT count(*) FROM book_publisher') facts)"
}

# A file both refuse passes check_file; the bundled data must not be one.
"$abp" report "$source_dir/data/author_book_publisher.csv" >/dev/null ||
  fail "abp cannot report the bundled data"
check_file bundled "$source_dir/data/author_book_publisher.csv"
check_file bundled_split "$source_dir/data/author_book_publisher.csv" --split-authors " "

if [ -z "$corpus" ] || [ ! -d "$corpus" ]; then
  echo "corpus not found (set ABP_CORPUS); checked the bundled data only"
else
  for f in "$corpus"/goodreads/*.csv "$corpus"/reference/*.csv; do
    check_file "$(basename "$f" .csv)" "$f"
  done
  check_file header_joined_skip "$corpus/goodreads/header_joined_to_first_row.csv" --skip-bad-rows
  check_file calibre_catalog "$corpus/calibre/calibre_catalog_bom_no_publisher.csv"
  check_file calibredb "$corpus/calibre/calibredb_list_semicolon_wrapped.csv" --delimiter ';'
  check_file librarything_crlf "$corpus/librarything/librarything_export_crlf.csv" \
    --author-column "Primary Author" --publisher-column Publication
  check_file librarything_found "$corpus/librarything/librarything_export_crlf.csv"
  check_file librarything_tsv "$corpus/librarything/librarything_mixed_encoding.tsv" \
    --author-column "Primary Author" --publisher-column Publication
  check_file librarything_latin1 "$corpus/librarything/librarything_mixed_encoding.tsv" \
    --author-column "Primary Author" --publisher-column Publication --encoding latin1
  check_file kaggle_strict "$corpus/kaggle/books.csv"
  check_file kaggle "$corpus/kaggle/books.csv" --skip-bad-rows
  check_file kaggle_split "$corpus/kaggle/books.csv" --skip-bad-rows --split-authors /
fi

finish "all exports match their CSV reports"
