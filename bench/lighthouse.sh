#!/usr/bin/env bash
# Lighthouse in its mobile configuration (a mid-range phone on slow 4G, simulated) against a
# running server: the upcoming demo event's page, board and agenda. Prints one line a page with
# the four category scores and the metrics behind performance.
#
#   bench/lighthouse.sh http://127.0.0.1:3000 london-2026
# Uses end2end's npm `lighthouse` and Debian's Chromium (CHROME_PATH). On a shared machine one
# run's performance score moves by several points, so each page is run LIGHTHOUSE_RUNS times
# (5 unless told) and the run with the median performance score is printed, as Lighthouse's own
# documentation advises (developer.chrome.com/docs/lighthouse/performance/performance-scoring).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?the server, like http://127.0.0.1:3000}
slug=${2:?the event, like london-2026}
runs=${LIGHTHOUSE_RUNS:-5}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
out=$(mktemp -d /tmp/hackboard-lighthouse.XXXXXX)
trap 'rm -rf "$out"' EXIT

printf '%-10s %5s %5s %5s %5s   %s\n' page perf a11y bp seo 'FCP / LCP / TBT / CLS (runs: performance)'
for page in "" /topics /agenda; do
  name=${page#/}
  name=${name:-event}
  for run in $(seq "$runs"); do
    # Now and then Chromium's trace misses the navigation (NO_NAVSTART): that run is retried.
    for attempt in 1 2 3; do
      end2end/node_modules/.bin/lighthouse "$base/events/$slug$page" --quiet \
        --chrome-flags="--headless=new --no-sandbox" --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output-path="$out/$name.$run.json" >"$out/log" 2>&1 && break
      if [ "$attempt" = 3 ]; then
        echo "lighthouse failed three times on $base/events/$slug$page:" >&2
        tail -3 "$out/log" >&2
        exit 1
      fi
    done
  done
  node -e '
    const [name, ...files] = process.argv.slice(1);
    const reports = files.map((f) => require(f));
    const score = (r, k) => Math.round(r.categories[k].score * 100);
    reports.sort((a, b) => score(a, "performance") - score(b, "performance"));
    const r = reports[Math.floor(reports.length / 2)];
    const metric = (k) => r.audits[k].displayValue.replace(/\s/g, " ");
    console.log([name.padEnd(10), ...["performance", "accessibility", "best-practices", "seo"].map((k) => String(score(r, k)).padStart(5))].join(" ") +
      "   " + ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"].map(metric).join(" / ") +
      " (" + reports.map((x) => score(x, "performance")).join(" ") + ")");
  ' "$name" "$out/$name".*.json
done
