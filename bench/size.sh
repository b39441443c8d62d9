#!/usr/bin/env bash
# Prints the size of the browser bundle as shipped: raw, gzip and brotli.
# Run after `cargo leptos build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no $pkg: run cargo leptos build --release first" >&2; exit 1; }

printf '%-22s %10s %10s %10s\n' file raw gzip brotli
for file in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  [ -f "$file" ] || continue
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  awk -v f="$(basename "$file")" -v r="$raw" -v g="$gz" -v b="$br" \
    'BEGIN { printf "%-22s %9.1fK %9.1fK %9.1fK\n", f, r / 1024, g / 1024, b / 1024 }'
done
