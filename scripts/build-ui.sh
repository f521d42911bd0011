#!/usr/bin/env bash
# Builds the components' WebAssembly module — the `ui/` crate, clerk-wasm-ui — into pkg/, the
# way scripts/build-sdk.sh builds the core. The core imports it on a page's first
# mountSignIn/mountSignUp (www/ui-loader.js).
#
#   1. cargo builds the crate for wasm32 (the workspace's release profile, tuned for size);
#   2. Debian's wasm-opt -Oz shrinks it, before wasm-bindgen (steps 1-2: scripts/wasm-module.sh);
#   3. wasm-bindgen (the CLI pinned to the crate's version) writes the ES module glue into a
#      scratch directory, target/ui-glue/;
#   4. scripts/shorten-imports.mjs renames wasm-bindgen's imports (`__wbg_<method>_<16 hex digits>`,
#      each written in the .wasm and in the glue) to `a`, `b`, …: they measured 4.8 KB gzip of
#      the module's 30 KB budget;
#   5. esbuild minifies the glue into pkg/.
#
# pkg/ afterwards (nothing else is written there):
#   clerk_ui.js          ES module: default export init({module_or_path}), mount, unmount
#   clerk_ui_bg.wasm     the WebAssembly module (the core passes its URL to init)
#
# `--dev` builds unoptimised, unminified, with debug info and wasm-bindgen's own import names
# (faster, for debugging).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

mode=release
[ "${1:-}" = "--dev" ] && mode=dev

# shellcheck source=scripts/wasm-module.sh
. scripts/wasm-module.sh
remap_source_paths
build_wasm "$mode" clerk-wasm-ui clerk_wasm_ui

glue=target/ui-glue
rm -rf "$glue"
mkdir -p "$glue" pkg
wasm-bindgen "$wasm" --out-dir "$glue" --out-name clerk_ui --target web --no-typescript $strip_names
if [ "$mode" = release ]; then
  node scripts/shorten-imports.mjs "$glue" clerk_ui
fi
cp "$glue/clerk_ui_bg.wasm" pkg/clerk_ui_bg.wasm
node_modules/.bin/esbuild "$glue/clerk_ui.js" --format=esm --target=es2022 $minify \
  --outfile=pkg/clerk_ui.js --log-level=warning
