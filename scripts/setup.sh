#!/usr/bin/env bash
# Installs what building and testing need, once: safe to run again and again.
# Only crates.io, npm, PyPI and Debian packages are used (no downloads from elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Rust targets: wasm32-unknown-unknown for wxcard/full and the browser tests, wasm32v1-none
# (WebAssembly 1.0) for the phone module.
for t in wasm32-unknown-unknown wasm32v1-none; do
  if ! rustup target list --installed | grep -qx "$t"; then
    say "adding the $t target"
    rustup target add "$t"
  fi
done

# wasm-pack from crates.io (the npm package downloads from GitHub, which is unreachable).
if ! wasm-pack --version 2>/dev/null | grep -q '^wasm-pack 0.15.1$'; then
  say "installing wasm-pack 0.15.1"
  cargo install wasm-pack --version 0.15.1 --locked
fi

# wasm-bindgen-cli at exactly the version in Cargo.lock, or wasm-pack tries to download one.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WB_VERSION}$"; then
  say "installing wasm-bindgen-cli ${WB_VERSION}"
  # Not --locked: its lock file pins a webpki-roots release the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# Debian: Chromium and its driver for the browser tests, a CJK font for their screenshots,
# Redis for the Redis ticket store, wabt's wasm-validate for the phone module's features.
missing=()
for p in chromium chromium-driver redis-server fonts-wqy-zenhei wabt; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  if ! $SUDO apt-get install -y -qq "${missing[@]}"; then
    # Seen here once: a dpkg temp-file error that a fix-up and a retry cure.
    $SUDO apt-get -f install -y -qq
    $SUDO apt-get install -y -qq "${missing[@]}"
  fi
fi

# npm dev dependencies (binaryen's wasm-opt, playwright-core, typescript, weixin-js-sdk).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

# wechatpy, the independent implementation the signatures are cross-checked against.
if ! target/pyenv/bin/python -c 'import wechatpy' 2>/dev/null; then
  say "installing wechatpy into target/pyenv"
  python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check -r tests/py/requirements.txt
fi
say "ready"
