"""A second reading of SPEC §7 (fold, key, filters, --fold, dupes), for checking abp against.

It shares nothing with abp's C++: the Unicode work is Python's own `unicodedata` (not
libutf8proc), and every rule is written as plainly as the SPEC states it. Facts come from
reference_reader.read_fact_rows (repeats included: spellings are weighed by rows).
"""

import functools
import unicodedata
from collections import Counter, defaultdict

from reference_reader import utf8


@functools.lru_cache(maxsize=None)
def fold(value):
    """SPEC §7: NFKC, case folding, combining marks removed, every character that is not a
    letter or a digit a space, then normalised (SPEC §1)."""
    text = unicodedata.normalize("NFKC", value).casefold()
    # Marks are found by decomposing, and what is left composed again.
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = unicodedata.normalize("NFC", text)
    text = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in text)
    return " ".join(word for word in text.split(" ") if word)


def key(value):
    """SPEC §7: the distinct words of fold(value), sorted byte-wise, joined by one space."""
    return " ".join(sorted(set(fold(value).split()), key=utf8))


def _groups(rows_of):
    """Groups of two or more values of Counter `rows_of` sharing a non-empty key, each
    {"key", "spellings": [{"value", "rows"}]}, spellings by rows then bytes."""
    by_key = defaultdict(list)
    for value in rows_of:
        k = key(value)
        if k:  # nothing to compare values without a letter or digit by (README)
            by_key[k].append(value)
    out = []
    for k, values in by_key.items():
        if len(values) < 2:
            continue
        values.sort(key=lambda v: (-rows_of[v], utf8(v)))
        out.append({"key": k, "spellings": [{"value": v, "rows": rows_of[v]} for v in values]})
    return out


def _order(groups):
    def rows(g):
        return sum(s["rows"] for s in g["spellings"])
    return sorted(groups, key=lambda g: (-rows(g), utf8(g["key"]), utf8(g.get("author", ""))))


class Merge:
    """Which spellings --fold makes one: the most frequent of each group is shown."""

    def __init__(self, rows):
        self.rows = rows
        self.author_groups = _groups(Counter(a for a, _, _ in rows))
        self.publisher_groups = _groups(Counter(p for _, _, p in rows))
        self.author = self._shown(self.author_groups)
        self.publisher = self._shown(self.publisher_groups)
        titles_of = defaultdict(Counter)  # shown author -> title -> rows
        for a, t, _ in rows:
            titles_of[self.shown_author(a)][t] += 1
        self.title_groups = []
        self.title = {}
        for author, counter in titles_of.items():
            for group in _groups(counter):
                self.title_groups.append({"author": author, **group})
                for s in group["spellings"]:
                    self.title[(author, s["value"])] = group["spellings"][0]["value"]

    @staticmethod
    def _shown(groups):
        return {s["value"]: g["spellings"][0]["value"] for g in groups for s in g["spellings"]}

    def shown_author(self, author):
        return self.author.get(author, author)

    def folded_facts(self):
        out = set()
        for a, t, p in self.rows:
            author = self.shown_author(a)
            out.add((author, self.title.get((author, t), t), self.publisher.get(p, p)))
        return out

    def duplicates(self):
        """What `abp dupes --format json` prints."""
        return {
            "authors": _order(self.author_groups),
            "publishers": _order(self.publisher_groups),
            "titles": _order(self.title_groups),
        }


def keep(facts, author="", title="", publisher=""):
    """SPEC §7 filters: facts whose value holds fold(text) in its fold, every filter."""
    wanted = (fold(author), fold(title), fold(publisher))
    return {f for f in facts if all(w in fold(v) for w, v in zip(wanted, f))}


def books_by_author(facts):
    """The books-by-author section, as `abp report --format json` writes it."""
    books = defaultdict(set)
    for a, t, _ in facts:
        books[a].add(t)
    lines = sorted(((len(v), utf8(a), a) for a, v in books.items()), reverse=True)
    return [{"author": a, "books": n} for n, _, a in lines]
