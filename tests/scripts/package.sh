#!/usr/bin/env bash
# The Debian package (issue 16.2): `cpack -G DEB` from the build folder of the binary under
# test makes abp_VERSION_ARCH.deb; its control data names the packages of the libraries the
# binary links (found by dpkg-shlibdeps, with versions); it holds exactly the files a user
# needs, owned by root, where Debian looks for them; and unpacked into a temp root
# (`dpkg-deb -x`) its abp reports the sample data, its man page renders without warnings with
# and without a UTF-8 locale, and bash, zsh and fish find its completions.
# usage: package.sh ABP_BINARY   (the binary must sit at the top of its build folder)
source "$(dirname "$0")/lib/common.bash"
build_dir=$(dirname "$abp")
[ -f "$build_dir/CPackConfig.cmake" ] || skip "$abp is not in a CMake build folder"
# What is packaged is the plain build: a sanitized binary links libasan, which no user installs.
[ -z "${ABP_SANITIZED:-}" ] || skip "a sanitized build is not what the package holds"
for tool in cpack dpkg-deb dpkg-shlibdeps file objdump; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/setup.sh installs it)"
done

version=$(sed -n 's/^project(abp VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
deb=$work/abp_${version}_$(dpkg --print-architecture).deb
cpack -G DEB -B "$work" --config "$build_dir/CPackConfig.cmake" >"$work/cpack.log" 2>&1 ||
  fail "cpack failed: $(tail -5 "$work/cpack.log")"
[ -f "$deb" ] || fail "no $(basename "$deb"); cpack made: $(cd "$work" && ls ./*.deb)"

# The control data.
dpkg-deb --info "$deb" >"$work/info" || fail "dpkg-deb --info cannot read the package"
field() { sed -n "s/^ $1: //p" "$work/info"; }
[ "$(field Package)" = abp ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), not $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] && [ -n "$(field Description)" ] || fail "no Maintainer or Description"
# Each library the binary needs comes from a package the Depends line names, with a lowest
# version (what dpkg-shlibdeps writes; a hand-typed list would drift).
depends=$(field Depends)
[ -n "$depends" ] || fail "the package declares no dependencies"
# The binary's and its HTTP module's (which alone links cpp-httplib).
for elf in "$abp" "$(dirname "$abp")/abp-http.so"; do
  ldd "$elf" >"$work/ldd"
  for soname in $(objdump -p "$elf" | awk '$1 == "NEEDED" { print $2 }'); do
    # `libx.so.1 => /path (addr)`, or the dynamic loader's `/path/ld-linux.so.2 (addr)`
    path=$(awk -v s="$soname" '($1 == s && $2 == "=>") { print $3 } $1 ~ ("/" s "$") { print $1 }' "$work/ldd")
    owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(realpath "$path")" 2>/dev/null) ||
      fail "no installed package owns $soname ($path, for $(basename "$elf"))"
    owner=${owner%%:*}
    [[ ", $depends" == *", $owner (>= "* ]] ||
      fail "Depends does not name $owner (for $soname) with a version: $depends"
  done
done

# The files: exactly these, owned by root, executable only the binary.
want="./usr/bin/abp
./usr/lib/abp/abp-http.so
./usr/share/abp/author_book_publisher.csv
./usr/share/bash-completion/completions/abp
./usr/share/doc/abp/README.md
./usr/share/doc/abp/copyright
./usr/share/fish/vendor_completions.d/abp.fish
./usr/share/man/man1/abp.1.gz
./usr/share/zsh/vendor-completions/_abp"
dpkg-deb --contents "$deb" >"$work/contents"
got=$(awk '$1 !~ /^d/ { print $6 }' "$work/contents" | LC_ALL=C sort)
[ "$got" = "$want" ] || fail "the package holds other files: $(diff <(echo "$want") <(echo "$got") | grep '^[<>]')"
awk '$2 != "root/root" { print "  " $0 }' "$work/contents" | grep . && fail "files not owned by root"
awk '$1 !~ /^d/ && $6 != "./usr/bin/abp" && $1 != "-rw-r--r--" { print "  " $0 }' "$work/contents" |
  grep . && fail "data files not 0644"

# Unpacked: the binary, the man page, the completions.
root=$work/root
dpkg-deb -x "$deb" "$root"
(cd / && "$root/usr/bin/abp" report "$root/usr/share/abp/author_book_publisher.csv") >"$work/report" ||
  fail "abp report of the packaged data failed"
cmp -s "$work/report" "$source_dir/tests/cli/cases/report/reference/expected.stdout" ||
  fail "the packaged abp's report of the packaged data is not the reference report"
cp "$root/usr/share/abp/author_book_publisher.csv" "$work/served.csv"
(cd / && PYTHONPATH=$lib_dir python3 - "$root/usr/bin/abp" "$work/served.csv" \
  "$source_dir/tests/cli/cases/report/reference/expected.stdout" <<'EOF'
import sys
from serve_harness import Server
abp, sample, reference = sys.argv[1:]
with Server(abp, sample) as server:
    status, _, body = server.get("/api/report")
    assert status == 200 and body == open(reference, "rb").read(), f"/api/report: {status}"
EOF
) >"$work/serve.out" 2>&1 || fail "the packaged abp did not serve through its module: $(cat "$work/serve.out")"
cmp -s "$root/usr/share/doc/abp/copyright" "$source_dir/LICENSE" || fail "copyright is not LICENSE"

if command -v man >/dev/null; then
  for locale in "" C.UTF-8; do
    page=$(env -i PATH="$PATH" ${locale:+LC_ALL=$locale} MANWIDTH=80 \
      man --warnings -l "$root/usr/share/man/man1/abp.1.gz" 2>"$work/man.err")
    [ -s "$work/man.err" ] && fail "man -l (locale '${locale:-none}') warns: $(cat "$work/man.err")"
    grep -q "^ABP(1)" <<<"$page" || fail "man -l (locale '${locale:-none}') did not render the page"
  done
fi

source "$lib_dir/completions_found.bash"
shells=$(completions_found "$root/usr" vendor-completions) || fail "not found by $shells: the packaged completion"

echo "package: all checks passed ($(basename "$deb"), Depends: $depends)"
