# Sourced by the build and test scripts: the Debian Rust toolchain that can build std for wasm32.
# rustup cannot download targets here, so the wasm build uses Debian's rustc-web with -Zbuild-std.
export PATH="$HOME/.cargo/bin:$PATH"

# The subcommand comes first and cargo's own flags right after it, before any `--` for the tool.
wasm_cargo() {
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/wasm" \
    /usr/bin/cargo "$1" --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort "${@:2}"
}

# Debian's clippy-driver must match Debian's rustc, so /usr/bin goes first for this one call.
wasm_clippy() {
  PATH="/usr/bin:$PATH" wasm_cargo clippy "$@"
}

# Release builds of the widget (and of the size floor) drop panic locations and Debug formatting:
# a visitor's browser has no use for them, and they cost about a tenth of the wasm. A panic stops
# the widget at once (`immediate-abort`: no message is formatted, which saves about 6 KB brotli;
# the panel stops as it would after any panic, and the host page is not affected). They use the
# size-first `wasm-release` profile (Cargo.toml); the native `release` profile is built for speed.
# The wasm lands in .../wasm32-unknown-unknown/wasm-release/. std itself is built with its
# `optimize_for_size` feature: small sorts (one merge sort and one heap sort instead of driftsort
# and ipnsort for each element type) and smaller formatting and collections code, about 10 KB brotli.
wasm_release() {
  RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort" \
    wasm_cargo build --profile wasm-release -Zbuild-std-features=optimize_for_size "$@"
}
