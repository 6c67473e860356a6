#!/usr/bin/env bash
# Whole-program timings of `skywitness report`, `timeline` and `discover`:
#   bench/report_run.sh [BUILD_DIR] [FLIGHTS]   (default: build 5000)
# Simulates global-day (FLIGHTS background flights, every aircraft its own
# address) as readsb traces, ingests them, then times the report with
# --all-aircraft (every aircraft counts: the heaviest case, with a chart and a
# timeline per country), with a watchlist of the seed fleet (none of them
# fly that day: the cost of reading the database and building itineraries),
# one country's timeline, and discovery.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
flights=${2:-5000}
bin="$build/skywitness"
dir=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$dir"' EXIT

measure() {  # label, command...: prints wall, cpu, peak RSS
  local label=$1
  shift
  /usr/bin/time -o "$dir/time" -f "%e %U %S %M" "$@" >/dev/null 2>"$dir/last.err"
  read -r wall user sys rss <"$dir/time"
  printf '%-40s wall %6.2f s  cpu %6.2f s  peak RSS %5d MB\n' "$label" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}')" "$((rss / 1024))"
}

echo "== simulating and ingesting $flights flights of global-day"
"$bin" simulate --scenario global-day --background "$flights" --formats trace --out "$dir/sim" --quiet >/dev/null
"$bin" ingest --db "$dir/db.sqlite" "$dir/sim/traces" 2>/dev/null
legs=$(sqlite3 "$dir/db.sqlite" "select count(*) from legs")
aircraft=$(sqlite3 "$dir/db.sqlite" "select count(distinct icao) from legs")
month=$(sqlite3 "$dir/db.sqlite" "select substr(takeoff_time, 1, 7) from legs_view limit 1")
echo "   $legs legs of $aircraft aircraft, month $month"
printf 'callsign GXA\nregistration N807SK\n' >"$dir/watchlist.txt"
measure "report --all-aircraft (all formats)" "$bin" report --db "$dir/db.sqlite" --month "$month" --all-aircraft --out "$dir/r1" --quiet
measure "report --all-aircraft, JSON only" "$bin" report --db "$dir/db.sqlite" --month "$month" --all-aircraft --format json --out "$dir/r2" --quiet
measure "report, with a watchlist" "$bin" report --db "$dir/db.sqlite" --month "$month" --watchlist "$dir/watchlist.txt" --out "$dir/r3" --quiet
measure "timeline --country GB --all-aircraft" "$bin" timeline --db "$dir/db.sqlite" --country GB --all-aircraft --quiet
measure "discover" "$bin" discover --db "$dir/db.sqlite" --watchlist "$dir/watchlist.txt" --quiet
du -sh "$dir/r1" | awk '{print "   report folder, --all-aircraft: " $1}'
