#!/usr/bin/env bash
# Lighthouse in its mobile configuration (a mid-range phone on slow 4G, simulated) against a
# running server: the upcoming demo event's page, board and agenda. Prints one line a page with
# the four category scores and the metrics behind performance.
#
#   bench/lighthouse.sh http://127.0.0.1:3000 london-2026
# Uses end2end's npm `lighthouse` and Debian's Chromium (CHROME_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?the server, like http://127.0.0.1:3000}
slug=${2:?the event, like london-2026}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
out=$(mktemp -d /tmp/hackboard-lighthouse.XXXXXX)
trap 'rm -rf "$out"' EXIT

printf '%-10s %5s %5s %5s %5s   %s\n' page perf a11y bp seo 'FCP / LCP / TBT / CLS'
for page in "" /topics /agenda; do
  name=${page#/}
  name=${name:-event}
  end2end/node_modules/.bin/lighthouse "$base/events/$slug$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox" --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$out/$name.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const score = (k) => Math.round(r.categories[k].score * 100);
    const metric = (k) => r.audits[k].displayValue.replace(/\s/g, " ");
    console.log([process.argv[2].padEnd(10), ...["performance", "accessibility", "best-practices", "seo"].map((k) => String(score(k)).padStart(5))].join(" ") +
      "   " + ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"].map(metric).join(" / "));
  ' "$out/$name.json" "$name"
done
