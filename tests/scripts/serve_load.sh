#!/usr/bin/env bash
# Issue 15.5, load and safety: 8 clients x 50 adds through abp serve's /api/add while 2 terminal
# abp adds and 3 readers work on the same file: every distinct row once, none torn, none lost,
# every request answered. Then SIGKILL during adds, five times: whole rows only.
# Checks in lib/serve_load.py. ABP_CLIENTS / ABP_ADDS shrink it for a slow build.
# usage: serve_load.sh ABP
source "$(dirname "$0")/lib/common.bash"
PYTHONPATH=$lib_dir python3 "$lib_dir/serve_load.py" "$abp" "$work"
