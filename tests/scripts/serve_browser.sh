#!/usr/bin/env bash
# Issue 15.5: a real browser on abp serve. Headless Chromium through Selenium and
# chromium-driver searches, opens an author, is refused an add, adds a book and finds it in the
# tree, on a wide and a narrow window; screenshots go to browser-screenshots/ beside the abp
# binary (the build folder). Checks in tests/browser/serve_browser.py.
# usage: serve_browser.sh ABP
source "$(dirname "$0")/lib/common.bash"
command -v chromium >/dev/null || skip "no chromium (Debian: chromium)"
command -v chromedriver >/dev/null || skip "no chromedriver (Debian: chromium-driver)"
python=""
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import selenium' 2>/dev/null; then python=$p; break; fi
done
[ -n "$python" ] || skip "no Selenium for Python (Debian: python3-selenium)"
src=${ABP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
"$python" "$src/tests/browser/serve_browser.py" "$abp" "$work" "$(dirname "$abp")/browser-screenshots"
