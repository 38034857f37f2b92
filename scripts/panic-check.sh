#!/usr/bin/env bash
# Builds both wasm modules with their symbols and lists the panic machinery in each: neither may
# hold any but the allocator's.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_STRIP=false
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg wxcard_npm_module"
wasm=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/wxcard.wasm
CARGO_PROFILE_RELEASE_OPT_LEVEL=z cargo build -q --release --target wasm32-unknown-unknown --lib --features wasm
python3 scripts/panic_check.py "$wasm"
CARGO_PROFILE_RELEASE_OPT_LEVEL=3 cargo build -q --release --target wasm32-unknown-unknown --lib --features wasm,wasm-full
python3 scripts/panic_check.py "$wasm"
