#!/usr/bin/env bash
# Builds the SDK into pkg/.
#
#   1. cargo builds the crate for wasm32 (release profile, tuned for size in Cargo.toml);
#   2. Debian's wasm-opt -Oz shrinks it, before wasm-bindgen (steps 1-2: scripts/wasm-module.sh);
#   3. wasm-bindgen (the CLI pinned to the crate's version) writes the JS glue and types;
#   4. esbuild bundles and minifies the JS entries from www/ with the glue.
# (wasm-pack does steps 1 and 3 but cannot run wasm-opt between them; it runs the browser tests.)
#
# pkg/ afterwards:
#   clerk.js             ES module, default export Clerk (glue included)      <- what pages load
#   clerk.browser.js     classic script for <script data-clerk-publishable-key>
#   clerk_wasm_bg.wasm   the WebAssembly module (fetched by clerk.js, next to it)
#   clerk_ui.js          the components' module, imported by clerk.js on first mount
#   clerk_ui_bg.wasm     its WebAssembly module (scripts/build-ui.sh)
#   clerk_wasm.js/.d.ts  wasm-bindgen's unminified glue and its types
#
# Last (step 7), outside pkg/: the demo pages' dev wallet, www/examples/dev-wallet.js.
#
# `--dev` builds unoptimised, unminified, with debug info (faster, for debugging).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

mode=release
[ "${1:-}" = "--dev" ] && mode=dev

# shellcheck source=scripts/wasm-module.sh
. scripts/wasm-module.sh
remap_source_paths
build_wasm "$mode" clerk-wasm clerk_wasm

mkdir -p pkg
wasm-bindgen "$wasm" --out-dir pkg --out-name clerk_wasm --target web $strip_names
# Short import names in the .wasm and its glue (scripts/shorten-imports.mjs; the core's ~95
# imports, whose hashed names do not compress, measured about 2.5 KB gzip).
[ "$mode" = release ] && node scripts/shorten-imports.mjs pkg clerk_wasm
# The UI module stays a module of its own: clerk.js imports it on first mount (www/ui-loader.js).
node_modules/.bin/esbuild www/clerk.js --bundle --format=esm --target=es2022 $minify \
  --external:./clerk_ui.js --outfile=pkg/clerk.js --log-level=warning
node_modules/.bin/esbuild www/clerk.browser.js --format=iife --target=es2020 $minify \
  --outfile=pkg/clerk.browser.js --log-level=warning

# 5. The components' module (pkg/clerk_ui.js + pkg/clerk_ui_bg.wasm), which clerk.js imports on
#    first mount (www/ui-loader.js).
bash scripts/build-ui.sh ${1:-}

# 6. The npm package (scripts/package.mjs): pkg/package.json (name, version and license from
#    Cargo.toml), pkg/clerk.d.ts (the entry's types: `import Clerk from 'clerk-wasm'`) and
#    pkg/README.md; then the tarball `npm pack` makes of it, pkg/clerk-wasm-<version>.tgz, which
#    the example app (www/app) installs. Its `files` keep it to clerk.js, clerk.browser.js,
#    clerk_wasm_bg.wasm and the .d.ts files (plus package.json and README.md).
node scripts/package.mjs
rm -f pkg/clerk-wasm-*.tgz
(cd pkg && npm pack --silent --loglevel=error >/dev/null)

# 7. Not the SDK: the demo pages' dev wallet (www/examples/dev-wallet.src.js, an opt-in EIP-1193
#    provider for the Web3 example), bundled with @noble/curves and @noble/hashes into
#    www/examples/dev-wallet.js (generated, git-ignored). It stays out of pkg/ and the package.
node_modules/.bin/esbuild www/examples/dev-wallet.src.js --bundle --format=esm --target=es2022 $minify \
  --legal-comments=none --outfile=www/examples/dev-wallet.js --log-level=warning
