#!/usr/bin/env bash
# Installs what abp needs (Debian packages, only those missing), then configures and builds.
# usage: scripts/setup.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true

packages=(build-essential cmake ninja-build pkg-config libfccp-dev libfmt-dev libcli11-dev
          catch2 libsqlite3-dev sqlite3 libutf8proc-dev python3 jq util-linux bsdextrautils man-db
          clang libclang-rt-14-dev libxxhash-dev)
# the zsh and fish completion tests; `file` and dpkg-dev for the .deb (cpack, dpkg-shlibdeps)
packages+=(zsh fish file dpkg-dev)
# bench/sort_bench: the hand-written sorts against Boost's spreadsort (issue 11)
packages+=(libboost-dev)
# abp serve: the HTTP library; curl, chromium, its driver and Selenium for its tests; wrk,
# GNU time, Flask, SQLAlchemy and gunicorn for bench/serve.sh and its peer
packages+=(libcpp-httplib-dev curl chromium chromium-driver python3-selenium wrk time python3-flask
           python3-sqlalchemy gunicorn)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S . -B "$build_dir" -G Ninja "$@" >/dev/null
cmake --build "$build_dir"
