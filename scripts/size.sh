#!/usr/bin/env bash
# Prints what a page downloads, gzip -9, and fails when the phone bundle is over budget.
# Budget: pkg/index.js + pkg/core.js + pkg/wasm/* (what `import 'wxcard'` loads) <= 20 KB, the
# files as published. Also printed: the phone bundle as a merchant's build ships it, the JS
# bundled and minified by esbuild (the wasm as it is).
set -euo pipefail
cd "$(dirname "$0")/../pkg"
BUDGET=${WXCARD_SIZE_BUDGET:-20480}

gz() { gzip -9c "$1" | wc -c; }
report() { # name files...
  local name=$1 total=0 raw=0; shift
  printf '%s\n' "$name"
  for f in "$@"; do
    local r g; r=$(wc -c < "$f"); g=$(gz "$f")
    printf '  %-28s %8d B  %7d B gzip\n' "$f" "$r" "$g"
    total=$((total + g)); raw=$((raw + r))
  done
  printf '  %-28s %8d B  %7d B gzip\n' "total" "$raw" "$total"
  TOTAL=$total
}

report "wxcard (phone pages: import 'wxcard')" index.js core.js wasm/wxcard.js wasm/wxcard_bg.wasm
phone=$TOTAL
ESBUILD=../node_modules/.bin/esbuild
[ -x "$ESBUILD" ] || { echo "esbuild missing: run 'npm ci' (or make setup)" >&2; exit 1; }
min=$(mktemp); trap 'rm -f "$min"' EXIT
"$ESBUILD" index.js --bundle --minify --format=esm --log-level=warning --outfile="$min"
printf '%s\n' "wxcard, minified (esbuild --bundle --minify of index.js)"
mr=$(wc -c < "$min"); mg=$(gz "$min"); wr=$(wc -c < wasm/wxcard_bg.wasm); wg=$(gz wasm/wxcard_bg.wasm)
printf '  %-28s %8d B  %7d B gzip\n' "JS bundle" "$mr" "$mg" wasm/wxcard_bg.wasm "$wr" "$wg" \
  total $((mr + wr)) $((mg + wg))
report "wxcard/full (debugger, Node, edge: import 'wxcard/full')" full.js core.js wasm-full/wxcard.js wasm-full/wxcard_bg.wasm
if [ "$phone" -gt "$BUDGET" ]; then
  echo "FAIL: the phone bundle is $phone B gzip, over the budget of $BUDGET B" >&2
  exit 1
fi
echo "ok: the phone bundle is $phone B gzip, within the budget of $BUDGET B"
