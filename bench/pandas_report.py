"""The three answers of `abp report`, computed by pandas (the article's tool).

usage: python3 pandas_report.py FILE [OUT_PREFIX]
  writes OUT_PREFIX.books.csv, .authors.csv and .tree.csv (default: all to /dev/null)
"""
import sys

import pandas as pd


def norm(column):
    # SPEC §1: trim spaces and tabs, one space for every inner run.
    return column.str.strip(" \t").str.replace(r"[ \t]+", " ", regex=True)


def main():
    path = sys.argv[1]
    prefix = sys.argv[2] if len(sys.argv) > 2 else None
    out = (lambda name: f"{prefix}.{name}.csv") if prefix else (lambda name: "/dev/null")
    df = pd.read_csv(path, dtype=str, keep_default_na=False,
                     usecols=["first_name", "last_name", "title", "publisher"])
    first, last = norm(df["first_name"]), norm(df["last_name"])
    author = (first + " " + last).str.strip(" ")
    facts = pd.DataFrame({"author": author, "title": norm(df["title"]),
                          "publisher": norm(df["publisher"])}).drop_duplicates()
    for name, counts in (("books", facts.groupby("publisher").size()),
                         ("authors", facts.groupby("publisher")["author"].nunique())):
        table = counts.rename(name).reset_index()
        table = table.sort_values([name, "publisher"], ascending=False, kind="stable")
        table.to_csv(out(name), index=False)
    facts.sort_values(["author", "title", "publisher"], kind="stable").to_csv(
        out("tree"), index=False)


if __name__ == "__main__":
    main()
