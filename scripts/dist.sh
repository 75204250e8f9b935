#!/usr/bin/env bash
# Builds dist/: the loader (helpfirst.js, cached briefly), the content-hashed glue and wasm (cached
# forever), and the demo's compiled content.json with its prebuilt answer index (content.index).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

out=dist
work=target/dist-work
rm -rf "$work" && mkdir -p "$work" "$out"

echo "dist: compiling the widget to wasm32"
CARGO_TARGET_DIR=target/release-wasm wasm_release --lib --quiet
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name helpfirst \
  target/release-wasm/wasm/wasm32-unknown-unknown/wasm-release/helpfirst.wasm

echo "dist: optimising with wasm-opt -Oz"
# The feature list is explicit: --all-features makes Chromium refuse the module. --converge runs
# the passes until the module stops shrinking (about 0.8 KB brotli, 45 s); the producers and
# target-features sections are for tools, not browsers. --low-memory-unused lets a constant added
# to an address become the load's or store's offset (about 1.3 KB brotli): the two differ only when
# the addition wraps past 4 GiB into the first kilobyte, which no Rust pointer does (the offset form
# traps there instead).
node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-producers --strip-target-features --enable-bulk-memory --enable-reference-types --enable-sign-ext \
  --enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue \
  "$work/helpfirst_bg.wasm" -o "$work/helpfirst.opt.wasm"

# The glue is an ES module wasm-bindgen writes for readability; minify it like the loader.
node_modules/.bin/terser "$work/helpfirst.js" --module --compress --mangle --comments false \
  --output "$work/helpfirst.glue.js"

hash() { sha256sum "$1" | cut -c1-10; }
wasm_name="helpfirst-$(hash "$work/helpfirst.opt.wasm").wasm"
glue_name="helpfirst-glue-$(hash "$work/helpfirst.glue.js").js"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

rm -f "$out"/helpfirst-*.wasm* "$out"/helpfirst-glue-*.js*
cp "$work/helpfirst.opt.wasm" "$out/$wasm_name"
cp "$work/helpfirst.glue.js" "$out/$glue_name"
# The frame module carries the widget's panel.css (comments and runs of spaces dropped).
node -e 'const fs = require("fs"); const [js, css, out] = process.argv.slice(1);
  const style = fs.readFileSync(css, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ");
  fs.writeFileSync(out, fs.readFileSync(js, "utf8").replace("__PANEL_CSS__", JSON.stringify(style.trim())));' \
  loader/frame.js src/widget/panel.css "$work/frame.js"
node_modules/.bin/terser "$work/frame.js" --module --compress --mangle --comments false --output "$work/frame.min.js"
frame_name="helpfirst-frame-$(hash "$work/frame.min.js").js"
rm -f "$out"/helpfirst-frame-*.js*
cp "$work/frame.min.js" "$out/$frame_name"
brotli -q 11 -f -o "$out/$frame_name.br" "$out/$frame_name"
gzip -9 -n -c "$out/$frame_name" > "$out/$frame_name.gz"
sed -e "s/__WASM__/$wasm_name/" -e "s/__GLUE__/$glue_name/" -e "s/__VERSION__/$version/" -e "s/__FRAME__/$frame_name/" \
  loader/helpfirst.js > "$work/helpfirst.loader.js"
node_modules/.bin/terser "$work/helpfirst.loader.js" --compress --mangle --comments false \
  --output "$out/helpfirst.js"

echo "dist: the panel's string tables, one file per locale (src/locale)"
mkdir -p "$out/locales"
for table in locales/*.json; do
  node -e 'process.stdout.write(JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))))' \
    "$table" > "$out/locales/$(basename "$table")"
done

echo "dist: compiling the demo content"
# The hand-written content wins; the site adds what it does not have (helpfirst build --site).
cargo run --quiet --release --bin helpfirst -- build --content www/content --site www --out "$out/content.json"
# The German demo page (www/de/) answers from its own content, in German, with the German stemmer.
cargo run --quiet --release --bin helpfirst -- build --content www/de/content --out "$out/content-de.json"

# The server sends FILE.br or FILE.gz in place of FILE to browsers that take them, so visitors
# download the smallest form without the server compressing on every request.
echo "dist: precompressing (brotli -q 11, gzip -9)"
for file in "$out/helpfirst.js" "$out/$glue_name" "$out/$wasm_name" "$out/content.json" "$out"/locales/*.json "$out"/content-*.json "$out"/content*.index; do
  brotli -q 11 -f -o "$file.br" "$file"
  gzip -9 -n -c "$file" > "$file.gz"
done
ls -l "$out"
