"""Load and safety of `abp serve --write` (issue 15.5): 8 clients x 50 adds through /api/add
while 2 terminal `abp add`s and readers (HTTP and `abp report`) work on the same file; then a
server killed with SIGKILL in the middle of adds. Run by tests/scripts/serve_load.sh.

Afterwards every distinct row is in the file exactly once, every record parses with the
header's field count, no reader saw a row that was never added or lost one it had seen, and
every request was answered. A killed server leaves a file of whole rows only.

usage: serve_load.py ABP WORKDIR
"""
import csv
import fcntl
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

from reference_reader import normalise
from serve_harness import Checks, Server

abp, work = sys.argv[1], sys.argv[2]
source_dir = os.environ.get("ABP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../../.."))
clients = int(os.environ.get("ABP_CLIENTS", "8"))
adds = int(os.environ.get("ABP_ADDS", "50"))
c = Checks()


def plan_for(who, count):
    """Rows for one writer: every third the same few rows as every other writer's."""
    rows = []
    for i in range(count):
        if i % 3 == 0:
            rows.append(("Ann  Shared", f'Common, "{i % 15}"', "Pub & Co"))
        else:
            rows.append((f"Writer{who} de la Mare", f'Title "{i}", part {who}', f"=Pub {i % 4},  Ltd"))
    return rows


def rows_of(text):
    """The (author, title, publisher) rows of a first_name,last_name,title,publisher file,
    and the records that do not have four fields."""
    rows, torn = [], []
    records = list(csv.reader(io.StringIO(text)))
    for record in records[1:]:
        if not record:
            continue
        if len(record) != 4:
            torn.append(record)
            continue
        first, last, title, publisher = (normalise(v) for v in record)
        rows.append((" ".join(p for p in (first, last) if p), title, publisher))
    return rows, torn


books = os.path.join(work, "books.csv")
shutil.copyfile(os.path.join(source_dir, "data", "author_book_publisher.csv"), books)
with open(books) as f:
    original, _ = rows_of(f.read())
plans = {f"http{n}": plan_for(n, adds) for n in range(clients)}
plans.update({f"terminal{n}": plan_for(100 + n, adds // 2) for n in range(2)})
wanted = set(original) | {tuple(normalise(v) for v in row) for plan in plans.values() for row in plan}

with Server(abp, books, "--write", "--quiet") as s:
    problems = []
    stop = threading.Event()

    def http_writer(name):
        for author, title, publisher in plans[name]:
            status, _, body = s.post("/api/add", {"author": author, "title": title,
                                                  "publisher": publisher})
            if status not in (200, 201):
                problems.append(f"{name}: /api/add answered {status} {body[:100]!r}")

    def terminal_writer(name):
        for author, title, publisher in plans[name]:
            result = subprocess.run([abp, "add", "--file", books, "--", author, title, publisher],
                                    capture_output=True)
            if result.returncode != 0:
                problems.append(f"{name}: abp add exited {result.returncode}: {result.stderr!r}")

    def http_reader(name):
        seen = set()
        while not stop.is_set():
            status, _, body = s.get("/api/report?format=csv&section=tree")
            if status != 200:
                problems.append(f"{name}: /api/report answered {status}")
                continue
            now = set(tuple(r) for r in list(csv.reader(io.StringIO(body.decode())))[1:])
            if not now <= wanted:
                problems.append(f"{name}: served rows never added: {sorted(now - wanted)[:3]}")
            if not seen <= now:
                problems.append(f"{name}: a row seen before went missing: {sorted(seen - now)[:3]}")
            seen = now
            for page in ("/", "/tree", "/search?q=writer"):
                if s.get(page)[0] != 200:
                    problems.append(f"{name}: {page} failed")

    def terminal_reader(name):
        while not stop.is_set():
            result = subprocess.run([abp, "report", books, "--format", "csv", "--section", "tree"],
                                    capture_output=True)
            if result.returncode != 0:
                problems.append(f"{name}: abp report exited {result.returncode}")
                continue
            now = set(tuple(r) for r in list(csv.reader(io.StringIO(result.stdout.decode())))[1:])
            if not now <= wanted:
                problems.append(f"{name}: abp report showed rows never added")

    writers = [threading.Thread(target=http_writer, args=(n,)) for n in plans if n.startswith("http")]
    writers += [threading.Thread(target=terminal_writer, args=(n,)) for n in plans
                if n.startswith("terminal")]
    readers = [threading.Thread(target=http_reader, args=(f"reader{n}",)) for n in range(2)]
    readers.append(threading.Thread(target=terminal_reader, args=("report",)))
    started = time.monotonic()
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    for t in readers:
        t.join()
    elapsed = time.monotonic() - started
    for problem in problems[:20]:
        c.check(False, problem)
    c.check(not problems, f"{len(problems)} problems during the run")
    with open(books) as f:
        text = f.read()
    rows, torn = rows_of(text)
    c.equal(torn, [], "no torn records")
    c.equal(len(rows), len(set(rows)), "no row twice")
    c.equal(set(rows), wanted, "every distinct row once, none lost, none invented")
    c.check(text.endswith("\n"), "the file ends with a whole line")
    status, _, body = s.get("/api/report?format=csv&section=tree")
    final = subprocess.run([abp, "report", books, "--format", "csv", "--section", "tree"],
                           capture_output=True, check=True).stdout
    c.equal(body, final, "the server serves exactly the file afterwards")
    total = sum(len(p) for p in plans.values())
    print(f"{total} adds ({clients} x {adds} over HTTP, 2 x {adds // 2} by abp add) with 3 "
          f"readers in {elapsed:.1f} s")

# SIGKILL in the middle of adds: the file holds whole rows only.
for attempt in range(5):
    shutil.copyfile(os.path.join(source_dir, "data", "author_book_publisher.csv"), books)
    s = Server(abp, books, "--write", "--quiet").start()
    stop = threading.Event()

    def hammer(n):
        i = 0
        while not stop.is_set():
            try:
                s.post("/api/add", {"author": f"Killed {n}", "title": f"Row {i} of {n}, \"q\"",
                                    "publisher": "Press"}, )
            except OSError:
                return
            i += 1

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.2 + random.random() * 0.5)
    s.process.send_signal(signal.SIGKILL)
    s.process.wait(10)
    stop.set()
    for t in threads:
        t.join()
    s.process.stdout.close()
    with open(books) as f:
        # Under the shared lock, as abp reads: a write the kill could not stop may still be
        # finishing (store/appender writes from a child process that holds the lock).
        fcntl.flock(f, fcntl.LOCK_SH)
        text = f.read()
    rows, torn = rows_of(text)
    c.equal(torn, [], f"kill {attempt}: no torn records")
    c.check(text.endswith("\n"), f"kill {attempt}: the file ends with a whole line")
    c.check(all(r in original or (r[0].startswith("Killed ") and r[2] == "Press") for r in rows),
            f"kill {attempt}: only rows that were added")
    c.equal(len(rows), len(set(rows)), f"kill {attempt}: no row twice")
    result = subprocess.run([abp, "report", books], capture_output=True)
    c.equal(result.returncode, 0, f"kill {attempt}: abp report reads the file")

c.finish("serve_load")
