# Sourced by scripts/build-sdk.sh and scripts/build-ui.sh: the steps both modules share.
#
# remap_source_paths: panic locations embed source paths; shorten them to what follows the
#   registry, the project and the standard library's roots (measured 10 KB of path text in the
#   core's .wasm before gzip). Set once, so that both builds share one cargo cache.
#
# build_wasm MODE PACKAGE LIB: cargo builds PACKAGE for wasm32 (release: the workspace's profile
#   tuned for size) and, in release, Debian's wasm-opt -Oz shrinks it — before wasm-bindgen,
#   not after: binaryen 108 rewrites the externref table wasm-bindgen adds into a type browsers
#   reject, and the module has no such table yet at this point. Sets `wasm` (the module for
#   wasm-bindgen), `minify` (esbuild's flag) and `strip_names` (wasm-bindgen's flags).

remap_source_paths() {
  if [[ "${RUSTFLAGS:-}" != *--remap-path-prefix* ]]; then
    local rustc_hash
    rustc_hash=$(rustc -vV | awk '/^commit-hash/ { print $2 }')
    export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/= --remap-path-prefix=$PWD/= --remap-path-prefix=/rustc/$rustc_hash/library/="
  fi
}

build_wasm() {
  local mode=$1 package=$2 lib=$3 out=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown
  if [ "$mode" = release ]; then
    cargo build -p "$package" --lib --target wasm32-unknown-unknown --release --quiet
    wasm=$out/release/$lib.opt.wasm
    # Features the Rust output uses; --low-memory-unused and --zero-filled-memory hold for a
    # Rust module (nothing lives below 1 KiB; a fresh memory is zeroed).
    wasm-opt -Oz --low-memory-unused --zero-filled-memory \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out/release/$lib.wasm" -o "$wasm"
    minify=--minify
    strip_names="--remove-name-section --remove-producers-section"
  else
    cargo build -p "$package" --lib --target wasm32-unknown-unknown --quiet
    wasm=$out/debug/$lib.wasm
    minify=
    strip_names=
  fi
}
