#!/usr/bin/env bash
# Browser tests of the report and timeline pages: simulates the seed
# scenario's fleet, writes the pages with the skywitness binary, and runs
# report.test.mjs in Debian's chromium. Needs chromium and `npm ci` here
# (scripts/install-deps.sh does both).
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" simulate --scenario seed-2024-03 --out "$tmp/sim" --formats trace --background 0 --quiet >/dev/null
"$bin" ingest --db "$tmp/db.sqlite" "$tmp/sim/traces" 2>/dev/null
printf 'registration N801SK\nregistration N802SK\nregistration N803SK\nregistration N804SK\nregistration N805SK\nregistration N806SK\nregistration N807SK\n' >"$tmp/fleet.txt"
mkdir -p "$tmp/pages"
"$bin" report --db "$tmp/db.sqlite" --month 2024-03 --watchlist "$tmp/fleet.txt" --format html \
  --out "$tmp/pages/report" --quiet >/dev/null
"$bin" timeline --db "$tmp/db.sqlite" --country CN --watchlist "$tmp/fleet.txt" --format html \
  --out "$tmp/pages/timeline-CN.html" --quiet 2>/dev/null
cd "$here"
SKYWITNESS_PAGES="$tmp/pages" node --test --test-reporter=spec report.test.mjs
