#!/usr/bin/env bash
# Prints raw, gzip and brotli bytes of what a visitor's browser downloads: the loader, the glue and
# the wasm of dist/, beside a bare Yew hello-world (bench/floor) built by the same pipeline.
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

sizes() { # file -> "raw gzip brotli"
  echo "$(stat -c %s "$1") $(gzip -9 -c "$1" | wc -c) $(brotli -q 11 -c "$1" | wc -c)"
}
row() { read -r raw gz br <<<"$(sizes "$2")"; printf '%-28s %10s %10s %10s\n' "$1" "$raw" "$gz" "$br"; }

printf '%-28s %10s %10s %10s\n' "file" "raw" "gzip" "brotli"
row "loader helpfirst.js" dist/helpfirst.js
row "glue (helpfirst)" dist/helpfirst-glue-*.js
row "wasm (helpfirst)" dist/helpfirst-*.wasm
row "content.json (demo)" dist/content.json
row "glue (bare Yew floor)" "$floor/floor.min.js"
row "wasm (bare Yew floor)" "$floor/floor.opt.wasm"

read -r w_raw w_gz w_br <<<"$(sizes dist/helpfirst-*.wasm)"
read -r f_raw f_gz f_br <<<"$(sizes "$floor/floor.opt.wasm")"
read -r l_raw l_gz l_br <<<"$(sizes dist/helpfirst.js)"
awk -v a="$w_raw" -v b="$f_raw" -v c="$w_gz" -v d="$f_gz" -v e="$w_br" -v f="$f_br" 'BEGIN {
  printf "wasm / floor: raw %.2fx, gzip %.2fx, brotli %.2fx\n", a / b, c / d, e / f }'
echo "loaded before any interaction or idle: the loader only, ${l_gz} bytes gzipped"
