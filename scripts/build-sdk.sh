#!/usr/bin/env bash
# Builds the SDK into pkg/: wasm-pack (release profile, web target) compiles the crate and runs
# wasm-bindgen; Debian's wasm-opt shrinks the .wasm (wasm-pack's own download of binaryen is
# turned off in Cargo.toml); esbuild bundles and minifies the JS entries from www/ with the glue.
#
# pkg/ afterwards:
#   clerk.js             ES module, default export Clerk (glue included)      <- what pages load
#   clerk.browser.js     classic script for <script data-clerk-publishable-key>
#   clerk_wasm_bg.wasm   the WebAssembly module (fetched by clerk.js, next to it)
#   clerk_wasm.js/.d.ts  wasm-bindgen's unminified glue and its types
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

profile="--release"
[ "${1:-}" = "--dev" ] && profile="--dev"

wasm-pack build $profile --target web --out-dir pkg --out-name clerk_wasm --no-pack 2>&1 \
  | grep -v 'failed to get wasm-pack version\|License key is set' || true
test -f pkg/clerk_wasm_bg.wasm

if [ "$profile" = "--release" ]; then
  # The features wasm-bindgen's output uses; --low-memory-unused and --zero-filled-memory hold
  # for a Rust module (nothing below 1 KiB, fresh memory is zeroed).
  wasm-opt -Oz --strip-debug --strip-producers --low-memory-unused --zero-filled-memory \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    pkg/clerk_wasm_bg.wasm -o pkg/clerk_wasm_bg.wasm
fi

minify="--minify"
[ "$profile" = "--dev" ] && minify=""
node_modules/.bin/esbuild www/clerk.js --bundle --format=esm --target=es2022 $minify \
  --outfile=pkg/clerk.js --log-level=warning
node_modules/.bin/esbuild www/clerk.browser.js --format=iife --target=es2020 $minify \
  --outfile=pkg/clerk.browser.js --log-level=warning
rm -f pkg/.gitignore
