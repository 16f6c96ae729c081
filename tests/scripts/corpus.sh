#!/usr/bin/env bash
# Every real export in the shared corpus (../shared/corpus, SOURCES.md) against a second,
# independent reader (lib/reference_reader.py, Python's csv module): the books and authors per
# publisher and the whole tree must be equal; the malformed files must fail with 65 naming the
# line SOURCES.md gives, and where rows are the problem --skip-bad-rows must give a report.
# usage: corpus.sh ABP_BINARY   (env ABP_CORPUS: the corpus folder)
set -u
abp=$(realpath "$1")
corpus=${ABP_CORPUS:-}
if [ -z "$corpus" ] || [ ! -d "$corpus" ]; then
  echo "skipped: no corpus folder (set ABP_CORPUS)"
  exit 77
fi
command -v python3 >/dev/null || { echo "skipped: python3 is missing"; exit 77; }

PYTHONPATH="$(dirname "$(realpath "$0")")/lib" exec python3 - "$abp" "$corpus" <<'EOF'
import json
import os
import re
import subprocess
import sys

import reference_reader as ref

abp, corpus = sys.argv[1], sys.argv[2]

# SOURCES.md's flags for LibraryThing, which abp now needs no more (README): the same report.
LIBRARYTHING = ["--author-column", "Primary Author", "--publisher-column", "Publication"]


def run(flags=(), error=None, skipped=None):
    """One abp run: `error` is (line, words the message must hold) for an expected 65;
    `skipped` the count --skip-bad-rows must report."""
    return {"flags": list(flags), "error": error, "skipped": skipped}


# What SOURCES.md says each file needs and gives. A file not listed must read cleanly with
# no flags; a new malformed file therefore fails here until it is described.
EXPECTED = {
    "calibre/calibre_catalog_bom_no_publisher.csv": [
        run(error=(1, ["columns found: authors, series, title", "--publisher-column"])),
        run(["--publisher-column", "series"]),  # the rest of the file (BOM, all quoted) reads
    ],
    "calibre/calibredb_list_semicolon_wrapped.csv": [
        run(error=(1, ["--delimiter ';'"])),
        run(["--delimiter", ";"]),
    ],
    "goodreads/git_merge_conflict_markers.csv": [
        run(error=(1, ["columns found: <<<<<<< HEAD", "--author-column"])),
    ],
    "goodreads/header_joined_to_first_row.csv": [
        run(error=(2, ["24 fields", "47", "--skip-bad-rows"])),
        run(["--skip-bad-rows"], skipped=221),
    ],
    "goodreads/no_header_row.csv": [
        run(error=(1, ["columns found: 17378527, The Raven King", "--author-column"])),
    ],
    "kaggle/books.csv": [
        run(error=(3350, ["13 fields", "12", "--skip-bad-rows"])),
        run(["--skip-bad-rows"], skipped=4),
        run(["--skip-bad-rows", "--split-authors", "/"], skipped=4),
    ],
    "librarything/librarything_export_crlf.csv": [
        run(),
        run(LIBRARYTHING),
    ],
    "librarything/librarything_mixed_encoding.tsv": [
        run(),
        run(LIBRARYTHING),
        run(["--encoding", "latin1"]),
    ],
}


def reader_args(path, flags):
    """The reference reader's arguments for abp's flags."""
    args = {"delimiter": "\t" if path.lower().endswith(".tsv") else ",", "flags": {}}
    it = iter(flags)
    for flag in it:
        if flag == "--skip-bad-rows":
            args["skip_bad_rows"] = True
            continue
        value = next(it)
        if flag == "--delimiter":
            args["delimiter"] = value
        elif flag == "--encoding":
            args["encoding"] = value
        elif flag == "--split-authors":
            args["split_authors"] = value
        else:  # --author-column NAME -> flags["author"] = NAME
            args["flags"][flag[2:-len("-column")].replace("-", "_")] = value
    return args


def check(rel, expectation):
    path = os.path.join(corpus, rel)
    flags = expectation["flags"]
    what = f"{rel} {' '.join(flags)}"
    proc = subprocess.run([abp, "report", "--format", "json", *flags, path],
                          capture_output=True)
    stderr = proc.stderr.decode("utf-8", "replace")
    problems = []
    try:
        facts, skipped = ref.read_catalogue(path, **reader_args(path, flags))
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
unknown = set(EXPECTED) - set(files)
if unknown:
    print(f"FAIL: described but not in the corpus: {sorted(unknown)}")
ok = not unknown
for rel in files:
    for expectation in EXPECTED.get(rel, [run()]):
        ok = check(rel, expectation) and ok
sys.exit(0 if ok else 1)
EOF
