"""A deliberately simple second reader of catalogue files, for checking abp against.

It shares no code or structure with abp's C++ reader: records come from Python's csv module,
then SPEC §1-2 is applied as plainly as it is written (normalise, find columns by name, count
fields, check UTF-8 of used values, keep distinct facts). Speed does not matter here; being
obviously right does.

Where Python's csv differs from SPEC's leniency, this module follows the SPEC:
- a quote after spaces opens a quoted field (SPEC §2) -> skipinitialspace=True;
- text after a closing quote is kept (SPEC §2) -> strict=False, Python's default behaviour;
- fields have no length limit -> csv.field_size_limit(sys.maxsize);
- a BOM at the very start is skipped, and blank lines (Python yields []) are skipped.
A tab before an opening quote also opens a quoted field in the SPEC, which Python cannot do;
such input is refused here (NotImplementedError) rather than read differently.
"""

import csv
import io
import re
import sys

csv.field_size_limit(sys.maxsize)


class DataError(Exception):
    """What abp reports with exit code 65: `line` is the physical line it names."""

    def __init__(self, kind, line, detail=""):
        super().__init__(f"{kind} at line {line}: {detail}")
        self.kind = kind  # "no header", "missing column", "field count", "utf-8"
        self.line = line


def normalise(value):
    """SPEC §1: trim spaces and tabs, collapse inner runs of them to one space."""
    return re.sub(r"[ \t]+", " ", value).strip(" ")


def column_key(name):
    """SPEC §2: normalised, ASCII letters lower-cased, '-' and ' ' as '_'."""
    key = normalise(name)
    key = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in key)
    return key.replace("-", "_").replace(" ", "_")


def find_columns(header, flags):
    """Returns ({role: index}, publication): roles are author or first_name/last_name, title,
    publisher; `publication` is true when the publisher is in LibraryThing's Publication."""
    keys = [column_key(h) for h in header]

    def index(name):
        key = column_key(name)
        return keys.index(key) if key in keys else None  # leftmost wins

    # README: a LibraryThing export has `Primary Author` and `Publication` columns.
    primary_author, publication = index("Primary Author"), index("Publication")
    library_thing = primary_author is not None and publication is not None
    found = {}
    if flags.get("author"):
        found["author"] = index(flags["author"])
    else:
        first = index(flags.get("first_name") or "first_name")
        last = index(flags.get("last_name") or "last_name")
        if flags.get("first_name") or flags.get("last_name") or (first is not None
                                                                and last is not None):
            found["first_name"], found["last_name"] = first, last
        else:
            candidates = [index(n) for n in ("author", "authors", "author_name")]
            if library_thing:
                candidates.append(primary_author)
            found["author"] = next((i for i in candidates if i is not None), None)
    found["title"] = index(flags.get("title") or "title")
    found["publisher"] = index(flags.get("publisher") or "publisher")
    if found["publisher"] is None and not flags.get("publisher") and library_thing:
        found["publisher"] = publication
    return found, library_thing and found["publisher"] == publication


def publisher_of_publication(value):
    """README: LibraryThing's `Wrox (2009), Paperback, 560 pages` names the publisher before
    the first ` (YEAR)`, else before the first comma."""
    year = re.search(r" \(\d\d\d\d\)", value)
    if year:
        return value[:year.start()]
    return normalise(value.split(",", 1)[0])


def is_valid_utf8(value):
    # Text is decoded with surrogateescape: bytes that are not UTF-8 became lone surrogates.
    return not any("\udc80" <= c <= "\udcff" for c in value)


def records(text, delimiter):
    """Yields (start_line, fields) for every record that is not a blank line."""
    if delimiter != "\t" and re.search(r'(^|%s)[ \t]*\t[ \t]*"' % re.escape(delimiter), text,
                                       re.M):
        raise NotImplementedError("a tab before an opening quote: Python's csv cannot say")
    # StringIO with newline="" ends lines at LF, CRLF and bare CR only, as SPEC §2 does
    # (str.splitlines would also split at form feeds and U+2028).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        skipinitialspace=True, strict=False)
    line = 0
    for fields in reader:
        start = line + 1
        line = reader.line_num
        if fields:
            yield start, fields


def read_catalogue(path, delimiter=",", flags=None, skip_bad_rows=False, split_authors="",
                   encoding="utf-8"):
    """Returns (facts, skipped_lines): the set of distinct (author, title, publisher) and the
    start lines of skipped records. Raises DataError as abp would exit 65."""
    flags = flags or {}
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode(encoding, errors="surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = records(text, delimiter)
    first = next(rows, None)
    if first is None:
        raise DataError("no header", 0)
    header_line, header = first
    columns, publication = find_columns(header, flags)
    missing = [role for role, i in columns.items() if i is None]
    if missing:
        raise DataError("missing column", header_line, ", ".join(missing))

    facts, skipped = set(), []
    for line, fields in rows:
        if len(fields) != len(header):
            if not skip_bad_rows:
                raise DataError("field count", line, f"{len(fields)} != {len(header)}")
            skipped.append(line)
            continue
        used = {role: fields[i] for role, i in columns.items()}
        if publication:
            used["publisher"] = publisher_of_publication(normalise(used["publisher"]))
        for value in used.values():
            if not is_valid_utf8(value):
                raise DataError("utf-8", line)
        if "author" in used:
            author = normalise(used["author"])
        else:
            author = " ".join(p for p in (normalise(used["first_name"]),
                                          normalise(used["last_name"])) if p)
        authors = [author]
        if split_authors:
            authors = [normalise(a) for a in author.split(split_authors)]
            authors = [a for a in authors if a] or [""]
        for a in authors:
            facts.add((a, normalise(used["title"]), normalise(used["publisher"])))
    return facts, skipped


def utf8(value):
    return value.encode("utf-8", errors="surrogateescape")


def report(facts):
    """Returns the report of `facts` in the shape of `abp report --format json`."""

    def counts(label, things):
        per_publisher = {}
        for publisher, thing in things:
            per_publisher.setdefault(publisher, set()).add(thing)
        lines = [(len(v), utf8(p), p) for p, v in per_publisher.items()]
        lines.sort(reverse=True)  # (count, name) descending, names byte-wise
        return [{"publisher": p, label: n} for n, _, p in lines]

    tree = []
    for author, title, publisher in sorted(facts, key=lambda f: tuple(map(utf8, f))):
        if not tree or tree[-1]["author"] != author:
            tree.append({"author": author, "books": []})
        books = tree[-1]["books"]
        if not books or books[-1]["title"] != title:
            books.append({"title": title, "publishers": []})
        books[-1]["publishers"].append(publisher)
    return {
        "books_by_publisher": counts("books", ((p, (a, t)) for a, t, p in facts)),
        "authors_by_publisher": counts("authors", ((p, a) for a, t, p in facts)),
        "tree": tree,
    }
