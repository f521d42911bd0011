#!/usr/bin/env bash
# Runs every test (`make test`; CI's .ci/run calls this): installs what is missing, then
#   0. the lint gates: rustfmt, and clippy with warnings denied, native and wasm32;
#   1. Rust unit tests of the crates and the dev server's integration tests (real ports);
#   2. builds the SDK (release, as users get it) and the dev server;
#   3. the SDK's wasm-bindgen tests in headless Chromium against a running dev server;
#   4. the page-level tests (Node + playwright-core + the official @clerk packages).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --test

say "Lint: rustfmt and clippy (native, and wasm32 for the browser crates)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p clerk-wasm -p clerk-wasm-ui --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings

say "Rust unit and dev-server integration tests"
cargo test --workspace --quiet

say "Build: SDK (release) and dev server"
bash scripts/build-sdk.sh
cargo build -p clerk-devserver --quiet
node scripts/size.mjs

say "SDK tests in headless Chromium (wasm-bindgen-test)"
work="$(mktemp -d)"
# shellcheck source=scripts/devserver-for-tests.sh
. scripts/devserver-for-tests.sh
start_test_devserver "$work"
eval "$(node tests/support/seed.mjs "$DEVSERVER_READY" 4)"
CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver

say "Page-level tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

say "All tests passed"
