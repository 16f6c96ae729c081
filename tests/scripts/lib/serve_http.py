"""HTTP-level tests of `abp serve` (SPEC §8): every route, every refusal, the headers, adds,
freshness after outside changes, and clean shutdown. Run by tests/scripts/serve_http.sh.

usage: serve_http.py ABP WORKDIR
"""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from serve_harness import Checks, Server, quote

abp, work = sys.argv[1], sys.argv[2]
source_dir = os.environ.get("ABP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../../.."))
reference = os.path.join(source_dir, "data", "author_book_publisher.csv")
c = Checks()


def fresh_copy(name="books.csv"):
    path = os.path.join(work, name)
    shutil.copyfile(reference, path)
    return path


def report(path, *args):
    return subprocess.run([abp, "report", path, *args], capture_output=True, check=True).stdout


def security_headers(headers, what):
    csp = headers.get("content-security-policy", "")
    c.check("default-src 'none'" in csp, f"{what}: CSP allows nothing from elsewhere ({csp!r})")
    c.equal(headers.get("x-content-type-options"), "nosniff", f"{what}: nosniff")
    c.equal(headers.get("referrer-policy"), "same-origin", f"{what}: Referrer-Policy")


# --- pages and JSON, read-only ---------------------------------------------------------------
books = fresh_copy()
with Server(abp, books) as s:
    c.check(s.ready_line == f"abp: serving {books} at http://127.0.0.1:{s.port}/\n",
            f"ready line: {s.ready_line!r}")
    pages = {
        "/": [b"Books by publisher", b"Simon &amp; Schuster", b"<form class=\"search\""],
        "/publishers": [b"Penguin Random House", b"<td class=\"bar\">"],
        "/publishers?page=1": [b"Berkley"],
        "/authors": [b"Stephen King", b"/author?name=Stephen%20King"],
        "/tree": [b"<details class=\"author\" open>", b"The Silent Patient"],
        "/tree?page=1": [b"Alex Michaelides"],
        "/publisher?name=Random%20House": [b"Stephen King", b"Dead Zone"],
        "/author?name=Stephen+King": [b"The Shining", b"Penguin Random House"],
        "/search?q=KING": [b"Dead Zone", b"matching"],
        "/search?q=": [b"Type part of"],
        "/search?q=zzzz-no-such": [b"Nothing matches"],
    }
    for path, wanted in pages.items():
        status, headers, body = s.get(path)
        c.equal(status, 200, f"GET {path}")
        c.equal(headers.get("content-type"), "text/html; charset=utf-8", f"{path} type")
        security_headers(headers, path)
        for text in wanted:
            c.check(text in body, f"{path} shows {text!r}")
        c.check(b"<script" not in body, f"{path}: no script")
        c.check(b"http://" not in body and b"https://" not in body, f"{path}: nothing elsewhere")
        c.check(b"action=\"/add\"" not in body, f"{path}: no add form without --write")
    status, headers, body = s.request("HEAD", "/")
    c.equal((status, body), (200, b""), "HEAD / has no body")
    # abp's own loop serves each connection; the header the library words must say its limits.
    c.equal(headers.get("keep-alive"), "timeout=5, max=1000", "Keep-Alive says abp's limits")

    # /api/report: exactly abp report's bytes, for every format and flag.
    cases = [
        ("", []), ("format=json", ["--format", "json"]),
        ("format=csv&section=tree", ["--format", "csv", "--section", "tree"]),
        ("format=csv&section=books", ["--format", "csv", "--section", "books"]),
        ("format=tsv&section=authors&ascending=1",
         ["--format", "tsv", "--section", "authors", "--ascending"]),
        ("format=ndjson", ["--format", "ndjson"]),
        ("format=ndjson&section=books&top=1", ["--format", "ndjson", "--section", "books",
                                               "--top", "1"]),
        ("section=books&section=tree", ["--section", "books", "--section", "tree"]),
        ("section=books,authors&top=2&bars=1", ["--section", "books,authors", "--top", "2",
                                                "--bars"]),
        ("section=tree&ascii=1", ["--section", "tree", "--ascii"]),
        ("format=json&section=authors&ascending=true&top=3",
         ["--format", "json", "--section", "authors", "--ascending", "--top", "3"]),
    ]
    types = {"json": "application/json", "csv": "text/csv; charset=utf-8",
             "tsv": "text/tab-separated-values; charset=utf-8", "ndjson": "application/x-ndjson"}
    for query, args in cases:
        status, headers, body = s.get(f"/api/report?{query}")
        c.equal(status, 200, f"/api/report?{query}")
        c.equal(body, report(books, *args), f"/api/report?{query} is abp report {' '.join(args)}")
        fmt = dict(p.split("=") for p in query.split("&") if p).get("format", "text")
        c.equal(headers.get("content-type"), types.get(fmt, "text/plain; charset=utf-8"),
                f"/api/report?{query} type")
        security_headers(headers, f"/api/report?{query}")
    for query, word in [("format=yaml", b"yaml"), ("section=bookz", b"books"),
                        ("format=csv", b"one"), ("top=-1", b"top"), ("ascending=maybe", b"1"),
                        ("colour=1", b"unknown parameter")]:
        status, headers, body = s.get(f"/api/report?{query}")
        c.equal(status, 400, f"/api/report?{query} refused")
        c.check(word in body and body.startswith(b"{\"error\":"), f"{query}: says why: {body!r}")

    status, headers, body = s.get("/api/author?name=Stephen%20King")
    c.equal(status, 200, "/api/author")
    tree = json.loads(report(books, "--format", "json", "--section", "tree"))["tree"]
    c.equal(json.loads(body), {"tree": [a for a in tree if a["author"] == "Stephen King"]},
            "/api/author is the report's tree for that author")
    status, headers, body = s.get("/api/publisher?name=Berkley")
    c.equal(status, 200, "/api/publisher")
    want = []
    for a in tree:
        kept = [{"title": b["title"], "publishers": ["Berkley"]} for b in a["books"]
                if "Berkley" in b["publishers"]]
        if kept:
            want.append({"author": a["author"], "books": kept})
    c.equal(json.loads(body), {"tree": want}, "/api/publisher is the tree of its facts")
    status, headers, body = s.get("/api/search?q=random")
    facts = json.loads(body)["facts"]
    c.equal(status, 200, "/api/search")
    c.check(len(facts) > 0 and all("Random" in f["publisher"] for f in facts),
            f"/api/search finds by publisher: {facts}")
    c.equal(headers.get("content-type"), "application/json", "/api/search type")

    # Refusals of a read-only server.
    for path in ["/nope", "/author?name=Nobody", "/publisher?name=Nobody", "/publishers?page=9",
                 "/api/author?name=Nobody", "/favicon.ico", "/author/"]:
        status, headers, body = s.get(path)
        c.equal(status, 404, f"GET {path}")
        security_headers(headers, f"404 {path}")
    status, headers, body = s.get("/api/nope")
    c.check(status == 404 and body.startswith(b"{\"error\":"), "/api/ 404 is JSON")
    for method, path in [("PUT", "/"), ("DELETE", "/author?name=x"), ("PATCH", "/api/report"),
                         ("GET", "/api/add"), ("OPTIONS", "/tree")]:
        status, headers, body = s.request(method, path)
        c.equal(status, 405, f"{method} {path}")
        c.check("allow" in headers, f"{method} {path} says what is allowed")
    for path, why in [("/search?q=%FF", b"UTF-8"), ("/search?q=%zz", b"hex"),
                      ("/search?q=a%00b", b"NUL"), ("/author?name=%C3", b"UTF-8"),
                      ("/tree?page=x", b"page"), ("/author", b"name")]:
        status, headers, body = s.get(path)
        c.equal(status, 400, f"GET {path}")
        c.check(why in body, f"{path} says why")
    status, headers, body = s.post("/add", {"author": "A", "title": "T", "publisher": "P"})
    c.equal(status, 403, "POST /add without --write")
    c.check(b"--write" in body, "the refusal says to start with --write")
    status, headers, body = s.post("/api/add", {"author": "A", "title": "T", "publisher": "P"})
    c.check(status == 403 and b"--write" in body, "POST /api/add without --write")
    status, headers, body = s.get("/add")
    c.equal(status, 403, "GET /add without --write")
    for host in ["evil.example", "evil.example:80", "127.0.0.2"]:
        status, headers, body = s.get("/", headers={"Host": host})
        c.equal(status, 403, f"Host: {host} (DNS rebinding)")
    for host in [f"localhost:{s.port}", f"127.0.0.1:{s.port}", "LOCALHOST"]:
        status, headers, body = s.get("/", headers={"Host": host})
        c.equal(status, 200, f"Host: {host}")
    with open(books, "rb") as f:
        c.equal(f.read(), open(reference, "rb").read(), "a read-only server wrote nothing")

