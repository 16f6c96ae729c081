#!/usr/bin/env bash
# Measures abp export --sqlite on a generated catalogue: wall time, peak memory, database size,
# and the time of abp report on the database against abp report on the CSV.
# usage: bench/sqlite_export.sh [ABP_BINARY] [ROWS]    (defaults: build/abp, 1000000)
#
# The catalogue is generated here (awk, fixed seed, so every run measures the same bytes) in
# the reference layout: ROWS/5 authors, ~4 books each, ROWS/100 publishers, 10% of rows
# repeated, and a book published by up to three publishers.
set -euo pipefail
abp=$(realpath "${1:-build/abp}")
rows=${2:-1000000}
out=${ABP_BENCH_DIR:-$(dirname "$0")/out}
mkdir -p "$out"
csv="$out/sqlite_export_$rows.csv"
db="$out/sqlite_export_$rows.db"

if [ ! -s "$csv" ]; then
  awk -v rows="$rows" 'BEGIN {
    srand(7);
    authors = int(rows / 5); publishers = int(rows / 100);
    if (authors < 1) authors = 1; if (publishers < 1) publishers = 1;
    print "first_name,last_name,title,publisher";
    for (i = 0; i < rows; i++) {
      if (i > 0 && rand() < 0.1) { print last; continue }   # a repeated row
      a = int(rand() * authors); b = int(rand() * 4); p = int(rand() * publishers);
      last = sprintf("First%d,Last %d,\"Title %d, vol. %d\",Publisher %d", a % 997, a, a, b, p);
      print last;
    }
  }' >"$csv"
fi

measure() {  # measure LABEL COMMAND...: prints LABEL, wall and CPU seconds, peak RSS
  local label=$1 start end
  shift
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$out/time" "$@" >/dev/null
  end=$(date +%s.%N)
  read -r user sys rss <"$out/time"
  awk -v l="$label" -v s="$start" -v e="$end" -v u="$user" -v k="$sys" -v m="$rss" \
    'BEGIN { printf "%-34s %6.2f s wall  %6.2f s CPU  %5d MiB peak RSS\n", l, e - s, u + k, m / 1024 }' 
}

echo "rows: $rows ($(du -h "$csv" | cut -f1) CSV), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
rm -f "$db"
measure "export --sqlite" "$abp" export --sqlite "$db" "$csv"
echo "database: $(($(stat -c %s "$db") / 1048576)) MiB ($(stat -c %s "$db") bytes):" \
  "$(sqlite3 "$db" "SELECT (SELECT count(*) FROM author) || ' authors, ' ||
     (SELECT count(*) FROM book) || ' books, ' || (SELECT count(*) FROM publisher) ||
     ' publishers, ' || (SELECT count(*) FROM book_publisher) || ' book_publisher rows'")"
measure "report --section books,authors CSV" "$abp" report "$csv" --section books,authors
measure "report --section books,authors DB" "$abp" report "$db" --section books,authors
measure "report (all sections) CSV" "$abp" report "$csv"
measure "report (all sections) DB" "$abp" report "$db"
cmp -s <("$abp" report "$csv") <("$abp" report "$db") && echo "reports identical" ||
  { echo "REPORTS DIFFER"; exit 1; }
