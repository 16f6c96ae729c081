#!/usr/bin/env python3
"""Independent checks for the reliability script tests (Python's csv and json, not abp's reader).

  check.py catalogue FILE ROWS [--subset] [--prefix ORIGINAL]
      FILE is a catalogue abp wrote to. Every record must have the header's field count and the
      file must end with a line break (no torn or merged line); the (author, title, publisher)
      rows added, normalised as SPEC §1 says, must each be there exactly once, and must equal
      the rows in ROWS (or, with --subset, be some of them). With --prefix, FILE must start with
      the bytes of ORIGINAL and what follows must be whole added rows only.
  check.py reports LOG ROWS
      LOG holds many `abp report` outputs, each followed by a line `#rc N FORMAT`. Every report
      must have exited 0 and parse as a whole document of FORMAT (csv tree or json), every row
      in it must be one of ROWS (no half row), and a later report never lost a row.

ROWS files hold one JSON array [author, title, publisher] per line, already normalised.
"""
import csv
import io
import json
import re
import sys

from reference_reader import column_key, normalise


def die(message):
    print("FAIL:", message)
    sys.exit(1)


def load_rows(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(json.loads(line)) for line in f if line.strip()]


def parse_catalogue(data, delimiter=","):
    """Returns (header, [(author, title, publisher)]) of catalogue bytes, strictly."""
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    records = [r for r in records if r]
    header = [column_key(h) for h in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            die(f"record {number} has {len(record)} fields, the header {len(header)}: {record!r}")
        fields = dict(zip(header, (normalise(v) for v in record)))
        if "first_name" in fields:
            author = " ".join(p for p in (fields["first_name"], fields["last_name"]) if p)
        else:
            author = fields["author"]
        rows.append((author, fields["title"], fields["publisher"]))
    return header, rows


def check_catalogue(args):
    path, rows_path = args[0], args[1]
    subset = "--subset" in args
    original = None
    if "--prefix" in args:
        with open(args[args.index("--prefix") + 1], "rb") as f:
            original = f.read()
    expected = set(load_rows(rows_path))
    with open(path, "rb") as f:
        data = f.read()
    if not data.endswith(b"\n"):
        die(f"{path} does not end with a line break: {data[-80:]!r}")
    if original is not None:
        if not data.startswith(original):
            die(f"{path} no longer starts with its original {len(original)} bytes")
        _, before = parse_catalogue(original)
        _, after = parse_catalogue(data)
        rows = after[len(before):]
    else:
        _, rows = parse_catalogue(data)
    seen = set()
    for row in rows:
        if row not in expected:
            die(f"{path} holds a row that was never added (torn or merged?): {row!r}")
        if row in seen:
            die(f"{path} holds a row twice: {row!r}")
        seen.add(row)
    if not subset and seen != expected:
        missing = sorted(expected - seen)[:5]
        die(f"{path} lacks {len(expected - seen)} added rows, e.g. {missing!r}")
    print(f"ok: {path}: {len(rows)} added rows, each once")


def check_reports(args):
    log_path, rows_path = args[0], args[1]
    expected = set(load_rows(rows_path))
    with open(log_path, "rb") as f:
        log = f.read().decode("utf-8")
    chunks = re.split(r"^#rc (\d+) (\w+)\n", log, flags=re.M)
    previous = set()
    count = 0
    for i in range(0, len(chunks) - 1, 3):
        body, rc, fmt = chunks[i], chunks[i + 1], chunks[i + 2]
        count += 1
        if rc != "0":
            die(f"report {count} exited {rc}: {body[:300]!r}")
        if fmt == "csv":
            records = list(csv.reader(io.StringIO(body, newline=""), strict=True))
            if not records or records[0] != ["author", "title", "publisher"]:
                die(f"report {count} lacks its csv header: {body[:200]!r}")
            if not body.endswith("\n"):
                die(f"report {count} ends in the middle of a line: {body[-200:]!r}")
            rows = set()
            for record in records[1:]:
                if len(record) != 3:
                    die(f"report {count} has a row of {len(record)} fields: {record!r}")
                rows.add(tuple(record))
        else:
            document = json.loads(body)
            rows = {(a["author"], b["title"], p) for a in document["tree"] for b in a["books"]
                    for p in b["publishers"]}
        bad = rows - expected
        if bad:
            die(f"report {count} shows a row never added (half row?): {sorted(bad)[:3]!r}")
        if not previous <= rows:
            die(f"report {count} lost rows an earlier report showed: {sorted(previous - rows)[:3]!r}")
        previous = rows
    if count == 0:
        die(f"{log_path} holds no report")
    print(f"ok: {log_path}: {count} reports, all whole")


if __name__ == "__main__":
    commands = {"catalogue": check_catalogue, "reports": check_reports}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        die(__doc__)
    commands[sys.argv[1]](sys.argv[2:])
