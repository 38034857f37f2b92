# The two commands of the README: `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CHROMEDRIVER ?= /usr/bin/chromedriver
PORT ?= 8080

.PHONY: demo test setup pkg size panic-check lint test-rust test-cross test-wasm test-js test-pack fuzz bench

## Builds pkg/ and starts the demo server with the pages on http://127.0.0.1:$(PORT)/
demo: setup pkg
	cargo run --release --features redis --bin wxcard-demo -- --port $(PORT)

## Every test: lint, Rust (native and in Chromium), cross-check, package, browser pages.
test: setup lint test-rust test-cross test-wasm pkg size panic-check test-js test-pack

setup:
	./scripts/setup.sh

pkg:
	./scripts/build-pkg.sh

size:
	./scripts/size.sh

panic-check:
	./scripts/panic-check.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets --all-features -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features wasm-no-std,wasm-full -- -D warnings

test-rust:
	cargo test --all-features

test-cross:
	cargo build --features cli --bin wxcard
	target/pyenv/bin/python tests/py/cross_check.py target/debug/wxcard

test-wasm:
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) -- --features wasm-full

test-js:
	cargo build --features redis --bin wxcard-demo
	node --test tests/js/
	node_modules/.bin/tsc -p tests/js/tsconfig.json

test-pack:
	./scripts/check-pack.sh

## A short fuzzing run of every target (nightly and cargo-fuzz), FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for t in user_agent redirect diagnose sign_verify card_json; do \
	  mkdir -p corpus/$$t && cargo +nightly fuzz run $$t corpus/$$t seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=4096 || exit 1; \
	done

## Benchmarks: criterion (native), the peer comparison, the browser timing, the demo server under load.
bench: setup pkg
	cargo bench --bench signing
	./bench/compare
	node bench/browser.mjs
	./bench/load
