#!/usr/bin/env bash
# Every output format, parsed back by independent parsers (Python's csv and json modules, jq)
# and compared with what a small Python model of SPEC §1-4 expects: on the bundled data, on the
# hand-made hostile file of tests/cli/cases/report/hostile, and on seeded random catalogues
# drawn from hostile values. Also checks that text output holds no control character.
# usage: formats_parse_back.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
needs python3 jq

cp "$source_dir/data/author_book_publisher.csv" "$work/reference.csv"
cp "$source_dir/tests/cli/cases/report/hostile/hostile.csv" "$work/hostile.csv"

ABP="$abp" WORK="$work" PYTHONPATH=$lib_dir python3 - <<'PY'
import csv, io, json, os, random, re, subprocess, sys

abp, work = os.environ["ABP"], os.environ["WORK"]
failures = []

def run(*args, stdin=None):
    done = subprocess.run([abp, *args], input=stdin, capture_output=True, env={**os.environ, "LC_ALL": "C"})
    if done.returncode != 0 or done.stderr:
        raise SystemExit(f"abp {' '.join(args)}: exit {done.returncode}: {done.stderr!r}")
    return done.stdout

def check(what, expected, actual):
    if expected != actual:
        failures.append(what)
        print(f"FAIL {what}\n  expected: {expected!r:.600}\n  actual:   {actual!r:.600}")

# --- the model: SPEC §1-3 over Python's csv reader -----------------------------------------
from reference_reader import column_key as key, normalise as norm
from text_escape import terminal_safe

def model(path):
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    header = [key(h) for h in rows[0]]
    col = {name: header.index(name) for name in reversed(header)}
    facts = set()
    for r in rows[1:]:
        if "first_name" in col and "last_name" in col:
            author = " ".join(p for p in (norm(r[col["first_name"]]), norm(r[col["last_name"]])) if p)
        else:
            author = norm(r[col["author"]])
        facts.add((author, norm(r[col["title"]]), norm(r[col["publisher"]])))
    b = lambda s: s.encode("utf-8")
    tree = sorted(facts, key=lambda f: tuple(map(b, f)))
    def counts(of):
        per = {}
        for fact in facts:
            per.setdefault(fact[2], set()).add(of(fact))
        return [(p, len(s)) for p, s in per.items()]
    books = counts(lambda f: (f[0], f[1]))
    authors = counts(lambda f: f[0])
    order = lambda lines, descending: sorted(lines, key=lambda l: (l[1], b(l[0])), reverse=descending)
    return {"books": order(books, True), "authors": order(authors, True),
            "books_asc": order(books, False), "authors_asc": order(authors, False), "tree": tree}

def text_report(m, ascii_tree=False):
    lines = []
    for label in ("books", "authors"):
        lines += [f"Publisher: {terminal_safe(p)}, total {label}: {n}" for p, n in m[label]]
        lines.append("")
    tee, corner, pipe = ("|-- ", "`-- ", "|   ") if ascii_tree else ("├── ", "└── ", "│   ")
    lines.append("Authors")
    authors = sorted({f[0] for f in m["tree"]}, key=lambda s: s.encode())
    for ai, a in enumerate(authors):
        last_a = ai == len(authors) - 1
        lines.append((corner if last_a else tee) + terminal_safe(a))
        titles = sorted({f[1] for f in m["tree"] if f[0] == a}, key=lambda s: s.encode())
        for ti, t in enumerate(titles):
            last_t = ti == len(titles) - 1
            pre = "    " if last_a else pipe
            lines.append(pre + (corner if last_t else tee) + terminal_safe(t))
            pubs = [f[2] for f in m["tree"] if f[0] == a and f[1] == t]
            for pi, p in enumerate(pubs):
                lines.append(pre + ("    " if last_t else pipe) +
                             (corner if pi == len(pubs) - 1 else tee) + terminal_safe(p))
    return "\n".join(lines) + "\n"

# --- independent readers of abp's output ----------------------------------------------------
def read_csv(data):
    return [tuple(r) for r in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))]

def read_tsv(data):
    unescape = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    rows = []
    for line in data.decode("utf-8").split("\n")[:-1]:
        rows.append(tuple(re.sub(r"\\(.)", lambda m: unescape[m.group(1)], f) for f in line.split("\t")))
    return rows

def jq(filter_, data, slurp=False):
    done = subprocess.run(["jq", "-c"] + (["-s"] if slurp else []) + [filter_], input=data,
                          capture_output=True, check=True)
    return json.loads(done.stdout)

