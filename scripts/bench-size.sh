#!/usr/bin/env bash
# Prints raw, gzip and brotli bytes of what a visitor's browser downloads (the loader, the glue, the
# wasm and the demo content of dist/) against their budgets, beside a bare Yew hello-world
# (bench/floor) built by the same pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

floor=target/floor-dist
mkdir -p "$floor"
(cd bench/floor && CARGO_TARGET_DIR=../../target/floor wasm_release --quiet)
wasm-bindgen --target web --no-typescript --out-dir "$floor" --out-name floor \
  target/floor/wasm/wasm32-unknown-unknown/wasm-release/yew_floor.wasm
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-sign-ext \
  --enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue \
  "$floor/floor_bg.wasm" -o "$floor/floor.opt.wasm"
node_modules/.bin/terser "$floor/floor.js" --module --compress --mangle --comments false --output "$floor/floor.min.js"

# Every file against its budget and goal (size-budget.json), then the floor beside them.
node scripts/size.mjs "glue (bare Yew floor)=$floor/floor.min.js" "wasm (bare Yew floor)=$floor/floor.opt.wasm"
