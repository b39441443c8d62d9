#!/usr/bin/env bash
# The whole benchmark, one table: builds the release, then on SQLite and on PostgreSQL starts a
# fresh server (cold start, idle memory), loads a large event through the real server functions
# (300 topics, 3,000 comments, 30,000 votes, 400 registrations, a two-day agenda in four rooms:
# bench/board-load), measures page and export renders with wrk at 64 connections, the live
# fan-out to 1,000 open pages (bench/live-load), and memory under load. Then the bundle size and
# Lighthouse's mobile scores. See bench/README.md for what each number means.
#
#   bench/run.sh              # both databases
#   bench/run.sh sqlite       # one of them
# Installs wrk (Debian) if it is missing. Takes about 15 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
backends=("${@:-sqlite postgres}")
read -r -a backends <<<"${backends[*]}"
seconds=${BENCH_SECONDS:-10}

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
command -v wrk >/dev/null || {
  sudo_if_needed apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
}
bash scripts/setup.sh >/dev/null
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
cargo leptos build --release --precompress
cargo build --release -q -p hackboard-board-load -p hackboard-live-load

ulimit -n "$(ulimit -Hn)"
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=1048576}"
password="bench password 1"
port=3202
base="http://127.0.0.1:$port"
data=$(mktemp -d /tmp/hackboard-bench.XXXXXX)
slug="london-$(date -u -d '+21 days' +%Y)"
table="$data/table"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3" >>"$table"; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Requests/s, p50 and p99 of one address at 64 connections.
measure() {
  local out
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency -H 'Accept-Encoding: br' "$1")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses/ { print $NF }' <<<"$out")
  echo "$rps/s, p50 $p50, p99 $p99${errors:+, $errors errors}"
}

for backend in "${backends[@]}"; do
  rm -f "$data"/bench.db*
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
  started=$(date +%s%N)
  DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
    RUST_LOG=error HACKBOARD_DEMO_PASSWORD="$password" HACKBOARD_LIVE_PER_IP=100000 \
    HACKBOARD_ATTEMPTS_PER_MINUTE=1000000 target/release/hackboard serve --demo >/dev/null &
  server=$!
  until curl -sf "$base/healthz" >/dev/null; do sleep 0.02; done
  cold=$((($(date +%s%N) - started) / 1000000))
  row "$backend" "cold start (empty database: migrate, demo, listen)" "$cold ms"
  sleep 1
  row "$backend" "RSS idle" "$(rss_mb "$server") MB"

  echo "== $backend: loading the event"
  target/release/hackboard-board-load --url "$base" --slug "$slug" \
    --organiser organiser@demo.hackboard.example --seconds "$seconds" | tee "$data/load"
  row "$backend" "votes (200 voters at once)" "$(awk '/^result votes_per_s/ { print $3 }' "$data/load")/s"
  row "$backend" "comments (8 connections)" "$(awk '/^result comments_per_s/ { print $3 }' "$data/load")/s"

  echo "== $backend: pages and exports"
  curl -sf "$base/events/$slug/topics" >"$data/board.html"
  topic=$(grep -o "/events/$slug/topics/[0-9][0-9]*" "$data/board.html" | sed -n 1p)
  peak=0
  for path in / "/events/$slug" "/events/$slug/topics" "$topic" "/events/$slug/agenda" \
    "/events/$slug/agenda.ics" "/events/$slug/schedule.xml" "/events/$slug/schedule.json"; do
    measure "$base$path" >"$data/measure" &
    sleep $((seconds / 2))
    rss=$(rss_mb "$server")
    [ "$rss" -gt "$peak" ] && peak=$rss
    wait $!
    row "$backend" "GET $path (64 connections)" "$(cat "$data/measure")"
  done
  row "$backend" "RSS under page load (peak of samples)" "$peak MB"

  echo "== $backend: live fan-out"
  target/release/hackboard-live-load --url "$base" --slug "$slug" --subscribers 1000 \
    --rate 5 --changes 50 --email organiser@demo.hackboard.example --password "$password" \
    --server-pid "$server" | tee "$data/live"
  row "$backend" "live: 1,000 pages, 50 changes" \
    "$(awk '/^latency/ { print "p50 " $4 " ms, p99 " $6 " ms" }' "$data/live"), $(awk '/lost/ { print "lost " $NF }' "$data/live")"
  row "$backend" "RSS with 1,000 live pages" "$(awk '/^server RSS/ { print $3 " MB connected, " $8 " MB peak" }' "$data/live")"

  if [ "$backend" = "${backends[0]}" ]; then
    echo "== bundle and Lighthouse"
    bench/size.sh | tail -n +2 | while read -r file raw gzip brotli; do
      row "-" "$file: raw, gzip, brotli" "$raw, $gzip, $brotli"
    done
    bench/lighthouse.sh "$base" "$slug" | tail -n +2 | while read -r page perf a11y bp seo metrics; do
      row "-" "Lighthouse mobile, $page page" "performance $perf, accessibility $a11y, best practices $bp, SEO $seo ($metrics)"
    done
  fi
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
done

echo
echo "| database | measure | result |"
echo "|---|---|---|"
cat "$table"
