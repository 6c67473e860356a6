#!/usr/bin/env bash
# Command-line behaviour of `skywitness simulate` and `skywitness demo`.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

"$bin" simulate --scenario "$data/sim/mini.json" --out "$tmp/mini" --quiet >"$tmp/out.txt"
check "simulate exit 0" test $? -eq 0
check "summary names the legs" grep -qxF "scenario mini: 1 leg (0 background), 1 itinerary, 1 watched aircraft" "$tmp/out.txt"
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

# The demo: the bundled scenario through every stage, with its counts against
# the ground truth (about 5 s and 210 MB in the release build).
"$bin" demo --out "$tmp/demo" >"$tmp/demo.txt" 2>"$tmp/demo.err"
check "demo exit 0" test $? -eq 0
check "demo: nothing on stderr" test ! -s "$tmp/demo.err"
for f in frames.avr frames.beast messages.sbs truth.json skywitness.db watchlist.txt timeline-CN.html \
  report-2024-03/report.html report-2024-03/report.md report-2024-03/report.json \
  report-2024-03/legs.geojson report-2024-03/legs.kml; do
  check "demo writes $f" test -s "$tmp/demo/$f"
done
truth=$tmp/demo/truth.json
watched=$(truth_count "$truth" 'sum(1 for l in t["legs"] if not l["background"])')
background=$(truth_count "$truth" 'sum(1 for l in t["legs"] if l["background"])')
aircraft=$(truth_count "$truth" 'len(t["aircraft"])')
itineraries=$(truth_count "$truth" 'len(t["itineraries"])')
check "demo: the truth has watched and background legs ($watched, $background)" test "$watched" -gt 0 -a "$background" -gt 0
check "demo: the scenario's legs" grep -qxF "   $watched legs of $aircraft watched aircraft in $itineraries itineraries, and $background background flights" "$tmp/demo.txt"
# The true legs are the watched and the background ones, each with two observed ends.
legs=$((watched + background))
check "demo: all $legs legs found, none made up" grep -qF "against the ground truth: $legs of $legs true legs found, $legs of $legs legs found are true (recall 1.0000, precision 1.0000); $((2 * legs)) of $((2 * legs)) observed airports right" "$tmp/demo.txt"
check "demo: the Gulfstream lands in Shenyang" grep -qxF "   a8f007 N807SK PANC -> ZYTX (CN) took off 2024-03-30T01:35 landed 2024-03-30T08:25 (observed/observed)" "$tmp/demo.txt"
check "demo: the report's counts are the truth's" grep -qxF "   against the ground truth: every country's count is right" "$tmp/demo.txt"
check "demo: China seen again, not 'resumed' over months without data" grep -qxF "   first flight to CN seen since 2022-07-13, on 2024-03-30; the data covers 91 of the 626 days between (no data from 2022-07-15 to 2023-12-31), so whether flights paused is not known" "$tmp/demo.txt"
check "demo: never says resumed" test "$(grep -c resumed "$tmp/demo.txt")" -eq 0
# What the README says of the demo is what it printed.
read -r -d '' r_found r_true r_ends r_all < <(readme_figures 'With background traffic, as in the demo: (\d+) of (\d+) legs, (\d+) of (\d+) airports')
check "README: '${r_found:-?} of ${r_true:-?} legs' with background traffic is the demo's $legs" test "${r_found:-x}" = "$legs" -a "${r_true:-x}" = "$legs"
check "README: '${r_ends:-?} of ${r_all:-?} airports' is the demo's $((2 * legs))" test "${r_ends:-x}" = $((2 * legs)) -a "${r_all:-x}" = $((2 * legs))
read -r -d '' r_day r_since r_covered r_days < <(readme_figures 'the flight of (\S+) is the first seen since (\S+), the data covering (\d+) of the (\d+) days between')
check "README: seen again on ${r_day:-?} since ${r_since:-?}, ${r_covered:-?} of ${r_days:-?} days covered, as the demo says" grep -qF "first flight to CN seen since ${r_since:-x}, on ${r_day:-x}; the data covers ${r_covered:-x} of the ${r_days:-x} days between" "$tmp/demo.txt"
rm -rf "$tmp/demo"
"$bin" demo --scenario no-such-scenario --out "$tmp/demo-x" >/dev/null 2>"$tmp/demo-x.err"
check "demo: unknown scenario fails" test $? -ne 0
check "demo: unknown scenario said" grep -q "no-such-scenario" "$tmp/demo-x.err"
exit $fail
