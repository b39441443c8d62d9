#!/usr/bin/env bash
# Builds Hackboard (release) and serves it at http://127.0.0.1:3000 with the demo events,
# on an SQLite file in data/. Set DATABASE_URL or LEPTOS_SITE_ADDR to change either.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

cargo leptos build --release --precompress
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
# Argon2 works in 19 MiB blocks; with glibc's adaptive threshold those end up kept on the heap
# after sign-ins (about 60 MB for good). A fixed threshold hands them back to the system.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=1048576}"
exec target/release/hackboard serve --demo
