#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and integration tests on SQLite and on a
# throwaway PostgreSQL, the release build and its bundle sizes, and the end-to-end tests
# in headless Chromium. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
log=$(mktemp /tmp/hackboard-test.XXXXXX)

say "Formatting"
cargo fmt --all --check

say "The browser bundle pulls in no server crates"
server_crates=$(cargo tree -p hackboard-web --target wasm32-unknown-unknown -e normal --prefix none \
  | awk '{ print $1 }' | grep -xE 'sqlx|sqlx-core|tokio|axum|hackboard-server' | sort -u || true)
if [ -n "$server_crates" ]; then
  echo "hackboard-web depends on: $server_crates. Keep server code behind the ssr feature." >&2
  exit 1
fi

say "Release build (server and WASM)"
cargo leptos build --release --precompress

say "Bundle sizes"
bench/size.sh

say "Lints"
cargo clippy --release -p hackboard-app -p hackboard-server -p hackboard-live-load -p hackboard-board-load --all-targets -- -D warnings

say "Starting a throwaway PostgreSQL and a mail server"
source scripts/postgres.sh
source scripts/smtp.sh
trap 'stop_postgres; stop_smtp; rm -f "$log"' EXIT

say "Unit and integration tests (SQLite and PostgreSQL)"
cargo test --release -p hackboard-app -p hackboard-server 2>&1 | tee -a "$log"

say "End-to-end tests (Chromium: desktop, phone, no JavaScript)"
(cd end2end && npx playwright test) 2>&1 | tee -a "$log"

passed=$(grep -Eo '(test result: ok\. [0-9]+ passed|^ +[0-9]+ passed)' "$log" \
  | grep -Eo '[0-9]+' | awk '{ n += $1 } END { print n }')
echo
echo "${passed} passed, 0 failed"
