#!/usr/bin/env bash
# The live stream under load: starts the release server on a fresh SQLite demo database, opens
# 1,000 and then 5,000 subscribers to the upcoming demo event, has its organiser change the
# event 5 times a second, and prints delivery latency, losses and the server's memory.
#
#   bench/live.sh            # 1000 and 5000 subscribers
#   bench/live.sh 2000       # only 2000
# Needs the release build (`cargo leptos build --release`, or scripts/serve.sh once).
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("${@:-1000 5000}")
read -r -a counts <<<"${counts[*]}"

cargo build --release -q -p hackboard-live-load
ulimit -n "$(ulimit -Hn)"
# Argon2 works in 19 MiB blocks; with glibc's adaptive threshold those end up kept on the heap
# after sign-ins (about 60 MB for good). A fixed threshold hands them back to the system.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=1048576}"
password="bench password 1"
port=3200
data=$(mktemp -d /tmp/hackboard-bench.XXXXXX)
year=$(date -u -d '+21 days' +%Y)

for subscribers in "${counts[@]}"; do
  rm -f "$data"/*
  DATABASE_URL="sqlite://$data/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT=target/site RUST_LOG=error HACKBOARD_DEMO_PASSWORD="$password" \
    HACKBOARD_LIVE_PER_IP=100000 target/release/hackboard serve --demo >/dev/null &
  server=$!
  trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
  echo "== $subscribers subscribers"
  target/release/hackboard-live-load --url "http://127.0.0.1:$port" --slug "london-$year" \
    --subscribers "$subscribers" --rate 5 --changes 100 \
    --email organiser@demo.hackboard.example --password "$password" --server-pid "$server"
  kill "$server"
  wait "$server" 2>/dev/null || true
done
