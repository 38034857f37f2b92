#!/usr/bin/env bash
# Builds both wasm modules with their symbols and lists the panic machinery in each. The phone
# module (what a merchant's page loads) may hold none but the allocator's and the few reviewed
# call sites of scripts/panic_check.py. wxcard/full (Node, the debugger) reads and writes JSON
# with serde_json, whose parser, float formatting and error messages bring core's own
# invariant checks: its list is printed, and the `exports` fuzzer (every export on arbitrary
# input, natively; its seeds run in every `cargo test`) is the check that no input reaches one.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_STRIP=false
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg wxcard_npm_module"
target=${CARGO_TARGET_DIR:-target}
# The phone module as scripts/build-pkg.sh builds it: WebAssembly 1.0, wasm32v1-none.
CARGO_PROFILE_RELEASE_OPT_LEVEL=z cargo build -q --release --target wasm32v1-none --lib --features wasm
python3 scripts/panic_check.py "$target/wasm32v1-none/release/wxcard.wasm"
CARGO_PROFILE_RELEASE_OPT_LEVEL=3 cargo build -q --release --target wasm32-unknown-unknown --lib --features wasm,wasm-full
python3 scripts/panic_check.py "$target/wasm32-unknown-unknown/release/wxcard.wasm" --report-only
