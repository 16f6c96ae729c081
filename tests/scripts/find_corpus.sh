#!/usr/bin/env bash
# SPEC §7 on every readable export of the shared corpus, against a second reading of it
# (lib/fold_reference.py: Python's unicodedata, not libutf8proc): `abp dupes --format json`,
# `abp report --fold` (every section, author-books too) and the filters must give what the
# reference gives, for the CSV and for the database `abp export` makes of it. Then the groups
# issue 14 names must be there (TOR/Tor, ROC/Roc, April yayıncılık, ALBIN MICHEL) and
# `Feiwel  and Friends`, one name already by SPEC §1, must not be a group.
# usage: find_corpus.sh ABP_BINARY   (env ABP_CORPUS: the corpus folder)
source "$(dirname "$0")/lib/common.bash"
corpus=${ABP_CORPUS:-}
[ -n "$corpus" ] && [ -d "$corpus" ] || skip "no corpus folder (set ABP_CORPUS)"
command -v python3 >/dev/null || skip "python3 is missing"

PYTHONPATH="$lib_dir" python3 - "$abp" "$corpus" "$work" <<'EOF'
import json
import os
import subprocess
import sys

import corpus_flags
import fold_reference as fr
import reference_reader as ref

abp, corpus, work = sys.argv[1:4]
# Files that read, each with the flags it needs (lib/corpus_flags.py; corpus.sh checks the
# others fail right).
FILES = [
    "reference/author_book_publisher.csv",
    "goodreads/drkenreid_crlf_1206rows.csv",
    "goodreads/excel_resave_bom_crlf.csv",
    "goodreads/russian_cyrillic_small.csv",
    "goodreads/hebrew_rtl.csv",
    "goodreads/greek.csv",
    "goodreads/turkish_1337rows.csv",
    "goodreads/largest_2196rows_many_empty_publishers.csv",
    "goodreads/one_third_empty_publishers.csv",
    "goodreads/old_31col_format_cyrillic_cjk.csv",
    "goodreads/crlf_no_final_newline_extra_column.csv",
    "goodreads/space_padded_columns.csv",
    "calibre/calibredb_list_semicolon_wrapped.csv",
    "librarything/librarything_export_crlf.csv",
    "kaggle/books.csv",
]
# Filters tried on every file: a word in any case, part of a word, accented, non-Latin.
FILTERS = [("--author", "author", "KING"), ("--title", "title", "the"),
           ("--publisher", "publisher", "tor"), ("--publisher", "publisher", "éditions"),
           ("--title", "title", "книга")]
failures = []


def fail(what, detail):
    failures.append(what)
    print(f"FAIL {what}: {detail}")


def run_json(args):
    proc = subprocess.run([abp, *args], capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"abp {' '.join(args)}: exit {proc.returncode}: {proc.stderr[:300]}")
    return json.loads(proc.stdout)


def report_of(facts):
    want = ref.report(facts)
    want["books_by_author"] = fr.books_by_author(facts)
    return want


def compare(what, got, want):
    for k in want:
        if got.get(k) != want[k]:
            fail(what, f"{k} differs ({len(got.get(k) or [])} vs {len(want[k])} entries)")
            return False
    return True


ALL = ["--format", "json", "--section", "books,authors,author-books,tree"]
found = {}
for rel in FILES:
    flags = corpus_flags.flags_for(rel)
    path = os.path.join(corpus, rel)
    rows, _ = ref.read_fact_rows(path, **ref.reader_options(path, flags))
    merge = fr.Merge(rows)
    dupes = run_json(["dupes", "--format", "json", *flags, path])
    ok = compare(f"{rel} dupes", dupes, merge.duplicates())
    ok &= compare(f"{rel} report --fold", run_json(["report", "--fold", *ALL, *flags, path]),
                  report_of(merge.folded_facts()))
    facts = set(rows)
    for flag, field, text in FILTERS:
        got = run_json(["report", flag, text, *ALL, *flags, path])
        ok &= compare(f"{rel} {flag} {text}", got, report_of(fr.keep(facts, **{field: text})))
    got = run_json(["report", "--fold", "--author", "a", "--publisher", "e", *ALL, *flags, path])
    ok &= compare(f"{rel} --fold --author a --publisher e", got,
                  report_of(fr.keep(merge.folded_facts(), author="a", publisher="e")))
    # A database holds each fact once: every fact weighs one row there.
    db = os.path.join(work, "corpus.db")
    subprocess.run([abp, "export", "--force", "--sqlite", db, *flags, path], check=True,
                   capture_output=True)
    once = fr.Merge(sorted(facts))
    ok &= compare(f"{rel} dupes (database)", run_json(["dupes", "--format", "json", db]),
                  once.duplicates())
    ok &= compare(f"{rel} report --fold (database)", run_json(["report", "--fold", *ALL, db]),
                  report_of(once.folded_facts()))
    ok &= compare(f"{rel} --publisher tor (database)",
                  run_json(["report", "--publisher", "tor", *ALL, db]),
                  report_of(fr.keep(facts, publisher="tor")))
    groups = sum(len(v) for v in dupes.values())
    print(f"{'ok  ' if ok else 'FAIL'} {rel}: {groups} groups")
    found[rel] = dupes


def group(rel, kind, key):
    return next((g for g in found[rel][kind] if g["key"] == key), None)


def spellings(g):
    return [(s["value"], s["rows"]) for s in g["spellings"]] if g else None


# The groups issue 14 names, with their rows as Python's csv module counts them in the files.
EXPECTED = [
    ("goodreads/drkenreid_crlf_1206rows.csv", "publishers", "tor", [("Tor", 6), ("TOR", 1)]),
    ("goodreads/drkenreid_crlf_1206rows.csv", "publishers", "roc", [("Roc", 7), ("ROC", 1)]),
    ("goodreads/turkish_1337rows.csv", "publishers", "april yayıncılık",
     [("April Yayıncılık", 7), ("April yayıncılık", 1)]),
    ("goodreads/greek.csv", "publishers", "albin michel",
     [("ALBIN MICHEL", 3), ("Albin Michel", 2)]),
    ("goodreads/one_third_empty_publishers.csv", "publishers", "independently published",
     [("Independently published", 1), ("independently published", 1)]),
]
for rel, kind, k, want in EXPECTED:
    got = spellings(group(rel, kind, k))
    if got != want:
        fail(f"{rel} {kind} {k!r}", f"got {got}, want {want}")
feiwel = "goodreads/excel_resave_bom_crlf.csv"
if any("Feiwel" in s["value"] for kind in found[feiwel].values() for g in kind
       for s in g["spellings"]):
    fail(feiwel, "Feiwel and Friends is one publisher by SPEC §1, never a group")

print(f"{len(FILES)} files, {len(failures)} failures")
sys.exit(1 if failures else 0)
EOF
