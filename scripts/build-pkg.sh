#!/usr/bin/env bash
# Builds the two wasm modules of the npm package into pkg/wasm (phone pages) and pkg/wasm-full
# (signing and diagnosis), then shrinks them with wasm-opt from npm's binaryen.
#
# The phone module is plain WebAssembly 1.0 (the MVP, plus mutable globals): it is built for
# wasm32v1-none, which emits no post-MVP instruction, with cargo and the wasm-bindgen CLI
# (wasm-pack drives wasm32-unknown-unknown only), and wasm-opt is not allowed any feature beyond
# the MVP either. `make mvp-check` validates the result with each post-MVP feature disabled.
# wxcard/full (Node 20+, the debugger) keeps the features of wasm32-unknown-unknown.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_OPT=node_modules/.bin/wasm-opt
[ -x "$WASM_OPT" ] || { echo "wasm-opt missing: run 'npm ci' (or make setup)" >&2; exit 1; }
rustup target list --installed | grep -qx wasm32v1-none ||
  { echo "the wasm32v1-none target is missing: run 'make setup'" >&2; exit 1; }
# The CLI must be the version of the wasm-bindgen crate in Cargo.lock, or its glue does not match.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
wasm-bindgen --version 2>/dev/null | grep -q " ${WB_VERSION}$" ||
  { echo "wasm-bindgen ${WB_VERSION} missing: run 'make setup'" >&2; exit 1; }

export CARGO_PROFILE_RELEASE_PANIC=abort
# The npm package's own module: no std, its own allocator and panic handler (src/lib.rs).
RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg wxcard_npm_module"
# The file names of the dependencies' panic locations are kept in the module: without the
# builder's home directory they are shorter, and the same on every machine.
for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  if [ -d "$d" ]; then RUSTFLAGS="$RUSTFLAGS --remap-path-prefix=${d%/}=crates"; fi
done
export RUSTFLAGS
TARGET_DIR=${CARGO_TARGET_DIR:-target}

# The phone module, built small. Besides -Oz: the target_features section is for tools only; the
# low 1 KB of memory holds nothing (the stack starts at 1 MB and grows down, the data sits above
# it: only a stack 1 MB deep reaches it), which lets wasm-opt fold more address arithmetic into
# the offsets of loads and stores; and the most called functions first gzip better.
build_phone() { # out-dir
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z cargo build --quiet --release --target wasm32v1-none --lib --features wasm
  rm -rf "$1"
  wasm-bindgen --target web --out-name wxcard --out-dir "$1" "$TARGET_DIR/wasm32v1-none/release/wxcard.wasm"
  "$WASM_OPT" -Oz --converge --strip-debug --strip-producers --strip-target-features \
    --low-memory-unused --reorder-functions --mvp-features --enable-mutable-globals \
    "$1/wxcard_bg.wasm" -o "$1/wxcard_bg.wasm"
}

# wxcard/full (debugger, Node, edge), built fast, with the features every engine it runs on has.
build_full() { # out-dir
  CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
    wasm-pack --quiet build --target web --release --no-pack --out-name wxcard --out-dir "$1" -- --features wasm,wasm-full
  "$WASM_OPT" -O3 --converge --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue --enable-reference-types \
    "$1/wxcard_bg.wasm" -o "$1/wxcard_bg.wasm"
  rm -f "$1/.gitignore"
}

build_phone pkg/wasm
build_full pkg/wasm-full
echo "built pkg/wasm and pkg/wasm-full"
