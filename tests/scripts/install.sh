#!/usr/bin/env bash
# `cmake --install` (issue 4): installs into a temp prefix from the build folder of the binary
# under test, then runs the installed binary (--version, a report of the installed sample
# data), renders the installed man page with `man -l` (no warnings, every option of the help
# described) and loads the installed bash, zsh and fish completions.
# usage: install.sh ABP_BINARY   (the binary must sit at the top of its build folder)
set -uo pipefail
abp=$(realpath "$1")
build_dir=$(dirname "$abp")
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$build_dir/cmake_install.cmake" ] || { echo "skipped: $abp is not in a CMake build folder"; exit 77; }
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

fail=0
problem() { echo "FAIL: $*"; fail=1; }

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

# the man page: renders without warnings, shows the version, names every option of the help
if command -v man >/dev/null; then
  page=$(MANWIDTH=80 man --warnings -l "$prefix/share/man/man1/abp.1" 2>"$prefix/man.err")
  [ -s "$prefix/man.err" ] && problem "man -l warns: $(cat "$prefix/man.err")"
  grep -q "^ABP(1)" <<<"$page" || problem "man -l did not render the page"
  grep -q "abp $version" <<<"$page" || problem "the man page is not for version $version"
  for command in report add; do
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

[ "$fail" = 0 ] && echo "install: all checks passed"
exit "$fail"
