#!/usr/bin/env bash
# Property checks on seeded, generated catalogues (STYLE §10): files written in many shapes
# (column order, header spelling, BOM, LF/CRLF/CR, blank lines, needless quotes, blanks around
# fields, quoted delimiters and line breaks, duplicate rows, empty values, control bytes) must
# give the same report as lib/reference_reader.py; text, csv and tsv must say what json says; and
# adding a fact then reporting shows it once, a second add writing nothing.
# usage: generated_catalogues.sh ABP_BINARY  [env ABP_SEED, ABP_ROUNDS]
source "$(dirname "$0")/lib/common.bash"
needs python3

PYTHONPATH=$lib_dir python3 - "$abp" "$work" <<'EOF'
import csv
import io
import json
import os
import random
import subprocess
import sys

import reference_reader as ref
from text_escape import terminal_safe

abp, work = sys.argv[1], sys.argv[2]
seed = int(os.environ.get("ABP_SEED", "20240611"))
rounds = int(os.environ.get("ABP_ROUNDS", "30"))
rng = random.Random(seed)

NAMES = ["Ann", "Bob", "Le Carre", "Ćosić", "山田", "", "  Padded  ", "Two  Spaces", "O'Neil",
         "Tab\tInside", "\"Quoted\" Name", "Comma, Inc", "Line\nBreak", "CR\r\nLF", "Esc\x1b[0m",
         "C1\u0085", "Back\\slash", "Zoë", "ann", "-dash"]
FACTS = [(a, b) for a in NAMES for b in NAMES]


def pick():
    return rng.choice(NAMES)


def encode_field(value, delimiter):
    needs = any(c in value for c in (delimiter, '"', "\r", "\n")) or value.strip(" ") != value
    if needs or rng.random() < 0.15:
        return " " * rng.choice([0, 0, 1, 2]) + '"' + value.replace('"', '""') + '"' + \
            " " * rng.choice([0, 0, 1])
    return value


def generate(path, delimiter):
    """Writes a random catalogue; returns whether it uses first/last columns."""
    first_last = rng.random() < 0.5
    roles = ["first_name", "last_name"] if first_last else [rng.choice(
        ["author", "authors", "author_name"])]
    roles += ["title", "publisher"]
    columns = roles + rng.sample(["isbn", "notes", "year"], rng.randint(0, 2))
    rng.shuffle(columns)
    spell = {"first_name": ["first_name", "First Name", "FIRST-NAME", " first name "],
             "last_name": ["last_name", "Last Name", "last-name"],
             "title": ["title", "Title", " TITLE "], "publisher": ["publisher", "Publisher"]}
    header = [rng.choice(spell.get(c, [c])) for c in columns]
    end = rng.choice(["\n", "\r\n", "\r"])
    lines = [delimiter.join(encode_field(h, delimiter) for h in header)]
    for _ in range(rng.randint(0, 30)):
        row = {c: pick() for c in columns}
        if rng.random() < 0.05:
            lines.append("")  # a blank line
        lines.append(delimiter.join(encode_field(row[c], delimiter) for c in columns))
        if rng.random() < 0.2:
            lines.append(lines[-1])  # a duplicate row
    text = end.join(lines) + (end if rng.random() < 0.8 else "")
    data = ("\ufeff" if rng.random() < 0.2 else "") + text
    with open(path, "wb") as f:
        f.write(data.encode())
    return first_last


def text_from_json(doc, ascii_tree=False):
    tee, corner, pipe = ("|-- ", "`-- ", "|   ") if ascii_tree else ("├── ", "└── ", "│   ")
    books = [f"Publisher: {terminal_safe(x['publisher'])}, total books: {x['books']}\n"
             for x in doc["books_by_publisher"]]
    authors = [f"Publisher: {terminal_safe(x['publisher'])}, total authors: {x['authors']}\n"
               for x in doc["authors_by_publisher"]]
    tree = ["Authors\n"]
    for i, a in enumerate(doc["tree"]):
        last_a = i == len(doc["tree"]) - 1
        tree.append((corner if last_a else tee) + terminal_safe(a["author"]) + "\n")
        pre_a = "    " if last_a else pipe
        for j, b in enumerate(a["books"]):
            last_b = j == len(a["books"]) - 1
            tree.append(pre_a + (corner if last_b else tee) + terminal_safe(b["title"]) + "\n")
            pre_b = pre_a + ("    " if last_b else pipe)
            for k, p in enumerate(b["publishers"]):
                last_p = k == len(b["publishers"]) - 1
                tree.append(pre_b + (corner if last_p else tee) + terminal_safe(p) + "\n")
    return "".join(books) + "\n" + "".join(authors) + "\n" + "".join(tree)


