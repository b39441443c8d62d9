#!/usr/bin/env bash
# The topic board under load, on SQLite and on PostgreSQL: seeds the archived demo event with
# 200 accounts, 300 topics and 3,000 comments through the server functions, has the 200 cast
# 30,000 votes at once (checking every count), then renders the board from 64 connections.
#
#   bench/board.sh             # both databases
#   bench/board.sh sqlite      # one of them
# Needs the release build (`cargo leptos build --release`, or scripts/serve.sh once).
set -euo pipefail
cd "$(dirname "$0")/.."
backends=("${@:-sqlite postgres}")
read -r -a backends <<<"${backends[*]}"

cargo build --release -q -p hackboard-board-load
ulimit -n "$(ulimit -Hn)"
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=1048576}"
port=3201
data=$(mktemp -d /tmp/hackboard-bench.XXXXXX)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

for backend in "${backends[@]}"; do
  case "$backend" in
    sqlite) url="sqlite://$data/bench.db" ;;
    postgres)
      # shellcheck source=scripts/postgres.sh
      . scripts/postgres.sh
      trap 'cleanup; stop_postgres' EXIT
      url="$HACKBOARD_TEST_POSTGRES_URL"
      ;;
    *) echo "unknown backend $backend: sqlite or postgres" >&2; exit 2 ;;
  esac
  DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    RUST_LOG=error HACKBOARD_DEMO_PASSWORD="bench password 1" \
    HACKBOARD_ATTEMPTS_PER_MINUTE=1000000 target/release/hackboard serve --demo >/dev/null &
  server=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
  echo "== $backend"
  target/release/hackboard-board-load --url "http://127.0.0.1:$port" --slug london-2014
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
done
