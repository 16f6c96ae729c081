#!/usr/bin/env bash
# Issue 15, SPEC §8: abp serve over HTTP, on port 0, started and stopped here. Every route and
# refusal with its status, headers and body; /api/report byte for byte abp report's; adds
# through the form and the API; a file changed, replaced, broken and mended while served;
# SIGINT and SIGTERM. The checks are in lib/serve_http.py (standard library only).
# usage: serve_http.sh ABP
source "$(dirname "$0")/lib/common.bash"
PYTHONPATH=$lib_dir python3 "$lib_dir/serve_http.py" "$abp" "$work"