# --- adds ------------------------------------------------------------------------------------
books = fresh_copy()
with Server(abp, books, "--write") as s:
    origin = f"http://127.0.0.1:{s.port}"
    status, headers, body = s.get("/")
    c.check(b"action=\"/add\"" in body, "the front page has the add form with --write")
    status, headers, body = s.post("/add", {"author": "  Ursula K.  Le Guin ",
                                            "title": "The Dispossessed", "publisher": "Harper"},
                                   headers={"Origin": origin})
    c.equal(status, 303, "POST /add")
    location = headers.get("location", "")
    c.equal(location, "/author?name=Ursula%20K.%20Le%20Guin&note=added", "303 to the author")
    status, headers, body = s.get(location)
    c.check(status == 200 and b"The Dispossessed" in body and b"Added" in body,
            "the author page shows the new book and says it was added")
    with open(books) as f:
        c.check(f.read().endswith("Ursula,K. Le Guin,The Dispossessed,Harper\n"),
                "the row is appended as abp add writes it")
    status, headers, body = s.post("/add", {"author": "Ursula K. Le Guin",
                                            "title": "The Dispossessed", "publisher": "Harper"},
                                   headers={"Referer": origin + "/add"})
    c.equal((status, headers.get("location")),
            (303, "/author?name=Ursula%20K.%20Le%20Guin&note=present"), "the same row again")
    status, headers, body = s.get(headers.get("location"))
    c.check(b"already in the catalogue" in body, "the page says the row was there")
    size = os.path.getsize(books)
    status, headers, body = s.post("/add", {"author": "Someone", "title": "Bad\x1btitle",
                                            "publisher": "<b>Pub</b>"})
    c.equal(status, 400, "a refused value")
    c.check(b"control character" in body and b"Not added" in body, "the form says why")
    c.check(b"value=\"Someone\"" in body and b"value=\"&lt;b&gt;Pub&lt;/b&gt;\"" in body,
            "the form keeps the values typed, escaped")
    status, headers, body = s.post("/api/add", {"author": "Someone", "title": " ",
                                                "publisher": "P"})
    c.equal((status, json.loads(body)), (400, {"error": "the title is empty"}), "/api/add 400")
    c.equal(os.path.getsize(books), size, "refused adds write nothing")
    status, headers, body = s.post("/api/add", {"author": "Octavia Butler", "title": "Kindred",
                                                "publisher": "Doubleday"})
    c.equal((status, body), (201, b"{\"added\":true}\n"), "/api/add a new row")
    status, headers, body = s.post("/api/add", {"author": "Octavia Butler", "title": "Kindred",
                                                "publisher": "Doubleday"})
    c.equal((status, body), (200, b"{\"added\":false}\n"), "/api/add the same row")
    c.equal(json.loads(s.get("/api/author?name=Octavia%20Butler")[2])["tree"][0]["books"],
            [{"title": "Kindred", "publishers": ["Doubleday"]}], "the add is served at once")
    for headers_sent, what in [({"Origin": "http://evil.example"}, "Origin of another site"),
                               ({"Origin": f"http://127.0.0.1:{s.port + 1}"}, "another port"),
                               ({"Origin": "null"}, "Origin null"),
                               ({"Referer": "http://evil.example/form"}, "Referer elsewhere"),
                               ({"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site cross-site")]:
        status, headers, body = s.post("/add", {"author": "X", "title": "Y", "publisher": "Z"},
                                       headers=headers_sent)
        c.equal(status, 403, f"cross-site POST: {what}")
    status, headers, body = s.post("/api/add", json.dumps({"author": "X"}),
                                   headers={"Content-Type": "application/json"})
    c.equal(status, 415, "a JSON body")
    status, headers, body = s.post("/api/add", "author=%FF&title=T&publisher=P")
    c.equal(status, 400, "invalid UTF-8 in a form field")
    status, headers, body = s.post("/api/add", "a" * (64 * 1024 + 1))
    c.equal(status, 413, "a body over 64 KiB")
    status, headers, body = s.post("/api/add", "author=" + "a" * 40000 + "&title=T&publisher=P")
    c.equal(status, 201, "a 40 KB form is under the limit (not the library's 8 KiB form cap)")
    c.equal(os.path.getsize(books) > size, True, "the file grew")
    status, headers, body = s.get("/add")
    c.check(status == 200 and b"Add the book" in body, "GET /add shows the form")
    status, headers, body = s.get("/", headers={"Host": "evil.example"})
    c.equal(status, 403, "bad Host with --write")

# --- a token beyond loopback -----------------------------------------------------------------
result = subprocess.run([abp, "serve", "--write", "--host", "0.0.0.0", "--port", "0", books],
                        capture_output=True, env={k: v for k, v in os.environ.items()
                                                  if k != "ABP_TOKEN"})
c.equal(result.returncode, 64, "--write on 0.0.0.0 without a token")
c.check(b"--token" in result.stderr, f"it says how: {result.stderr!r}")
for env, args in [({}, ["--token", "s3cret"]), ({"ABP_TOKEN": "s3cret"}, [])]:
    with Server(abp, books, "--write", *args, host="0.0.0.0", env=env) as s:
        fields = {"author": "Token Tester", "title": f"T{len(args)}", "publisher": "P"}
        status, headers, body = s.post("/api/add", fields)
        c.equal(status, 401, "no token")
        status, headers, body = s.post("/api/add", fields, headers={"Authorization": "Bearer no"})
        c.equal(status, 401, "a wrong token")
        status, headers, body = s.post("/api/add", fields,
                                       headers={"Authorization": "Bearer s3cret"})
        c.equal(status, 201, "the token as Bearer")
        status, headers, body = s.post("/add", dict(fields, title="Form", token="s3cret"))
        c.equal(status, 303, "the token as a form field")
        status, headers, body = s.get("/")
        c.check(status == 200 and b"name=\"token\"" in body, "reading needs no token; the form "
                "asks for it")

# --- freshness -------------------------------------------------------------------------------
books = fresh_copy()
with Server(abp, books) as s:
    def titles():
        return [f["title"] for f in json.loads(s.get("/api/search?q=")[2])["facts"]]
    before = titles()
    subprocess.run([abp, "add", "--file", books, "Aaron Terminal", "Added Outside", "Press"],
                   check=True, capture_output=True)
    c.check("Added Outside" in titles(), "a terminal abp add is served at the next request")
    with open(books, "a") as f:
        f.write("Aaron,Appender,Raw Row,Press\n")
    c.check("Raw Row" in titles(), "bytes appended by anything are read")
    c.check("Raw Row" in s.get("/tree")[2].decode(), "the tree page has it too")
    # Replaced by another file (a new inode), as an editor or abp rename does.
    replacement = os.path.join(work, "replacement.csv")
    with open(replacement, "w") as f:
        f.write("first_name,last_name,title,publisher\nAnna,Zed,Only Book,Solo Press\n")
    os.replace(replacement, books)
    c.equal(titles(), ["Only Book"], "a replaced file is read again whole")
    # Broken: the last good reading stays, and every page and the log say since when and why.
    with open(books, "a") as f:
        f.write("Bad,Row,\"unterminated\n")
    status, headers, body = s.get("/")
    c.equal(status, 200, "a broken file still serves")
    c.check(b"cannot be read since" in body and b"unterminated" in body or b"quote" in body,
            "the page says since when and why")
    c.equal(titles(), ["Only Book"], "the last good reading is served")
    c.check("x-abp-stale" in s.get("/api/search?q=")[1], "the API says so in a header")
    c.check("answering from the reading of" in s.stderr(), "the log says so")
    os.unlink(books)
    status, headers, body = s.get("/authors")
    c.check(status == 200 and b"cannot be read" in body, "a removed file: still served")
    with open(books, "w") as f:
        f.write("first_name,last_name,title,publisher\nBack,Again,Fixed,Press\n")
    status, headers, body = s.get("/")
    c.check(b"cannot be read" not in body, "readable again: the note goes")
    c.equal(titles(), ["Fixed"], "and the new file is served")
    c.check("readable again" in s.stderr(), "the log says it is readable again")
    log = s.stderr()
    c.check(f"\"GET /api/search?q= HTTP/1.1\" 200" in log, "common log format on stderr")
# A database another program keeps open in WAL mode: an add goes to books.db-wal, and
# books.db itself does not change until a checkpoint. The server looks at both.
db = os.path.join(work, "wal.db")
subprocess.run([abp, "export", "--sqlite", db, fresh_copy()], check=True, capture_output=True)
keeper = sqlite3.connect(db)
keeper.execute("PRAGMA journal_mode = WAL")
keeper.execute("PRAGMA wal_autocheckpoint = 0")
keeper.execute("SELECT count(*) FROM author").fetchall()  # a reader: the -wal now stays
with Server(abp, db) as s:
    c.check(b"WAL Writer" not in s.get("/authors")[2], "the database before the add")
    db_before = os.stat(db)
    subprocess.run([abp, "add", "--file", db, "WAL Writer", "Journaled", "Press"], check=True,
                   capture_output=True)
    db_after = os.stat(db)
    c.check((db_after.st_size, db_after.st_mtime_ns) == (db_before.st_size, db_before.st_mtime_ns),
            "the add left the database file itself as it was (it is in the -wal)")
    c.check(b"WAL Writer" in s.get("/authors")[2], "an add held in the -wal is served")
keeper.close()
with Server(abp, books, "--quiet") as s:
    s.get("/")
    c.check("GET /" not in s.stderr(), "--quiet: no access log")

# --- shutdown --------------------------------------------------------------------------------
for sig in (signal.SIGINT, signal.SIGTERM):
    s = Server(abp, books).start()
    s.get("/")
    c.equal(s.stop(sig), 0, f"{signal.Signals(sig).name}: exit 0")
s = Server(abp, books).start()
time.sleep(0.05)
c.equal(s.stop(signal.SIGTERM), 0, "SIGTERM right after the ready line")
result = subprocess.run([abp, "serve", "--port", "0", os.path.join(work, "missing.csv")],
                        capture_output=True)
c.equal(result.returncode, 66, "a missing file: 66, as abp report")
result = subprocess.run([abp, "serve", "--port", "99999", books], capture_output=True)
c.equal(result.returncode, 64, "a bad --port")
result = subprocess.run([abp, "serve", "--host", "not an address", books], capture_output=True)
c.equal(result.returncode, 64, "a bad --host")
c.check(b"--host takes an IP address" in result.stderr, f"a bad --host: {result.stderr!r}")
# A usage error is told before the file is opened (SPEC §4): 64, not the missing file's 66.
result = subprocess.run([abp, "serve", "--host", "example.com", os.path.join(work, "missing.csv")],
                        capture_output=True)
c.equal(result.returncode, 64, "a host name for --host, with a missing file")
c.equal(result.stderr.count(b"\n"), 1, f"one line for a bad --host: {result.stderr!r}")
with Server(abp, books) as s:
    result = subprocess.run([abp, "serve", "--port", str(s.port), books], capture_output=True)
    c.equal(result.returncode, 75, "a port in use")

c.finish("serve_http")
