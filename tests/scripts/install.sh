#!/usr/bin/env bash
# `cmake --install` (issue 4): installs into a temp prefix from the build folder of the binary
# under test, then runs the installed binary (--version, a report of the installed sample
# data, serve through the installed HTTP module), renders the installed man page with `man -l`
# (no warnings, every option of the help described) and loads the installed bash, zsh and fish
# completions.
# usage: install.sh ABP_BINARY   (the binary must sit at the top of its build folder)
source "$(dirname "$0")/lib/common.bash"
build_dir=$(dirname "$abp")
[ -f "$build_dir/cmake_install.cmake" ] || skip "$abp is not in a CMake build folder"
prefix=$work

cmake --install "$build_dir" --prefix "$prefix" >"$prefix/install.log" 2>&1 ||
  { cat "$prefix/install.log"; problem "cmake --install failed"; exit 1; }
for f in bin/abp share/abp/author_book_publisher.csv share/man/man1/abp.1 \
         share/bash-completion/completions/abp share/zsh/site-functions/_abp \
         share/fish/vendor_completions.d/abp.fish share/doc/abp/README.md share/doc/abp/LICENSE; do
  [ -f "$prefix/$f" ] || problem "$f is not installed"
done

# the installed binary
version=$(sed -n 's/^project(abp VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
[ "$("$prefix/bin/abp" --version)" = "abp $version" ] || problem "--version says $("$prefix/bin/abp" --version)"
(cd / && "$prefix/bin/abp" report "$prefix/share/abp/author_book_publisher.csv") >"$prefix/report.out" 2>&1 ||
  problem "report of the installed data failed: $(cat "$prefix/report.out")"
cmp -s "$prefix/report.out" "$source_dir/tests/cli/cases/report/reference/expected.stdout" ||
  problem "the installed binary's report of the installed data is not the reference report"

# serve's HTTP module: installed under the library folder, where the installed binary finds it
modules=$(find "$prefix" -name abp-http.so)
[[ "$modules" == "$prefix"/lib*/abp/abp-http.so ]] || problem "abp-http.so is installed at '$modules', not LIBDIR/abp"
[ "$(stat -c %a "$modules")" = 644 ] || problem "abp-http.so is installed $(stat -c %a "$modules"), not 644"
(cd / && PYTHONPATH=$lib_dir python3 - "$prefix/bin/abp" "$prefix/share/abp/author_book_publisher.csv" \
  "$source_dir/tests/cli/cases/report/reference/expected.stdout" <<'EOF'
import shutil, sys, tempfile
from serve_harness import Server
abp, data, reference = sys.argv[1:]
with tempfile.TemporaryDirectory() as folder:
    sample = shutil.copy(data, folder)  # the server's log is written beside the file
    with Server(abp, sample) as server:
        status, _, body = server.get("/api/report")
        assert status == 200 and body == open(reference, "rb").read(), f"/api/report: {status}"
EOF
) >"$prefix/serve.out" 2>&1 || problem "the installed abp did not serve: $(cat "$prefix/serve.out")"

# the man page: renders without warnings, shows the version, names every option of the help
if command -v man >/dev/null; then
  page=$(MANWIDTH=80 man --warnings -l "$prefix/share/man/man1/abp.1" 2>"$prefix/man.err") ||
    problem "man -l failed: $(cat "$prefix/man.err")"
  [ -s "$prefix/man.err" ] && problem "man -l warns: $(cat "$prefix/man.err")"
  grep -q "^ABP(1)" <<<"$page" || problem "man -l did not render the page"
  grep -q "abp $version" <<<"$page" || problem "the man page is not for version $version"
  for command in report add export dupes remove rename; do
    for option in $("$prefix/bin/abp" "$command" --help | grep -oE '^  (-h,)?--[a-z-]+' | sed 's/^ *-h,//'); do
      grep -qe "$option" <<<"$page" || problem "the man page does not describe $command $option"
    done
  done
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT EXAMPLES; do
    grep -q "^$section" <<<"$page" || problem "the man page has no $section section"
  done
else
  echo "note: man is not installed (scripts/setup.sh installs man-db); the page was not rendered"
fi

# the completions: their shells find them
source "$source_dir/tests/scripts/lib/completions_found.bash"
shells=$(completions_found "$prefix" site-functions) || problem "not found by $shells: the installed completion"

finish "install"
