#!/usr/bin/env bash
# The crate as crates.io would get it: `cargo package`, unpack the .crate in a scratch
# directory, and run the package's own tests there, with default features and with all of
# them. Fails when a test reads a file the package leaves out, or when the package does not
# build on its own (with its own Cargo.lock, --locked).
#
# Everything the tests need is local: the server tests talk to the fake WeChat API of
# tests/support, the Redis tests start redis-server from PATH (scripts/setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

root=$PWD
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$root/$target ;; esac
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
crate=$target/package/wxcard-$version.crate

echo "== cargo package (the files crates.io would get)"
cargo package --quiet --allow-dirty --no-verify
files=$(tar tzf "$crate" | sed "s|^wxcard-$version/||" | grep -v '/$')
echo "$crate: $(wc -l <<<"$files") files, $(du -k "$crate" | cut -f1) KB"
awk -F/ '{ print (NF > 1 ? $1 "/" : $1) }' <<<"$files" | sort | uniq -c | sed 's/^/  /'
# docs/*.md are doctests (src/doc_tests.rs); their screenshots stay out.
for needed in README.md LICENSE-MIT LICENSE-APACHE Cargo.lock tests/support/mod.rs tests/cards/ tests/fuzz-seeds/ docs/rust.md; do
  grep -q "^$needed" <<<"$files" || { echo "FAIL: the package has no $needed" >&2; exit 1; }
done
for unwanted in www/ pkg/ docs/.*\.png node_modules/ tests/js/ tests/py/ fuzz/; do
  if grep -q "^$unwanted" <<<"$files"; then echo "FAIL: the package holds $unwanted" >&2; exit 1; fi
done

work=$(mktemp -d)
# Its own target directory: the package's binaries must not replace the repository's. It is
# a second full build (gigabytes), so it goes when the check ends, failed or not.
export CARGO_TARGET_DIR=$target/package-check
trap 'rm -rf "$work" "$CARGO_TARGET_DIR"' EXIT
tar xzf "$crate" -C "$work"
cd "$work/wxcard-$version"

# Runs `cargo test --locked ARGS...` and prints which test targets ran and their totals.
run_tests() {
  echo "== cargo test --locked $*  (in the unpacked package)"
  if ! cargo test --locked "$@" >"$work/log" 2>&1; then
    tail -n 60 "$work/log" >&2
    echo "FAIL: cargo test --locked $*" >&2
    exit 1
  fi
  awk '/^ *Running / { name = ($2 == "unittests" ? $3 : $2) }
       /^ *Doc-tests / { name = "doc-tests" }
       /^test result:/ { printf "  %-28s %3d passed\n", name, $4; p += $4; i += $8 }
       END { printf "  %-28s %3d passed, %d ignored\n", "total", p, i }' "$work/log"
}

run_tests
run_tests --all-features
echo "ok: the packaged crate builds and passes its tests on its own"