def check_file(name, path):
    m = model(path)
    rows = {"books": [("publisher", "books")] + [(p, str(n)) for p, n in m["books"]],
            "authors": [("publisher", "authors")] + [(p, str(n)) for p, n in m["authors"]],
            "tree": [("author", "title", "publisher")] + m["tree"]}
    # text: the whole report byte for byte, and no control byte may reach the terminal
    text = run("report", path)
    check(f"{name}: text", text_report(m).encode(), text)
    check(f"{name}: text --ascii", text_report(m, True).encode(), run("report", "--ascii", path))
    stray = re.findall(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]", text)
    check(f"{name}: text holds no control bytes", [], stray)
    for section in ("books", "authors", "tree"):
        check(f"{name}: csv {section}", rows[section], read_csv(run("report", "--format", "csv", "--section", section, path)))
        check(f"{name}: tsv {section}", rows[section], read_tsv(run("report", "--format", "tsv", "--section", section, path)))
    # json: one line, parsed by Python and by jq
    doc = run("report", "--format", "json", path)
    check(f"{name}: json is one line", 1, doc.count(b"\n"))
    check(f"{name}: json ends in a newline", True, doc.endswith(b"\n"))
    parsed = json.loads(doc)
    check(f"{name}: json keys", ["books_by_publisher", "authors_by_publisher", "tree"], list(parsed))
    check(f"{name}: json books", [{"publisher": p, "books": n} for p, n in m["books"]], parsed["books_by_publisher"])
    check(f"{name}: json authors", [{"publisher": p, "authors": n} for p, n in m["authors"]], parsed["authors_by_publisher"])
    flat = [(a["author"], bk["title"], p) for a in parsed["tree"] for bk in a["books"] for p in bk["publishers"]]
    check(f"{name}: json tree leaves", m["tree"], flat)
    check(f"{name}: json authors not repeated", len({f[0] for f in m["tree"]}), len(parsed["tree"]))
    check(f"{name}: jq books", [[p, n] for p, n in m["books"]], jq("[.books_by_publisher[] | [.publisher, .books]]", doc))
    check(f"{name}: jq tree", [list(f) for f in m["tree"]],
          jq("[.tree[] | .author as $a | .books[] | .title as $t | .publishers[] | [$a, $t, .]]", doc))
    asc = json.loads(run("report", "--format", "json", "--ascending", "--section", "books,authors", path))
    check(f"{name}: json --ascending", [list(x) for x in m["books_asc"]],
          [[x["publisher"], x["books"]] for x in asc["books_by_publisher"]])
    # ndjson: one object per line, for the tree and for a count section
    nd = run("report", "--format", "ndjson", path)
    check(f"{name}: ndjson tree (python)", [{"author": a, "title": t, "publisher": p} for a, t, p in m["tree"]],
          [json.loads(line) for line in nd.decode("utf-8").split("\n")[:-1]])
    check(f"{name}: ndjson tree (jq)", [list(f) for f in m["tree"]], jq("[.[] | [.author, .title, .publisher]]", nd, slurp=True))
    nd_books = run("report", "--format", "ndjson", "--section", "authors", path)
    check(f"{name}: ndjson authors (jq)", [[p, n] for p, n in m["authors"]], jq("[.[] | [.publisher, .authors]]", nd_books, slurp=True))
    # --top N keeps the first N lines of each count section
    top = json.loads(run("report", "--format", "json", "--top", "2", "--section", "books,authors", path))
    check(f"{name}: --top 2", [list(x) for x in m["authors"][:2]],
          [[x["publisher"], x["authors"]] for x in top["authors_by_publisher"]])
    # standard input gives the same as the file
    with open(path, "rb") as f:
        check(f"{name}: stdin json", doc, run("report", "--format", "json", "-", stdin=f.read()))

check_file("reference", os.path.join(work, "reference.csv"))
check_file("hostile", os.path.join(work, "hostile.csv"))

# Seeded random catalogues: values drawn from hostile pieces, written by Python's csv writer.
pieces = ["a", "Z", " ", "  ", "\t", ",", '"', "'", "\n", "\r\n", "\r", "<", ">", "&", "\\", "\\n",
          "\x1b[0m", "\x00", "\x01", "\x07", "\x7f", "\u0085", "\u009b", "é", "ß", "עברית", "العربية",
          "漢字", "📚", "e\u0301", "\u2028", "(unknown)", "{}", "[]", ":", "null", "0"]
for seed in range(5):
    rng = random.Random(seed)
    pool = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(25)]
    path = os.path.join(work, f"random{seed}.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator=rng.choice(["\n", "\r\n"]))
        w.writerow(["title", "publisher", "author", "extra"])
        for _ in range(rng.randint(0, 300)):
            w.writerow([rng.choice(pool), rng.choice(pool[:8]), rng.choice(pool), rng.choice(pool)])
    check_file(f"random seed {seed}", path)

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("formats parse back: all checks passed")
PY
