#!/usr/bin/env bash
# Installs what building and testing Hackboard needs, skipping whatever is already there.
# Safe to run again; called by serve.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs a newer rustc than 1.95
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v brotli >/dev/null || missing+=(brotli)
command -v xmllint >/dev/null || missing+=(libxml2-utils)   # checks schedule.xml against its XSD
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Must match Cargo.lock exactly. `--locked` fails on a yanked dependency, so it is left out.
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Playwright and wasm-opt (npm binaryen 132: Debian's older binaryen breaks hydration).
if ! (cd end2end && npm ls --silent >/dev/null 2>&1); then
  say "Installing npm packages"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi
