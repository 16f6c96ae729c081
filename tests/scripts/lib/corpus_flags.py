"""What each file of the shared corpus (../shared/corpus, SOURCES.md) needs to be read: one
table for the script tests that read the whole corpus (corpus.sh, edit_corpus.sh,
find_corpus.sh)."""

# SOURCES.md's flags for LibraryThing, which abp now needs no more (README): the same report.
LIBRARYTHING = ["--author-column", "Primary Author", "--publisher-column", "Publication"]

# The sets of flags a file reads with, each giving the same facts, the first the one to use
# when one will do; None when no flags make it readable. A file not listed reads with none.
READ_FLAGS = {
    "calibre/calibre_catalog_bom_no_publisher.csv": [["--publisher-column", "series"]],
    "calibre/calibredb_list_semicolon_wrapped.csv": [["--delimiter", ";"]],
    "goodreads/git_merge_conflict_markers.csv": None,
    "goodreads/header_joined_to_first_row.csv": [["--skip-bad-rows"]],
    "goodreads/no_header_row.csv": None,
    "kaggle/books.csv": [["--skip-bad-rows"], ["--skip-bad-rows", "--split-authors", "/"]],
    "librarything/librarything_export_crlf.csv": [LIBRARYTHING, []],
    "librarything/librarything_mixed_encoding.tsv": [LIBRARYTHING, [], ["--encoding", "latin1"]],
}

# How many records --skip-bad-rows leaves out of a file (SOURCES.md).
SKIPPED_RECORDS = {
    "goodreads/header_joined_to_first_row.csv": 221,
    "kaggle/books.csv": 4,
}


def flag_sets(rel):
    """The sets of flags the file `rel` (relative to the corpus) reads with; None: unreadable."""
    return READ_FLAGS.get(rel, [[]])


def flags_for(rel):
    """The flags to read the file `rel` with when one reading will do."""
    return flag_sets(rel)[0]
