# Sourced by the build and test scripts: the Debian Rust toolchain that can build std for wasm32.
# rustup cannot download targets here, so the wasm build uses Debian's rustc-web with -Zbuild-std.
export WASM_RUSTC=/usr/bin/rustc
export WASM_CARGO=/usr/bin/cargo
wasm_cargo() {
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/wasm" \
    /usr/bin/cargo "$@" --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
}
