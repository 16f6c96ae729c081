#!/usr/bin/env bash
# SPEC §2: no limit on the length of a line or a field. fccp's LineReader refuses lines over
# 16 MiB, so abp frames its input; this checks values well past that limit, in unquoted and
# quoted fields, with CRLF, CR, NUL and 0x01 bytes inside, and line numbers after them.
# The files are generated here (about 80 MB in a temp folder), never committed.
# usage: long_lines.sh ABP_BINARY
source "$(dirname "$0")/lib/common.bash"
needs python3

python3 - "$abp" "$work" <<'EOF'
import json
import subprocess
import sys

abp, work = sys.argv[1], sys.argv[2]
MIB = 1 << 20
failures = []


def report(name, content, *flags):
    path = f"{work}/{name}"
    with open(path, "wb") as f:
        f.write(content)
    return subprocess.run([abp, "report", *flags, path], capture_output=True)


def expect(what, condition):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


# 17 MiB unquoted title; a 20 MiB quoted title holding CRLF, bare CR, NUL and 0x01 across
# line breaks; CRLF line endings throughout.
unquoted = b"u" * (17 * MIB)
quoted = (b"q\r\nq\rq\0q\x01" * (4 * MIB))[: 20 * MIB]
content = (b"author,title,publisher\r\n"
           b"Ann," + unquoted + b",Long Press\r\n"
           b"Bob,\"" + quoted.replace(b"\"", b"\"\"") + b"\",Long Press\r\n"
           b"Cy,Short,Press\r\n")
proc = report("long.csv", content, "--format", "json", "--section", "tree")
expect("a 17 MiB line and a 20 MiB quoted field read (exit 0)", proc.returncode == 0)
if proc.returncode == 0:
    tree = json.loads(proc.stdout)["tree"]
    titles = {a["author"]: a["books"][0]["title"].encode() for a in tree}
    expect("the 17 MiB value comes back whole", titles.get("Ann") == unquoted)
    expect("the 20 MiB quoted value comes back byte for byte", titles.get("Bob") == quoted)
    expect("the record after them is read", titles.get("Cy") == b"Short")

# Line numbers are physical lines: the quoted field above spans many of them.
breaks = quoted.count(b"\n") + quoted.replace(b"\r\n", b"").count(b"\r")
bad_line = 4 + breaks + 1
proc = report("long_bad.csv", content + b"Dee,Too,Many,Fields\r\n")
expect(f"a bad record after the long field is named at line {bad_line}",
       proc.returncode == 65 and f"long_bad.csv:{bad_line}: " in proc.stderr.decode())

# A quote opened in a long field and never closed: 65 naming the line where it began.
proc = report("open.csv", b"author,title,publisher\nAnn,T,P\nBob,\"" + unquoted + b",P\n",
              "--skip-bad-rows")
expect("an unterminated 17 MiB quoted field is 65 at line 3",
       proc.returncode == 65 and "open.csv:3: " in proc.stderr.decode())
sys.exit(1 if failures else 0)
EOF
