#!/usr/bin/env bash
# Issue 15.5: hostile requests against abp serve: XSS-style values shown as text on every page,
# a 10 MB body, a 1 MB header, a 100 KB address, bad encodings, a stalled and a trickling client
# (dropped while others are served), 500 connections at once. Checks in lib/serve_hostile.py.
# usage: serve_hostile.sh ABP
source "$(dirname "$0")/lib/common.bash"
[ -n "${ABP_SANITIZED:-}" ] && skip "timing limits do not hold under sanitizers"
PYTHONPATH=$lib_dir python3 "$lib_dir/serve_hostile.py" "$abp" "$work"
