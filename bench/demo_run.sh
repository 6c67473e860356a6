#!/usr/bin/env bash
# Checks the README's figures for the demo: "about five seconds after the
# build" and "about 210 MB". Runs `skywitness demo` into a fresh folder,
# prints its wall time, CPU time, peak memory and the size it wrote, and
# fails when the time is over twice the claim or the size more than 25% off.
#   bench/demo_run.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
claim_s=5
claim_mb=210
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
/usr/bin/time -o "$dir/time" -f "%e %U %S %M" "$build/skywitness" demo --out "$dir/demo" >"$dir/log" 2>&1 ||
  { cat "$dir/log"; echo "the demo failed" >&2; exit 1; }
read -r wall user sys rss <"$dir/time"
mb=$(du -sm "$dir/demo" | cut -f1)
printf 'demo: wall %.1f s, cpu %.1f s, peak RSS %d MB, wrote %d MB\n' "$wall" \
  "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}')" "$((rss / 1024))" "$mb"
fail=0
awk -v w="$wall" -v c="$claim_s" 'BEGIN{exit !(w <= 2 * c)}' ||
  { echo "FAIL: the README says about $claim_s s; this run took $wall s" >&2; fail=1; }
awk -v m="$mb" -v c="$claim_mb" 'BEGIN{exit !(m >= 0.75 * c && m <= 1.25 * c)}' ||
  { echo "FAIL: the README says about $claim_mb MB; this run wrote $mb MB" >&2; fail=1; }
[ $fail -eq 0 ] && echo "ok: within the README's figures (about $claim_s s, about $claim_mb MB)"
exit $fail
