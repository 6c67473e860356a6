#!/usr/bin/env bash
# `skywitness live` under a loopback Beast feed at full speed: the frames a
# second one core sustains with tracking, legs, the store and alerts on.
# global-day's hour of raw frames (FLIGHTS flights a day worldwide, three
# receivers) is served by `skywitness replay --speed 0` on one core and read
# by `live --clock receiver --once --all-aircraft` (every aircraft watched,
# so every landing is an alert) pinned to the other.
#   bench/live_run.sh [BUILD_DIR] [FLIGHTS] [RUNS]   (default: build 20000 3)
# Prints frames, positions, aircraft, legs, alerts, wall time, frames per
# second and peak memory per run, and the best rate.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
flights=${2:-20000}
runs=${3:-3}
case $build in /*) bin=$build/skywitness ;; *) bin="$(pwd)/$build/skywitness" ;; esac
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" simulate --scenario global-day --background "$flights" --formats beast --out "$dir/sim" -q
frames_file=$dir/sim/frames.beast
cores=$(nproc)
pin_live=() pin_replay=()
if command -v taskset >/dev/null && [ "$cores" -ge 2 ]; then
  pin_live=(taskset -c 1)
  pin_replay=(taskset -c 0)
fi
best=0
for run in $(seq "$runs"); do
  rm -f "$dir"/live.db*
  "${pin_replay[@]}" "$bin" replay --listen 127.0.0.1:0 --format beast --speed 0 -q "$frames_file" \
    >"$dir/replay.out" 2>"$dir/replay.err" &
  replay=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/replay.out" | head -1)
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { cat "$dir/replay.err"; exit 1; }
  /usr/bin/time -f "%e %M" -o "$dir/time" "${pin_live[@]}" "$bin" live --db "$dir/live.db" \
    --connect "127.0.0.1:$port/beast" --clock receiver --clock-epoch 2024-03-30T00:00:00Z --once \
    --all-aircraft --alerts "$dir/alerts.jsonl" --status-every 0 2>"$dir/live.err"
  wait "$replay"
  read -r wall kb <"$dir/time"
  summary=$(grep '^live: ' "$dir/live.err" | tail -1)
  frames=$(echo "$summary" | sed -n 's/^live: \([0-9]*\) frames.*/\1/p')
  rate=$(python3 -c "print(f'{$frames / $wall / 1e6:.2f}')")
  echo "run $run: $summary"
  echo "run $run: ${wall} s, ${rate} M frames/s, peak memory $((kb / 1024)) MB"
  best=$(python3 -c "print(max($best, $rate))")
done
echo "best: $best M frames/s on one core (replay on another)"
