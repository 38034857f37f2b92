# The two commands of the README: `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CHROMEDRIVER ?= /usr/bin/chromedriver
PORT ?= 8080
# Where cargo puts the test binaries: CARGO_TARGET_DIR when it is set.
BIN := $(or $(CARGO_TARGET_DIR),target)/debug

.PHONY: demo test setup pkg mvp-check size panic-check lint layers docs-check test-rust package-check test-cross test-wasm test-js test-pack test-bundlers fuzz bench

## Builds pkg/ and starts the demo server with the pages on http://127.0.0.1:$(PORT)/
demo: setup pkg
	cargo run --release --features demo,redis --bin wxcard-demo -- --port $(PORT)

## Every test: lint, Rust (native, from the packaged crate, and in Chromium), cross-check, npm
## package, browser pages.
test: setup lint layers docs-check test-rust package-check test-cross test-wasm pkg mvp-check size panic-check test-js test-pack test-bundlers

## No import cycle among the files of src/, and no core file importing the layers on top of
## it (the wasm bindings, the npm exports, the server).
layers:
	python3 scripts/check_layers.py src

## Every relative link and image of README.md and docs/*.md points to a file (and heading) that exists.
docs-check:
	./scripts/check-links.sh

setup:
	./scripts/setup.sh

pkg:
	./scripts/build-pkg.sh

## The phone module is WebAssembly 1.0: it validates with each post-MVP feature that wabt turns
## on by default disabled (the others, threads, tail calls, exceptions..., are off unless asked
## for). Mutable globals, part of the 1.0 specification, stay allowed. `make pkg` first.
MVP_DISABLE := sign-extension bulk-memory reference-types saturating-float-to-int multi-value simd
mvp-check:
	wasm-validate $(addprefix --disable-,$(MVP_DISABLE)) pkg/wasm/wxcard_bg.wasm
	@echo "ok: pkg/wasm/wxcard_bg.wasm is WebAssembly 1.0 (no $(MVP_DISABLE))"

size:
	./scripts/size.sh

panic-check:
	./scripts/panic-check.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets --all-features -- -D warnings
	RUSTFLAGS="$${RUSTFLAGS:+$$RUSTFLAGS }--cfg wxcard_npm_module" \
	  cargo clippy --lib --target wasm32-unknown-unknown --features wasm,wasm-full -- -D warnings
	RUSTFLAGS="$${RUSTFLAGS:+$$RUSTFLAGS }--cfg wxcard_npm_module" \
	  cargo clippy --lib --target wasm32v1-none --features wasm -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --features redis

test-rust:
	cargo test --all-features

package-check:
	./scripts/check-package.sh

test-cross:
	cargo build --features cli --bin wxcard
	target/pyenv/bin/python tests/py/cross_check.py $(BIN)/wxcard
	target/pyenv/bin/python tests/py/busifavor_cross_check.py $(BIN)/wxcard
	WXCARD_PYTHON=target/pyenv/bin/python cargo test --features events,serde --test push -- --ignored wechatpy

test-wasm:
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) -- --features wasm-full

test-js:
	cargo build --features demo,redis --bin wxcard-demo
	cargo build --features cli,server --bin wxcard
	WXCARD_DEMO=$(BIN)/wxcard-demo WXCARD_CLI=$(BIN)/wxcard node --test tests/js/
	node_modules/.bin/tsc -p tests/js/tsconfig.json

test-pack:
	./scripts/check-pack.sh

## The packed tarball installed into a fresh Vite app and a fresh webpack app, built, and each
## page loaded in Chromium with a WeChat user agent.
test-bundlers:
	./scripts/check-bundlers.sh

## A short fuzzing run of every target (nightly and cargo-fuzz), FUZZ_SECONDS each. The seeds
## live in tests/fuzz-seeds/ (tests/fuzz_seeds.rs runs them in every `cargo test`, packaged crate
## included: cargo leaves fuzz/, a package of its own, out of the package).
FUZZ_SECONDS ?= 60
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for t in user_agent redirect diagnose sign_verify card_json exports push; do \
	  mkdir -p corpus/$$t && cargo +nightly fuzz run $$t corpus/$$t ../tests/fuzz-seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=4096 || exit 1; \
	done

## Benchmarks: criterion (native), the peer comparisons (signing, opening a push), Node through
## the wasm boundary, the browser timing, the demo server under load, `wxcard serve` with 1 and 3
## instances on one Redis. They print figures (docs/performance.md), they check no budget.
bench: setup pkg
	cargo bench --bench signing
	./bench/compare
	./bench/compare_push
	node bench/node.mjs
	node bench/browser.mjs
	./bench/load
	./bench/accounts
