#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently: each step checks first and
# does nothing when its tool is already there at the right version.
#
#   scripts/setup.sh          toolchain for building (wasm32 target, wasm-pack, wasm-bindgen,
#                             wasm-opt, npm packages)
#   scripts/setup.sh --test   the same plus Chromium and ChromeDriver for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--test" ] && want_browser=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

# The wasm32 target, and the lint tools `make test` runs.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done

# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock (the CLI and
# the crate must agree, or the generated glue does not match the .wasm).
if [ ! -f Cargo.lock ]; then cargo generate-lockfile; fi
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "cargo install wasm-bindgen-cli --version $wb_version"
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

if ! command -v wasm-pack >/dev/null; then
  say "cargo install wasm-pack"
  cargo install wasm-pack --locked || cargo install wasm-pack
fi

# Debian packages: binaryen (wasm-opt) always; Chromium and its driver for the tests.
apt_packages=()
command -v wasm-opt >/dev/null || apt_packages+=(binaryen)
if [ "$want_browser" = 1 ]; then
  [ -x /usr/bin/chromium ] || apt_packages+=(chromium)
  [ -x /usr/bin/chromedriver ] || apt_packages+=(chromium-driver)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  say "apt-get install ${apt_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_packages[@]}"
fi

# npm packages (esbuild for the build; playwright-core and the official Clerk packages for the
# tests). `npm ci` when the lock file matches, so repeated runs change nothing.
if [ ! -d node_modules/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
fi
