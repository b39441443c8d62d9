#!/usr/bin/env bash
# Prints the size of the browser bundle as shipped: raw, gzip and brotli.
# Run after `cargo leptos build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no $pkg: run cargo leptos build --release first" >&2; exit 1; }

# The build names each file after its content (`hash-files`): the newest of each kind is the
# current one; earlier builds' files may still lie beside it.
newest() { ls -t "$pkg"/hackboard*."$1" 2>/dev/null | head -n 1; }

printf '%-22s %10s %10s %10s\n' file raw gzip brotli
for kind in wasm js css; do
  file=$(newest "$kind")
  [ -n "$file" ] || continue
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  awk -v f="hackboard.$kind" -v r="$raw" -v g="$gz" -v b="$br" \
    'BEGIN { printf "%-22s %9.1fK %9.1fK %9.1fK\n", f, r / 1024, g / 1024, b / 1024 }'
done
