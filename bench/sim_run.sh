#!/usr/bin/env bash
# How long the simulator takes to write one day of global traffic, per output
# format: wall and CPU time, output size, peak memory.
#   [FORMATS="trace avr,beast,sbs opensky"] bench/sim_run.sh [BUILD_DIR] [FLIGHTS]   (default: build 100000)
# Each format is timed alone; OpenSky writes about 0.3 GB per 1,000 flights.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
flights=${2:-100000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for fmt in ${FORMATS:-trace avr,beast,sbs opensky}; do
  out="$dir/$fmt"
  t=$( { /usr/bin/time -f "%e %U %S %M" "$build/skywitness" simulate --scenario global-day --background "$flights" \
         --formats "$fmt" --out "$out" --quiet >/dev/null; } 2>&1 )
  read -r wall user sys rss <<<"$t"
  size=$(du -sm "$out" | cut -f1)
  printf '%-15s %7d flights  wall %7.1f s  cpu %7.1f s  output %6d MB  peak RSS %6d MB\n' "$fmt" "$flights" \
    "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}')" "$size" "$((rss / 1024))"
  rm -rf "$out"
done
