#!/usr/bin/env bash
# Whole-process timing of `skywitness decode --stats` on the benchmark corpus:
# CPU time (user + system, best and median of RUNS), frames per CPU-second,
# and peak resident memory, for AVR and Beast input, at two corpus sizes to
# show that memory does not grow with the input.
#   bench/run.sh [BUILD_DIR]    (default: build; RUNS=15)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${RUNS:-15}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for frames in 1200000 6000000; do
  n=$("$build/bench/make_corpus" "$dir/c$frames" "$frames" | awk '{print $1}')
  for fmt in avr beast; do
    file="$dir/c$frames.$fmt"
    times=()
    rss=0
    for _ in $(seq "$runs"); do
      out=$( { /usr/bin/time -f "%U %S %M" "$build/skywitness" decode --stats "$file" >/dev/null; } 2>&1 )
      read -r u s m <<<"$out"
      times+=("$(awk -v u="$u" -v s="$s" 'BEGIN{print u + s}')")
      [ "$m" -gt "$rss" ] && rss=$m
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    best=$(echo "$sorted" | head -1)
    median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
    size=$(stat -c %s "$file")
    awk -v f="$fmt" -v n="$n" -v size="$size" -v best="$best" -v med="$median" -v rss="$rss" 'BEGIN {
      printf "%-6s %9d frames %6.1f MB  cpu best %.3fs median %.3fs  %5.1f M frames/cpu-s (median)  peak RSS %d KB\n",
        f, n, size / 1e6, best, med, n / med / 1e6, rss }'
  done
done
