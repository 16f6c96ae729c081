#!/usr/bin/env bash
# Every real export in the shared corpus (../shared/corpus, SOURCES.md) against a second,
# independent reader (lib/reference_reader.py, Python's csv module): the books and authors per
# publisher and the whole tree must be equal; the malformed files must fail with 65 naming the
# line SOURCES.md gives, and where rows are the problem --skip-bad-rows must give a report.
# usage: corpus.sh ABP_BINARY   (env ABP_CORPUS: the corpus folder)
source "$(dirname "$0")/lib/common.bash"
corpus=${ABP_CORPUS:-}
[ -n "$corpus" ] && [ -d "$corpus" ] || skip "no corpus folder (set ABP_CORPUS)"
needs python3

PYTHONPATH=$lib_dir python3 - "$abp" "$corpus" <<'EOF'
import json
import os
import re
import subprocess
import sys

import corpus_flags
import reference_reader as ref

abp, corpus = sys.argv[1], sys.argv[2]


def run(flags=(), error=None, skipped=None):
    """One abp run: `error` is (line, words the message must hold) for an expected 65;
    `skipped` the count --skip-bad-rows must report."""
    return {"flags": list(flags), "error": error, "skipped": skipped}


# The refusals SOURCES.md says a file gives without flags; after them, each file is read with
# the flags it needs (lib/corpus_flags.py). A file described nowhere must read cleanly with no
# flags; a new malformed file therefore fails here until it is described.
ERRORS = {
    "calibre/calibre_catalog_bom_no_publisher.csv":
        (1, ["columns found: authors, series, title", "--publisher-column"]),
    "calibre/calibredb_list_semicolon_wrapped.csv": (1, ["--delimiter ';'"]),
    "goodreads/git_merge_conflict_markers.csv":
        (1, ["columns found: <<<<<<< HEAD", "--author-column"]),
    "goodreads/header_joined_to_first_row.csv": (2, ["24 fields", "47", "--skip-bad-rows"]),
    "goodreads/no_header_row.csv":
        (1, ["columns found: 17378527, The Raven King", "--author-column"]),
    "kaggle/books.csv": (3350, ["13 fields", "12", "--skip-bad-rows"]),
}


def expectations(rel):
    """The runs of abp on the file `rel` and what each must give."""
    runs = [run(error=ERRORS[rel])] if rel in ERRORS else []
    for flags in corpus_flags.flag_sets(rel) or []:
        skipped = corpus_flags.SKIPPED_RECORDS.get(rel) if "--skip-bad-rows" in flags else None
        runs.append(run(flags, skipped=skipped))
    return runs


def check(rel, expectation):
    path = os.path.join(corpus, rel)
    flags = expectation["flags"]
    what = f"{rel} {' '.join(flags)}"
    proc = subprocess.run([abp, "report", "--format", "json", *flags, path],
                          capture_output=True)
    stderr = proc.stderr.decode("utf-8", "replace")
    problems = []
    try:
        facts, skipped = ref.read_catalogue(path, **ref.reader_options(path, flags))
        reader_error = None
    except ref.DataError as e:
        reader_error = e

    if expectation["error"] is not None:
        line, words = expectation["error"]
        if reader_error is None or reader_error.line != line:
            problems.append(f"the reference reader disagrees with SOURCES.md: {reader_error}")
        if proc.returncode != 65 or proc.stdout:
            problems.append(f"expected exit 65 and no stdout, got {proc.returncode}")
        lines = stderr.splitlines()
        if len(lines) != 1 or not lines[0].startswith(f"abp: error: {path}:{line}: "):
            problems.append(f"expected one line 'abp: error: {path}:{line}: ...'")
        problems += [f"message lacks {w!r}" for w in words if w not in stderr]
    elif reader_error is not None:
        problems.append(f"the reference reader fails: {reader_error}")
    else:
        if proc.returncode != 0:
            problems.append(f"exit {proc.returncode}")
        else:
            got = json.loads(proc.stdout)
            want = ref.report(facts)
            for key in want:
                if got.get(key) != want[key]:
                    problems.append(f"{key} differs from the reference reader "
                                    f"({len(got.get(key) or [])} vs {len(want[key])} entries)")
        if expectation["skipped"] is not None:
            count = expectation["skipped"]
            if len(skipped) != count:
                problems.append(f"the reference reader skipped {len(skipped)}, not {count}")
            listed = ", ".join(map(str, skipped[:10])) + (", ..." if count > 10 else "")
            note = re.search(r"skipped (\d+) records? .*\(lines? ([^)]*)\)", stderr)
            if not note or note.group(1) != str(count) or note.group(2) != listed:
                problems.append(f"stderr should note {count} skipped records (lines {listed})")
        elif stderr:
            problems.append("unexpected stderr")
    for p in problems:
        print(f"FAIL {what}: {p}")
    if problems and stderr:
        print(f"  stderr: {stderr[:300]}")
    if not problems:
        print(f"ok   {what}")
    return not problems


files = sorted(os.path.relpath(os.path.join(d, f), corpus)
               for d, _, names in os.walk(corpus) for f in names if f != "SOURCES.md")
if not files:
    print("FAIL: the corpus folder holds no files")
    sys.exit(1)
unknown = (set(ERRORS) | set(corpus_flags.READ_FLAGS)) - set(files)
if unknown:
    print(f"FAIL: described but not in the corpus: {sorted(unknown)}")
ok = not unknown
for rel in files:
    for expectation in expectations(rel):
        ok = check(rel, expectation) and ok
sys.exit(0 if ok else 1)
EOF
