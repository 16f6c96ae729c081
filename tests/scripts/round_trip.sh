#!/usr/bin/env bash
# Issue 6.6, round trip: random values (any UTF-8 text without control characters) added with
# `abp add` come back exactly, normalised per SPEC §1, from `abp report --format csv --section
# tree` and --format json, in a reference-layout file, a Goodreads-style file (CRLF, no final
# line break, Author/Title/Publisher among other columns) and a .tsv file. Seeded: ABP_SEED.
source "$(dirname "$0")/lib/common.bash"
python3 "$lib_dir/round_trip.py" "$abp" "$work" "${ABP_SEED:-20240606}" "${ABP_ROUND_TRIPS:-40}"
