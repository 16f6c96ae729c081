#!/usr/bin/env python3
"""Round trip (issue 6.6): random values go in with `abp add`, and `abp report --format csv
--section tree` (and --format json) give back exactly those values, normalised as SPEC §1 says,
for files of several layouts. usage: round_trip.py ABP WORKDIR SEED COUNT

Values are any UTF-8 text that add takes (SPEC §3: no control characters, line or paragraph
separators or bidirectional controls): commas, quotes, semicolons, runs of
spaces at either end or inside, `=`/`+`/`-`/`@` first, backslashes, non-ASCII letters,
no-break and zero-width spaces, emoji. Every fourth value is added again spelled with other
spaces, which must be found already present and leave the file byte-identical.
"""
import csv
import io
import json
import os
import random
import subprocess
import sys

from reference_reader import normalise

PIECES = [",", '"', '""', ";", "'", "\\", "|", "#", "  ", "   ", " , ", '","', "\u00a0",
          "\u200b", "\u2010", "é", "ß", "Ж", "中文", "🙂", "ｱ", "עִ", "&", "<b>", "{}", "%s"]
LEADS = ["=", "+", "-", "@", "=HYPERLINK(\"x\")", "-30-", '"', " ", "  "]


def random_char(rng):
    while True:
        roll = rng.random()
        if roll < 0.5:
            c = chr(rng.randrange(0x20, 0x7F))
        elif roll < 0.9:
            c = chr(rng.randrange(0xA0, 0x3000))
        else:
            c = chr(rng.randrange(0x3000, 0x2FFFF))
        # surrogates cannot be encoded; line separators and bidirectional controls are
        # refused by add (SPEC §3)
        if not (0xD800 <= ord(c) <= 0xDFFF or 0x2028 <= ord(c) <= 0x202E
                or 0x2066 <= ord(c) <= 0x2069):
            return c


def random_value(rng):
    while True:
        parts = []
        if rng.random() < 0.4:
            parts.append(rng.choice(LEADS))
        for _ in range(rng.randrange(1, 8)):
            if rng.random() < 0.4:
                parts.append(rng.choice(PIECES))
            else:
                parts.append("".join(random_char(rng) for _ in range(rng.randrange(1, 6))))
        if rng.random() < 0.3:
            parts.append(" " * rng.randrange(1, 4))
        value = "".join(parts)
        if normalise(value):
            return value


def respaced(value):
    """The same value to SPEC §1, spelled with other spaces."""
    return "  " + normalise(value).replace(" ", " \t ") + " \t"


LAYOUTS = {
    # name: (file name, initial bytes, rows that initial content holds)
    "reference": ("reference.csv", b"first_name,last_name,title,publisher\nAnn,Lee,Book,Pub\n",
                  {("Ann Lee", "Book", "Pub")}),
    "goodreads": ("goodreads.csv",
                  b'Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,'
                  b'Publisher,Binding,Exclusive Shelf\r\n'
                  b'61113685,"Title, A",David Shafer,"Shafer, David",,"=""""","=""97896""",0,'
                  b'P\xc3\xb3lis,Paperback,to-read',  # CRLF and no final line break
                  {("David Shafer", "Title, A", "Pólis")}),
    "tsv": ("catalogue.tsv", b"Title\tAuthors\tPublisher\tRating\n", set()),
}


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def main():
    abp, work, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    print(f"seed {seed} (ABP_SEED=N reruns another)")
    for name, (file_name, initial, rows) in LAYOUTS.items():
        path = os.path.join(work, file_name)
        with open(path, "wb") as f:
            f.write(initial)
        expected = set(rows)
        for i in range(count):
            values = [random_value(rng) for _ in range(3)]
            result = run([abp, "add", "--file", path, "--"] + values)
            if result.returncode != 0:
                fail(f"{name}: add {values!r} exited {result.returncode}: {result.stderr!r}")
            expected.add(tuple(normalise(v) for v in values))
            if i % 4 == 0:
                with open(path, "rb") as f:
                    before = f.read()
                again = [respaced(v) for v in values]
                result = run([abp, "add", "--file", path, "--"] + again)
                with open(path, "rb") as f:
                    after = f.read()
                if result.returncode != 0 or b"already" not in result.stderr or after != before:
                    fail(f"{name}: re-adding {again!r} was not found present: "
                         f"rc {result.returncode}, {result.stderr!r}")
        report = run([abp, "report", path, "--format", "csv", "--section", "tree"])
        if report.returncode != 0:
            fail(f"{name}: report exited {report.returncode}: {report.stderr!r}")
        records = list(csv.reader(io.StringIO(report.stdout.decode("utf-8"), newline=""),
                                  strict=True))
        got = [tuple(r) for r in records[1:]]
        if records[0] != ["author", "title", "publisher"] or set(got) != expected \
                or len(got) != len(expected):
            for row in sorted(expected - set(got))[:3]:
                print("added but not reported:", row)
            for row in sorted(set(got) - expected)[:3]:
                print("reported but not added:", row)
            fail(f"{name}: the csv report does not give back the values added")
        report = run([abp, "report", path, "--format", "json", "--section", "tree"])
        tree = json.loads(report.stdout)["tree"]
        got = {(a["author"], b["title"], p) for a in tree for b in a["books"]
               for p in b["publishers"]}
        if got != expected:
            fail(f"{name}: the json report does not give back the values added")
        print(f"ok: {name}: {count} random rows added and read back exactly")


if __name__ == "__main__":
    main()
