#!/usr/bin/env bash
# Runs every test layer: formatting and lints, native `cargo test`, the widget's component tests in
# headless Chromium (wasm-bindgen-test), then end-to-end tests (Playwright) against `helpfirst serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/toolchain.sh

echo "== formatting and lints"
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
wasm_clippy --lib --tests --quiet -- -D warnings

echo "== native tests"
cargo test --quiet

echo "== widget component tests in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  wasm_cargo test --test browser

echo "== build dist/, check its size budget, and run the end-to-end tests"
bash scripts/dist.sh
node scripts/size.mjs --check
# Each test is bounded: a hang fails the run in minutes instead of holding CI to its limit.
node --test --test-timeout=300000 tests/e2e/