def leaves(doc):
    return [(a["author"], b["title"], p) for a in doc["tree"] for b in a["books"]
            for p in b["publishers"]]


def tsv_unescape(value):
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def abp_run(*args):
    return subprocess.run([abp, *args], capture_output=True)


failures = []


def expect(what, condition):
    if not condition:
        failures.append(what)
        print(f"FAIL {what}")


for n in range(rounds):
    delimiter = rng.choice([",", ",", ";", "\t"])
    path = os.path.join(work, f"c{n}.{'tsv' if delimiter == chr(9) else 'csv'}")
    flags = ["--delimiter", delimiter] if delimiter == ";" else []
    first_last = generate(path, delimiter)
    where = f"round {n} (ABP_SEED={seed}, {path})"
    facts, _ = ref.read_catalogue(path, delimiter=delimiter)

    proc = abp_run("report", "--format", "json", *flags, path)
    expect(f"{where}: exit {proc.returncode} {proc.stderr[:200]!r}", proc.returncode == 0)
    if proc.returncode != 0:
        continue
    doc = json.loads(proc.stdout)
    expect(f"{where}: json differs from the reference reader", doc == ref.report(facts))
    expect(f"{where}: tree leaves are not the distinct facts",
           sorted(leaves(doc)) == sorted(facts) and len(leaves(doc)) == len(facts))

    ascii_tree = rng.random() < 0.5
    text = abp_run("report", *(["--ascii"] if ascii_tree else []), *flags, path).stdout
    expect(f"{where}: text disagrees with json", text.decode() == text_from_json(doc, ascii_tree))

    csv_rows = list(csv.reader(io.StringIO(abp_run(
        "report", "--format", "csv", "--section", "tree", *flags, path).stdout.decode(),
        newline="")))
    expect(f"{where}: csv tree disagrees with json",
           csv_rows == [["author", "title", "publisher"]] + [list(f) for f in leaves(doc)])
    tsv = abp_run("report", "--format", "tsv", "--section", "books", *flags, path).stdout.decode()
    tsv_rows = [[tsv_unescape(v) for v in line.split("\t")] for line in tsv.split("\n")[:-1]]
    expect(f"{where}: tsv books disagree with json",
           tsv_rows == [["publisher", "books"]] + [[x["publisher"], str(x["books"])]
                                                   for x in doc["books_by_publisher"]])

    # Add a fact (normalised, no control characters), then add it again.
    author = rng.choice(["Ann Bee", "Le Carre John", "Ćosić", "Zoë  Z"])
    title = rng.choice(["New, Title", "\"Q\" Title", "Plain"])
    publisher = rng.choice(["Pub; Co", "Pub\tTab", "Pub"])
    new = (ref.normalise(author), ref.normalise(title), ref.normalise(publisher))
    before = open(path, "rb").read()
    proc = abp_run("add", "--file", path, *flags, author, title, publisher)
    expect(f"{where}: add exit {proc.returncode} {proc.stderr[:200]!r}", proc.returncode == 0)
    after_facts, _ = ref.read_catalogue(path, delimiter=delimiter)
    expect(f"{where}: after add the file holds {new} and nothing else new",
           after_facts == facts | {new})
    if new in facts:
        expect(f"{where}: add of a present fact changed the file",
               open(path, "rb").read() == before)
    once = abp_run("report", "--format", "json", *flags, path)
    expect(f"{where}: the added fact shows once",
           leaves(json.loads(once.stdout)).count(new) == 1 if once.returncode == 0 else False)
    after = open(path, "rb").read()
    again = abp_run("add", "--file", path, *flags, author, title, publisher)
    expect(f"{where}: a second add wrote something or did not say so",
           again.returncode == 0 and open(path, "rb").read() == after and
           b"already holds" in again.stderr)

print(f"{rounds} generated catalogues, seed {seed}: {len(failures)} failures")
sys.exit(1 if failures else 0)
EOF
