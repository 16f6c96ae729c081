#!/usr/bin/env bash
# JSON is streamed (issue 4): writing the report as one JSON document must not hold a document
# tree, or the output, in memory. Peak memory of --format json must stay within a quarter of
# its output size of the peak of the tree as csv, which is written line by line. The tree is
# made in pieces on two threads, and a piece of JSON holds twice the bytes of one of csv: a
# few MiB that do not grow with the output. The file is large enough (47 MB of JSON) that
# they are well inside the quarter, and a document held whole is not.
# usage: json_streams.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
needs python3
not_sanitized "peak memory under sanitizers measures their shadow memory; the plain build runs it"

awk 'BEGIN { print "author,title,publisher";
             for (i = 0; i < 800000; i++) printf "Author %d,Title %d,Publisher %d\n", i % 100000, i, i % 1000 }' \
  >"$work/big.csv"

ABP="$abp" WORK="$work" python3 - <<'PY'
import os, subprocess, sys
abp, work = os.environ["ABP"], os.environ["WORK"]
def peak(*args):
    """Peak resident memory (KiB) of one abp run, and the size of what it wrote."""
    out_path = os.path.join(work, "out")
    with open(out_path, "wb") as out:
        child = subprocess.Popen([abp, "report", *args, os.path.join(work, "big.csv")], stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"abp report {' '.join(args)} failed: {status}")
    return usage.ru_maxrss, os.path.getsize(out_path)
csv_peak, _ = peak("--format", "csv", "--section", "tree")
for args in (["--format", "json"], ["--format", "json", "--section", "tree"], ["--format", "ndjson"]):
    json_peak, size = peak(*args)
    print(f"{' '.join(args)}: peak {json_peak} KiB for {size // 1024} KiB written; csv tree: {csv_peak} KiB")
    if json_peak - csv_peak > size // 1024 // 4:
        sys.exit(f"{' '.join(args)} is not streamed")
PY
