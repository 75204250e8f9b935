#!/usr/bin/env bash
# `make bench-answers` (second-language part): answer quality in German on real text no one here
# wrote, the Debian FAQ in German (Debian's debian-faq-de, installed by scripts/setup.sh), indexed
# with `helpfirst build --site` and asked the questions of bench/lang/debian-faq-de.csv, beside
# the npm peers with their own German support, in one run (bench/lang/quality.mjs). helpfirst is
# measured with the German stemmer and stop words and without any language analysis.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin helpfirst
out=target/bench-lang
mkdir -p "$out"
target/release/helpfirst build --content bench/lang/debian-faq-de --site /usr/share/doc/debian/FAQ/de \
  --out "$out/de.json" 2>/dev/null
# The same content in a language the engine has no analysis for: the stemmer's effect.
node -e 'const fs = require("fs"); const [from, to] = process.argv.slice(1);
  const content = JSON.parse(fs.readFileSync(from, "utf8")); content.company.language = "zz";
  fs.writeFileSync(to, JSON.stringify(content));' "$out/de.json" "$out/de-plain.json"
node bench/lang/quality.mjs --content "$out/de.json" --plain "$out/de-plain.json"
