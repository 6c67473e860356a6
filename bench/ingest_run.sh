#!/usr/bin/env bash
# Whole-program timings of `skywitness ingest` on simulated global-day data:
#   bench/ingest_run.sh [BUILD_DIR] [TRACE_FLIGHTS] [OPENSKY_FLIGHTS]   (default: build 20000 2000)
# Reports, for readsb traces as an archive tree and as a split tar (500 MB
# parts, like the adsb.lol releases): wall and CPU time, positions per CPU
# second, peak memory, and the time `zcat` needs only to decompress the same
# files; each with --jobs 1 and with --jobs JOBS (default 2), and the
# speedup in wall-clock time (and that both databases hold the same legs);
# then one aircraft out of the split tar with --aircraft-file; then OpenSky
# state-vector CSV (both with every core). Fails when ingesting the tree on
# one thread costs more than ZCAT_BAR (default 2, the README's bar) times
# zcat's CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
flights=${2:-20000}
os_flights=${3:-2000}
jobs=${JOBS:-2}
bin="$build/skywitness"
dir=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$dir"' EXIT

measure() {  # label, command...: prints wall, cpu, peak RSS; sets wall and cpu
  local label=$1
  shift
  /usr/bin/time -o "$dir/time" -f "%e %U %S %M" "$@" >/dev/null 2>"$dir/last.err"
  read -r wall user sys rss <"$dir/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}')
  printf '%-34s wall %7.1f s  cpu %7.1f s  peak RSS %6d MB\n' "$label" "$wall" "$cpu" "$((rss / 1024))"
}
positions() { grep -o '[0-9]* positions' "$dir/last.err" | tail -1 | cut -d' ' -f1; }
legs() { sqlite3 "$1" "select count(*), total(positions), sum(length(track)) from legs"; }
speedup() {  # label, wall with one thread, wall with $jobs
  echo "   $1: $(awk -v a="$2" -v b="$3" 'BEGIN{printf "%.2f", a / b}')x faster (wall) with --jobs $jobs than --jobs 1"
}

echo "== simulating $flights flights of global-day as readsb traces"
"$bin" simulate --scenario global-day --background "$flights" --formats trace --out "$dir/sim" --quiet >/dev/null
files=$(find "$dir/sim/traces" -type f | wc -l)
echo "   $files trace files, $(du -sm "$dir/sim/traces" | cut -f1) MB"

measure "zcat (decompress only)" sh -c "find '$dir/sim/traces' -type f -print0 | xargs -0 zcat >/dev/null"
zcat_cpu=$cpu
measure "ingest archive tree, --jobs 1" "$bin" ingest -q --jobs 1 --db "$dir/tree.db" "$dir/sim/traces"
tree_cpu=$cpu
tree_wall=$wall
n=$(positions)
echo "   $n positions: $(awk -v n="$n" -v c="$cpu" 'BEGIN{printf "%.2f M", n / c / 1e6}') positions per CPU-second;" \
  "$(awk -v a="$cpu" -v b="$zcat_cpu" 'BEGIN{printf "%.2f", a / b}')x zcat's CPU time;" \
  "database $(du -m "$dir/tree.db" | cut -f1) MB"
measure "ingest archive tree, --jobs $jobs" "$bin" ingest -q --jobs "$jobs" --db "$dir/tree-jobs.db" "$dir/sim/traces"
speedup "tree" "$tree_wall" "$wall"
[ "$(legs "$dir/tree.db")" = "$(legs "$dir/tree-jobs.db")" ] || { echo "FAIL: --jobs $jobs gave other legs" >&2; exit 1; }
rm -f "$dir"/tree-jobs.db*

mkdir "$dir/tar"
(cd "$dir/sim" && tar -cf - traces) | split -b 500M - "$dir/tar/v2024.03.30-planes-readsb-prod-0.tar."
echo "   split tar: $(ls "$dir/tar" | wc -l) parts"
rm -rf "$dir/sim"
measure "ingest split tar, --jobs 1" "$bin" ingest -q --jobs 1 --db "$dir/tar.db" "$dir/tar/v2024.03.30-planes-readsb-prod-0.tar.aa"
tar_wall=$wall
echo "   $(positions) positions: $(awk -v n="$(positions)" -v c="$cpu" 'BEGIN{printf "%.2f M", n / c / 1e6}') positions per CPU-second"
measure "ingest split tar, --jobs $jobs" "$bin" ingest -q --jobs "$jobs" --db "$dir/tar-jobs.db" "$dir/tar/v2024.03.30-planes-readsb-prod-0.tar.aa"
speedup "split tar" "$tar_wall" "$wall"
[ "$(legs "$dir/tar.db")" = "$(legs "$dir/tar-jobs.db")" ] || { echo "FAIL: --jobs $jobs gave other legs" >&2; exit 1; }
rm -f "$dir"/tar-jobs.db*
one=$(sqlite3 "$dir/tar.db" "select printf('%06x', icao) from aircraft order by positions desc limit 1")
echo "$one" >"$dir/one.txt"
measure "ingest one aircraft from split tar" "$bin" ingest -q --db "$dir/one.db" --aircraft-file "$dir/one.txt" "$dir/tar"
grep -o '[0-9]* archive members\{0,1\} read ([0-9]* skipped)' "$dir/last.err" | sed 's/^/   /' || true
rm -rf "$dir/tar"

echo "== simulating $os_flights flights of global-day as OpenSky state vectors"
"$bin" simulate --scenario global-day --background "$os_flights" --formats opensky --out "$dir/os" --quiet >/dev/null
echo "   $(ls "$dir/os/opensky" | wc -l) hourly files, $(du -sm "$dir/os/opensky" | cut -f1) MB"
measure "ingest OpenSky CSV" "$bin" ingest -q --db "$dir/os.db" "$dir/os/opensky"
echo "   $(positions) positions: $(awk -v n="$(positions)" -v c="$cpu" 'BEGIN{printf "%.2f M", n / c / 1e6}') positions per CPU-second"

bar=${ZCAT_BAR:-2}
if awk -v a="$tree_cpu" -v b="$zcat_cpu" -v bar="$bar" 'BEGIN{exit !(a <= bar * b)}'; then
  echo "ok: ingest of the tree within ${bar}x zcat's CPU time"
else
  echo "FAIL: ingest of the tree took more than ${bar}x zcat's CPU time" >&2
  exit 1
fi
