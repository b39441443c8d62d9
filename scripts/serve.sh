#!/usr/bin/env bash
# Builds Hackboard (release) and serves it at http://127.0.0.1:3000 with the demo events,
# on an SQLite file in data/. Set DATABASE_URL or LEPTOS_SITE_ADDR to change either.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

cargo leptos build --release
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec target/release/hackboard serve --demo
