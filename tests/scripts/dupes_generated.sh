#!/usr/bin/env bash
# `abp dupes` on generated catalogues with spelling variants injected where the answer is
# known by construction (not by a second fold): each base name is written in several ways
# that SPEC §7's key cannot tell apart (case, accents composed or decomposed, punctuation,
# word order, no-break spaces, full-width letters, ligatures), and base names never share a
# key. Every group must be found with its rows, nothing else grouped, `report --fold` must
# show one name per base name, and the printed rename commands must parse back (shlex) to
# the spellings they merge.
# usage: dupes_generated.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
command -v python3 >/dev/null || skip "python3 is missing"

python3 - "$abp" "$work" <<'EOF'
import csv
import json
import random
import shlex
import subprocess
import sys
import unicodedata

abp, work = sys.argv[1:3]
WORDS = ["anna", "berg", "café", "über", "garçon", "naïve", "straße", "office", "fiesta",
         "smørrebrød", "κόσμος", "москва", "nord", "lumière", "zoë", "río", "haus", "verlag",
         "press", "books", "éditions", "søn", "mañana", "crème", "brûlée", "ålesund", "kafka",
         "delta", "omega", "finnish", "fjord", "world", "hotel", "tango"]
failures = []


def utf8(s):
    return s.encode("utf-8")


def capital(word):
    return word[:1].upper() + word[1:]


def variants(words, person, rng):
    """Spellings of one name (its words) whose key is the same."""
    plain = " ".join(capital(w) for w in words)
    out = {plain, plain.upper(), plain.lower(), unicodedata.normalize("NFD", plain),
           "  ".join(words) + " ", ". ".join(capital(w) for w in words) + ".",
           "\u00a0".join(capital(w) for w in words),
           "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in plain.lower()),
           plain.replace("fi", "\ufb01").replace("Fi", "\ufb01")}
    if person and len(words) > 1:
        out.add(f"{capital(words[-1])}, {' '.join(capital(w) for w in words[:-1])}")
    # SPEC §1 makes "a  b " and "a b" one value already: compare normalised spellings.
    out = sorted({" ".join(v.replace("\t", " ").split(" ")).strip(" ").replace("  ", " ")
                  for v in out})
    return rng.sample(out, rng.randint(1, min(4, len(out))))


def names(count, person, rng, used):
    """`count` base names, each a set of words no other base name has."""
    out = []
    while len(out) < count:
        words = rng.sample(WORDS, rng.randint(2 if person else 1, 3))
        k = frozenset(words)
        if k not in used:
            used.add(k)
            out.append(words)
    return out


def shown(counter):
    return sorted(counter, key=lambda v: (-counter[v], utf8(v)))


def check(seed):
    rng = random.Random(seed)
    used = set()
    authors = names(rng.randint(3, 8), True, rng, used)
    publishers = names(rng.randint(2, 6), False, rng, used)
    rows = []
    truth = {"authors": {}, "publishers": {}, "titles": {}}  # base -> {spelling: rows}
    for a, words in enumerate(authors):
        a_spellings = variants(words, True, rng)
        titles = names(rng.randint(1, 4), False, rng, set())
        for t, title_words in enumerate(titles):
            t_spellings = variants(title_words, False, rng)
            for _ in range(rng.randint(1, 6)):
                author = rng.choice(a_spellings)
                title = rng.choice(t_spellings)
                p = rng.randrange(len(publishers))
                publisher = rng.choice(variants(publishers[p], False, random.Random(p * 7 + seed)))
                rows.append((author, title, publisher))
                for kind, base, value in (("authors", a, author), ("titles", (a, t), title),
                                          ("publishers", p, publisher)):
                    counts = truth[kind].setdefault(base, {})
                    counts[value] = counts.get(value, 0) + 1
    rng.shuffle(rows)
    path = f"{work}/gen-{seed}.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["author", "title", "publisher"])
        w.writerows(rows)

    def expected(kind):
        out = set()
        for base, counts in truth[kind].items():
            if len(counts) < 2:
                continue
            author = ""
            if kind == "titles":
                author = shown(truth["authors"][base[0]])[0]
            out.add((author, tuple((v, counts[v]) for v in shown(counts))))
        return out

    proc = subprocess.run([abp, "dupes", "--format", "json", path], capture_output=True)
    got = json.loads(proc.stdout)
    for kind in ("authors", "publishers", "titles"):
        groups = {(g.get("author", ""), tuple((s["value"], s["rows"]) for s in g["spellings"]))
                  for g in got[kind]}
        if groups != expected(kind):
            failures.append(seed)
            print(f"FAIL seed {seed} {kind}: missing {expected(kind) - groups}, "
                  f"extra {groups - expected(kind)}")
        sizes = [sum(s["rows"] for s in g["spellings"]) for g in got[kind]]
        if sizes != sorted(sizes, reverse=True):
            failures.append(seed)
            print(f"FAIL seed {seed} {kind}: groups not ordered by rows: {sizes}")

    # The text's rename commands merge every other spelling into the first.
    text = subprocess.run([abp, "dupes", path], capture_output=True, text=True).stdout
    commands = [shlex.split(line) for line in text.splitlines() if line.startswith("  abp ")]
    want = []
    for kind, word in (("authors", "author"), ("publishers", "publisher"), ("titles", "title")):
        for g in got[kind]:
            into = g["spellings"][0]["value"]
            for s in g["spellings"][1:]:
                extra = [g["author"]] if kind == "titles" else []
                want.append(["abp", "rename", "--file", path, word, *extra, s["value"], into])
    if commands != want:
        failures.append(seed)
        print(f"FAIL seed {seed}: rename commands differ: {commands[:2]} vs {want[:2]}")

    # --fold: one author per base author, with all of its base titles.
    folded = json.loads(subprocess.run(
        [abp, "report", "--fold", "--format", "json", "--section", "author-books", path],
        capture_output=True).stdout)["books_by_author"]
    want_books = sorted(len([t for (a2, t) in truth["titles"] if a2 == a])
                        for a in range(len(authors)))
    if sorted(line["books"] for line in folded) != want_books:
        failures.append(seed)
        print(f"FAIL seed {seed}: report --fold books per author {folded}")


for seed in range(1, 41):
    check(seed)
print(f"40 generated catalogues, {len(set(failures))} failing")
sys.exit(1 if failures else 0)
EOF
