#!/usr/bin/env bash
# Issue 13.2, byte-faithful edits on every real export of the shared corpus (SOURCES.md):
# in a temp copy, `abp rename` of the most frequent publisher, of an author and of one of their
# titles, and `abp remove` of a book. After each:
# - FILE~ is the old file, byte for byte;
# - the facts are what the independent reader (lib/reference_reader.py) finds in the old file
#   with the same edit applied;
# - a rename changes no line break: the file has the same lines, and only lines of matched
#   rows differ; renamed back, the file is the original byte for byte (values are picked whose
#   every spelling is in normal form, so there is nothing a rename could tidy);
# - a remove only deletes lines (a line-level diff has no insertion or change);
# - the same edit on a database exported from the old file gives the same report.
# A file abp cannot read is refused with 65 and left as it was; one whose every record is
# skipped (--skip-bad-rows) matches nothing and is left as it was.
# usage: edit_corpus.sh ABP_BINARY   (env ABP_CORPUS: the corpus folder)
source "$(dirname "$0")/lib/common.bash"

corpus=${ABP_CORPUS:-}
[ -n "$corpus" ] && [ -d "$corpus" ] || skip "no corpus folder (set ABP_CORPUS)"
command -v python3 >/dev/null || skip "python3 is missing"

PYTHONPATH="$lib_dir" python3 - "$abp" "$corpus" "$work" <<'EOF'
import collections
import difflib
import os
import re
import shutil
import subprocess
import sys

import corpus_flags
import reference_reader as ref

abp, corpus, work = sys.argv[1:4]

failures = []


def fail(what, problem):
    failures.append(f"{what}: {problem}")
    print(f"FAIL {what}: {problem}")


def run(*args):
    return subprocess.run([abp, *args], capture_output=True)


def spellings(path, flags):
    """Every value as written (quotes removed, blanks kept) of each role, for the rows read."""
    a = ref.reader_options(path, flags)
    with open(path, "rb") as f:
        text = f.read().decode(a.get("encoding", "utf-8"), errors="surrogateescape")
    text = text[1:] if text.startswith("\ufeff") else text
    rows = ref.records(text, a["delimiter"])
    _, header = next(rows)
    columns, _ = ref.find_columns(header, a["flags"])
    out = collections.defaultdict(list)
    for _, fields in rows:
        if len(fields) == len(header):
            for role, i in columns.items():
                out[role].append(fields[i])
    return out


def tidy(value):
    """True when renaming the value and back gives its bytes back: blanks only at its ends."""
    core = value.strip(" \t")
    return ref.normalise(core) == core


def pick(facts, raw, split):
    """A publisher, an author and a title of theirs that are each spelt one tidy way."""
    def usable(role, value):
        return value and all(tidy(v) for v in raw[role] if ref.normalise(v) == value)

    publishers = collections.Counter(p for _, _, p in facts)
    publisher = next((p for p, _ in publishers.most_common() if usable("publisher", p)), None)
    authors = collections.Counter(a for a, _, _ in facts)
    author_role = "author" if "author" in raw else None
    author = title = None
    for a, _ in authors.most_common():
        if not a or (author_role and not split and not usable(author_role, a)):
            continue
        if split and any(split in ref.normalise(v) and a in ref.normalise(v)
                         for v in raw.get(author_role, [])):
            continue  # keep to authors who write alone: a row is one fact then
        if author_role is None and " " not in a:
            continue
        titles = sorted({t for x, t, _ in facts if x == a and usable("title", t)})
        if titles:
            author, title = a, titles[0]
            break
    return publisher, author, title


def apply(facts, edit):
    kind, args = edit[0], edit[1:]
    out = set()
    for a, t, p in facts:
        if kind == "publisher" and p == args[0]:
            p = args[1]
        elif kind == "author" and a == args[0]:
            a = args[1]
        elif kind == "title" and a == args[0] and t == args[1]:
            t = args[2]
        elif kind == "remove" and a == args[0] and t == args[1]:
            continue
        out.add((a, t, p))
    return out


