#!/usr/bin/env bash
# Command-line behaviour of `skywitness simulate` and `skywitness demo`.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

"$bin" simulate --scenario "$data/sim/mini.json" --out "$tmp/mini" --quiet >"$tmp/out.txt"
check "simulate exit 0" test $? -eq 0
check "summary names the legs" grep -q "1 legs" "$tmp/out.txt"
for f in frames.avr frames.beast messages.sbs truth.json; do check "writes $f" test -s "$tmp/mini/$f"; done
check "writes a trace file" test -n "$(find "$tmp/mini/traces" -name 'trace_full_a8f0ff.json')"
check "writes OpenSky files" test -n "$(ls "$tmp/mini/opensky" | grep -E '^states_2024-03-01-0[0-9].csv$')"
"$bin" decode --stats "$tmp/mini/frames.beast" >"$tmp/stats.txt"
check "simulated frames decode" grep -Eq 'bad crc +0$' "$tmp/stats.txt"

"$bin" simulate --scenario "$data/sim/mini.json" --out "$tmp/only" --formats trace --quiet >/dev/null
check "--formats limits the outputs" test ! -e "$tmp/only/frames.avr"
"$bin" simulate --scenario no-such-scenario --out "$tmp/x" >/dev/null 2>"$tmp/err.txt"
check "unknown scenario exits 2" test $? -eq 2
check "lists the built-in scenarios" grep -q "seed-2024-03" "$tmp/err.txt"
"$bin" simulate --scenario "$data/sim/mini.json" --out "$tmp/x" --formats avr,nope >/dev/null 2>&1
check "unknown format exits 2" test $? -eq 2
exit $fail
