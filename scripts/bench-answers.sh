#!/usr/bin/env bash
# `make bench-answers`: answer quality (Node, helpfirst's CLI against the npm peers), the abstention
# trade-off, and answer speed in headless Chromium (helpfirst's engine as wasm against the same
# peers), on the shared real question set, and quality and abstention again on a second domain.
# HELPFIRST_SHARED points at the shared material; the default, ../shared, is the folder beside the
# repository (or beside a git worktree of it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

data="${HELPFIRST_SHARED:-../shared}/data/banking77"
sets=(--faq "$data/faq.csv" --questions "$data/dev-questions.csv")
# A second domain the engine was not tuned on (its README says where it comes from).
second=bench/answers/sets/clinc150

cargo build --release --quiet --bin helpfirst
for set in "$data/faq.csv $data/dev-questions.csv" "$second/faq.csv $second/questions.csv"; do
  read -r faq questions <<<"$set"
  node bench/answers/quality.mjs --faq "$faq" --questions "$questions"
  echo
  target/release/helpfirst eval --content "$faq" --questions "$questions" --sweep --cache target/embeddings
  echo
done

echo
echo "bench-answers: compiling the engine's benchmark binding to wasm32"
out=target/bench-answers
mkdir -p "$out"
(cd bench/answers/wasm && CARGO_TARGET_DIR="$PWD/../../../target/bench-wasm" wasm_release --quiet)
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name engine \
  target/bench-wasm/wasm/wasm32-unknown-unknown/wasm-release/helpfirst_bench_wasm.wasm
# The same optimisation as the widget ships with (scripts/dist.sh), explicit feature list included.
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-sign-ext \
  --enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue \
  "$out/engine_bg.wasm" -o "$out/engine_bg.opt.wasm"
mv "$out/engine_bg.opt.wasm" "$out/engine_bg.wasm"

node bench/answers/speed.mjs "${sets[@]}" --wasm "$out"

echo
echo "bench-answers: answers from real sites' built HTML (helpfirst build --site)"
bash scripts/bench-site.sh

echo
echo "bench-answers: answers in German from the Debian FAQ's built HTML (bench/lang)"
bash scripts/bench-lang.sh