def check_edit(rel, flags, facts, edit, original, split):
    what = f"{rel} {' '.join(flags)} {edit}"
    path = os.path.join(work, "edit" + os.path.splitext(rel)[1])
    shutil.copyfile(original, path)
    before = open(original, "rb").read()
    command = ["remove"] if edit[0] == "remove" else ["rename", edit[0]]
    proc = run(*command, "--file", path, *flags, "--", *edit[1:])
    if proc.returncode != 0:
        return fail(what, f"exit {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    after = open(path, "rb").read()
    if open(path + "~", "rb").read() != before:
        fail(what, "FILE~ is not the old file")
    os.remove(path + "~")
    if after == before:
        return fail(what, "nothing changed")
    try:
        got, _ = ref.read_catalogue(path, **ref.reader_options(path, flags))
        if got != apply(facts, edit):
            fail(what, "the facts are not the old ones with the edit applied")
    except NotImplementedError:
        pass
    old_lines, new_lines = before.splitlines(True), after.splitlines(True)
    ops = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    changed = [op for op in ops if op[0] != "equal"]
    if edit[0] == "remove":
        if any(op[0] != "delete" for op in changed):
            fail(what, "a remove changed lines instead of only deleting them")
    else:
        if len(old_lines) != len(new_lines) or any(op[0] != "replace" for op in changed):
            fail(what, "a rename added or removed lines")
        back = list(edit)
        if edit[0] == "title":
            back[2], back[3] = edit[3], edit[2]
        else:
            back[1], back[2] = edit[2], edit[1]
        proc = run("rename", back[0], "--file", path, "--no-backup", *flags, "--", *back[1:])
        if proc.returncode != 0 or open(path, "rb").read() != before:
            fail(what, f"renamed back, the file is not the original (exit {proc.returncode})")
    if split:
        return  # a database holds facts, not rows: multi-author rows differ by design
    # The same edit on a database exported from the old file: the same report.
    db = os.path.join(work, "edit.db")
    if os.path.exists(db):
        os.remove(db)
    proc = run("export", "--sqlite", db, *flags, original)
    if proc.returncode != 0:
        return fail(what, f"export failed: {proc.stderr.decode(errors='replace')}")
    if run(*command, "--file", db, "--", *edit[1:]).returncode != 0:
        return fail(what, "the edit failed on the database")
    shutil.copyfile(original, path)
    run(*command, "--file", path, "--no-backup", *flags, "--", *edit[1:])
    csv_report = run("report", *flags, path).stdout
    db_report = run("report", db).stdout
    if csv_report != db_report:
        fail(what, "the database's report differs from the CSV's after the same edit")
    check = subprocess.run(["sqlite3", db, "PRAGMA integrity_check; PRAGMA foreign_key_check;"],
                           capture_output=True, text=True)
    if check.returncode == 0 and check.stdout.strip() != "ok":
        fail(what, f"the database is not consistent: {check.stdout[:200]}")


files = sorted(os.path.relpath(os.path.join(d, f), corpus)
               for d, _, names in os.walk(corpus) for f in names if f != "SOURCES.md")
edits = 0
for rel in files:
    original = os.path.join(corpus, rel)
    flag_sets = corpus_flags.flag_sets(rel)
    if flag_sets is None:
        path = os.path.join(work, "unreadable.csv")
        shutil.copyfile(original, path)
        proc = run("rename", "publisher", "--file", path, "A", "B")
        if proc.returncode != 65 or open(path, "rb").read() != open(original, "rb").read():
            fail(rel, f"an unreadable file: exit {proc.returncode}, or it changed")
        else:
            print(f"ok   {rel}: refused with 65, unchanged")
        continue
    for flags in flag_sets:
        a = ref.reader_options(original, flags)
        split = a.get("split_authors", "")
        try:
            facts, _ = ref.read_catalogue(original, **a)
        except NotImplementedError:
            facts = None
        if facts is None:
            print(f"skip {rel}: the reference reader cannot read it")
            continue
        if not facts:
            # Every record skipped: nothing can match, and nothing may change.
            path = os.path.join(work, "empty" + os.path.splitext(rel)[1])
            shutil.copyfile(original, path)
            proc = run("rename", "publisher", "--file", path, *flags, "A", "B")
            if (proc.returncode != 0 or open(path, "rb").read() != open(original, "rb").read()
                    or os.path.exists(path + "~")):
                fail(rel, f"no facts, yet exit {proc.returncode} or the file changed")
            else:
                print(f"ok   {rel} {' '.join(flags)}: no facts, nothing changed")
            continue
        publisher, author, title = pick(facts, spellings(original, flags), split)
        todo = []
        if publisher:
            todo.append(("publisher", publisher, publisher + " (renamed)"))
        if author:
            todo.append(("author", author, "Renamed " + author))
            todo.append(("title", author, title, title + " (renamed)"))
            todo.append(("remove", author, title))
        if not todo:
            fail(rel, "found nothing to edit")
        for edit in todo:
            check_edit(rel, flags, facts, edit, original, split)
            edits += 1
        print(f"ok   {rel} {' '.join(flags)}: {len(todo)} edits")

if edits == 0:
    fail("corpus", "no edit was checked")
print(f"{edits} edits checked, {len(failures)} failures")
sys.exit(1 if failures else 0)
EOF
