#!/usr/bin/env bash
# Same frames, two decoders: dump1090-mutability (Debian's package, an
# ancestor of readsb) reading AVR over TCP on 127.0.0.1, and skywitness
# reading the same bytes from a pipe. Prints CPU seconds and the acceptance
# counts of both, and fails when the counts do not agree.
#   bench/compare_dump1090.sh [BUILD_DIR] [FRAMES]
# Needs: apt-get install --no-install-recommends dump1090-mutability
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
frames=${2:-6000000}
command -v dump1090-mutability >/dev/null || { echo "dump1090-mutability is not installed" >&2; exit 2; }
dir=$(mktemp -d)
port=40001
cleanup() { pkill -f "net-ri-port $port" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
"$build/bench/make_corpus" "$dir/c" "$frames" >/dev/null
sed 's/^@.\{12\}/*/' "$dir/c.avr" >"$dir/plain.avr"  # dump1090 reads "*...;" lines
n=$(wc -l <"$dir/plain.avr")

dump1090-mutability --net-only --net-bind-address 127.0.0.1 --net-ri-port $port --net-ro-port 0 \
  --net-sbs-port 0 --net-bo-port 0 --net-bi-port 0 --net-http-port 0 --quiet --stats >"$dir/d.out" 2>&1 &
for _ in $(seq 50); do ss -ltn | grep -q ":$port " && break; sleep 0.2; done
pid=$(pgrep -f "net-ri-port $port" | head -1)
tick=$(getconf CLK_TCK)
start=$(awk '{print $14 + $15}' /proc/$pid/stat)
cat "$dir/plain.avr" >/dev/tcp/127.0.0.1/$port
prev=-1
while :; do  # until it stops using CPU: all input consumed
  cur=$(awk '{print $14 + $15}' /proc/$pid/stat)
  [ "$cur" = "$prev" ] && break
  prev=$cur
  sleep 2
done
kill -INT "$pid"
sleep 1
d_cpu=$(awk -v a="$start" -v b="$cur" -v t="$tick" 'BEGIN{print (b - a) / t}')

s_out=$( { /usr/bin/time -f "%U %S" "$build/skywitness" decode --stats <"$dir/plain.avr" >"$dir/s.out"; } 2>&1 )
s_cpu=$(awk '{print $1 + $2}' <<<"$s_out")

echo "frames: $n"
awk -v n="$n" -v c="$d_cpu" 'BEGIN{printf "dump1090-mutability: %.2f CPU-s, %.2f M frames/CPU-s\n", c, n / c / 1e6}'
awk -v n="$n" -v c="$s_cpu" 'BEGIN{printf "skywitness:          %.2f CPU-s, %.2f M frames/CPU-s\n", c, n / c / 1e6}'
echo "dump1090 counts:"; grep -E "invalid CRC|accepted with correct CRC" "$dir/d.out" | head -2
echo "skywitness counts:"; grep -E "bad crc|decoded|unconfirmed" "$dir/s.out"
# The counts must agree: the same frames rejected for bad parity, and
# dump1090's accepted frames are skywitness's decoded ones less those whose
# parity-recovered address was never announced (skywitness keeps them,
# marked unconfirmed; dump1090 drops them).
first_number() { grep -E "$1" "$2" | head -1 | grep -oE '[0-9]+' | head -1; }
d_bad=$(first_number "invalid CRC" "$dir/d.out")
d_ok=$(first_number "accepted with correct CRC" "$dir/d.out")
s_bad=$(first_number "bad crc" "$dir/s.out")
s_decoded=$(first_number "decoded" "$dir/s.out")
s_unconfirmed=$(first_number "unconfirmed" "$dir/s.out")
fail=0
[ "$d_bad" = "$s_bad" ] || { echo "FAIL: bad parity: dump1090 $d_bad, skywitness $s_bad" >&2; fail=1; }
[ "$d_ok" = "$((s_decoded - s_unconfirmed))" ] ||
  { echo "FAIL: accepted: dump1090 $d_ok, skywitness $s_decoded - $s_unconfirmed" >&2; fail=1; }
[ $fail -eq 0 ] && echo "ok: the counts agree"
exit $fail
