#!/usr/bin/env bash
# abp serve's HTTP code is a module (abp-http.so) loaded only when serve starts
# (include/abp/serve/http_module.hpp), so no other command pays for loading cpp-httplib and
# its TLS and compression libraries. Checks: abp itself links none of them and the module
# does; a copy of abp with its module beside it serves from anywhere; a copy without it still
# reports, and its serve fails with one line and exit 70, as it does beside a module that is
# not a library or not abp's.
# usage: serve_module.sh ABP
source "$(dirname "$0")/lib/common.bash"
needs objdump python3
module=$(dirname "$abp")/abp-http.so
[ -f "$module" ] || fail "no $module beside $abp (the build makes it with abp)"
sample=$source_dir/data/author_book_publisher.csv
reference=$source_dir/tests/cli/cases/report/reference/expected.stdout

needed() { objdump -p "$1" | awk '$1 == "NEEDED" { print $2 }'; }
for lib in libcpp-httplib libssl libcrypto libz libbrotli; do
  needed "$abp" | grep -q "^$lib" && fail "abp links $lib: every command would load it"
done
needed "$module" | grep -q '^libcpp-httplib' || fail "the module does not link cpp-httplib"

# serve_answers FOLDER: abp in FOLDER serves the sample, and /api/report is the report.
serve_answers() {
  PYTHONPATH=$lib_dir python3 - "$1/abp" "$work/sample.csv" "$reference" <<'EOF'
import sys
from serve_harness import Server
abp, sample, reference = sys.argv[1:]
with Server(abp, sample) as server:
    status, _, body = server.get("/api/report")
    assert status == 200, f"/api/report: {status}"
    assert body == open(reference, "rb").read(), "/api/report is not the reference report"
EOF
}
cp "$sample" "$work/sample.csv"

# With its module, a copy serves from another folder.
mkdir "$work/pair"
cp "$abp" "$module" "$work/pair/"
serve_answers "$work/pair" || fail "abp with its module beside it, copied elsewhere, did not serve"

# Without it: reports as before; serve is refused in one line, exit 70, nothing on stdout.
mkdir "$work/lone"
cp "$abp" "$work/lone/"
(cd "$work" && "$work/lone/abp" report sample.csv) >"$work/report.out" 2>&1 ||
  fail "abp without its module could not report: $(cat "$work/report.out")"
cmp -s "$work/report.out" "$reference" || fail "abp without its module reported otherwise"

# refused WHAT EXPECTED_TEXT: serve from $work/lone exits 70 with one stderr line holding
# EXPECTED_TEXT, and starts no server.
refused() {
  local status=0
  timeout 20 "$work/lone/abp" serve --port 0 "$work/sample.csv" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = 70 ] || fail "$1: exit $status, not 70 (stderr: $(cat "$work/err"))"
  [ ! -s "$work/out" ] || fail "$1: something on stdout: $(cat "$work/out")"
  [ "$(wc -l <"$work/err")" = 1 ] || fail "$1: not one line on stderr: $(cat "$work/err")"
  grep -qF "$2" "$work/err" || fail "$1: stderr does not say '$2': $(cat "$work/err")"
  grep -q "^abp: error: abp serve: cannot load abp's HTTP module" "$work/err" ||
    fail "$1: stderr does not start as an abp error: $(cat "$work/err")"
}
refused "no module" "it is not at $work/lone/abp-http.so nor at $work/lone/"
echo "not a library" >"$work/lone/abp-http.so"
refused "a module that is not a library" "$work/lone/abp-http.so"
# A library that is not abp's module (the fault-injection library the tests build).
if [ -n "${ABP_FAULT_LIB:-}" ] && [ -f "$ABP_FAULT_LIB" ]; then
  cp "$ABP_FAULT_LIB" "$work/lone/abp-http.so"
  refused "another library" "is not this abp's"
fi

finish "serve_module"
