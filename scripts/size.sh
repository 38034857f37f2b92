#!/usr/bin/env bash
# Prints what a page downloads, gzip -9, and fails when the phone bundle is over budget.
# Budget: pkg/index.js + pkg/core.js + pkg/wasm/* (what `import 'wxcard'` loads) <= 20 KB.
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
report "wxcard/full (debugger, Node, edge: import 'wxcard/full')" full.js core.js wasm-full/wxcard.js wasm-full/wxcard_bg.wasm
if [ "$phone" -gt "$BUDGET" ]; then
  echo "FAIL: the phone bundle is $phone B gzip, over the budget of $BUDGET B" >&2
  exit 1
fi
echo "ok: the phone bundle is $phone B gzip, within the budget of $BUDGET B"
