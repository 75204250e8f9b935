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
echo "setup: ready"
