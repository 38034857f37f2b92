#!/usr/bin/env bash
# Builds the two wasm modules of the npm package into pkg/wasm (phone pages) and pkg/wasm-full
# (signing and diagnosis), then shrinks them with wasm-opt from npm's binaryen.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_OPT=node_modules/.bin/wasm-opt
[ -x "$WASM_OPT" ] || { echo "wasm-opt missing: run 'npm ci' (or make setup)" >&2; exit 1; }

export CARGO_PROFILE_RELEASE_PANIC=abort
# The npm package's own module: no std, its own allocator and panic handler (src/lib.rs).
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg wxcard_npm_module"

build() { # out-dir features opt-level
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$3 \
    wasm-pack --quiet build --target web --release --no-pack --out-name wxcard --out-dir "$1" -- --features "$2"
  "$WASM_OPT" "-O$3" --converge --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue --enable-reference-types \
    "$1/wxcard_bg.wasm" -o "$1/wxcard_bg.wasm"
  rm -f "$1/.gitignore"
}

# The phone module is built small; the full one (debugger, Node, edge) fast.
build pkg/wasm wasm z
build pkg/wasm-full wasm,wasm-full 3
echo "built pkg/wasm and pkg/wasm-full"
