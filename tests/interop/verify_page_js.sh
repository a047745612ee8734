#!/bin/sh
# Renders a verify page with unit_pages and checks static/verify.js in
# headless Chromium (see verify_page_js.mjs); then checks that verify.js
# reaches every verdict of tests/fixtures/verdicts.json in Node and in
# Chromium (verdicts.mjs). usage: verify_page_js.sh BUILD_DIR
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
MARK_BADGE_DUMP="$out" "$build/bin/unit_pages" "verify page: valid ISP mark\\, Japanese" >/dev/null
MARK_RULES_DUMP="$out/rules.json" "$build/bin/unit_publish" "[public_rules]" >/dev/null
node "$here/verify_page_js.mjs" --page "$out/verify-valid-ja.html" --static "$here/../../static" --rules "$out/rules.json"
node "$here/verdicts.mjs" --chromium --static "$here/../../static"
