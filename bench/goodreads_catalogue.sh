#!/usr/bin/env bash
# Writes a real-world-shaped catalogue of about BYTES bytes to stdout (issue 17): the header of
# the shared corpus's 24-column Goodreads exports once, then their records again and again
# (quoted reviews with commas, long fields, Greek, Hebrew and Turkish text, empty publishers),
# byte-order marks and carriage returns taken out so every copy reads as one file.
# usage: bench/goodreads_catalogue.sh BYTES [CORPUS_DIR]   (default ../shared/corpus)
set -euo pipefail
want=$1
corpus=${2:-$(dirname "$0")/../../shared/corpus}
# The exports that share Goodreads' 24-column header, byte for byte.
files=()
header=""
for f in "$corpus"/goodreads/*.csv; do
  first=$(head -n 1 "$f" | sed 's/^\xef\xbb\xbf//' | tr -d '\r')
  case $first in
    'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies')
      files+=("$f"); header=$first ;;
  esac
done
[ ${#files[@]} -gt 0 ] || { echo "goodreads_catalogue: no 24-column Goodreads export in $corpus" >&2; exit 66; }
body=$(mktemp)
trap 'rm -f "$body"' EXIT
for f in "${files[@]}"; do tail -n +2 "$f" | tr -d '\r'; done >"$body"
# Each copy ends with a line end, so records never join across copies.
[ -z "$(tail -c 1 "$body")" ] || echo >>"$body"
printf '%s\n' "$header"
size=$(stat -c %s "$body")
for ((written = 0; written < want; written += size)); do cat "$body"; done
