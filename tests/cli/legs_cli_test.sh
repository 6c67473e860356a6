#!/usr/bin/env bash
# `skywitness legs` on the real adsb.lol trace: the four legs and how each end is known.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"
"$bin" legs "$data/trace_full_ac671b.json.gz" >"$tmp/legs.jsonl" 2>"$tmp/legs.err"
check "legs exit 0" test $? -eq 0
check "four legs" test "$(wc -l <"$tmp/legs.jsonl")" -eq 4
check "KMSP to KGEG, landing inferred" grep -q '"origin":"KMSP","destination":"KGEG".*"destination_how":"inferred"' "$tmp/legs.jsonl"
check "KMSP to KDEN observed" grep -q '"origin":"KMSP","destination":"KDEN".*"destination_how":"observed"' "$tmp/legs.jsonl"
check "summary on stderr" grep -q ": 4 legs, 0 unobserved stops$" "$tmp/legs.err"
# Issue 16, section 2: an end not seen has no time, only its sighting and window.
check "legs: the Spokane landing has no time" grep -q '"destination":"KGEG","takeoff_time":"[^"]*","landing_time":null,"last_seen":"2025-02-05T06:23:59.399Z","landing_window":\["' "$tmp/legs.jsonl"
check "legs: the data start in the air, no takeoff time" grep -q '"destination":"KMSP","takeoff_time":null,"landing_time":"2025-02-05T01:12:26.079Z","first_seen":"2025-02-04T21:13:42.619Z","takeoff_window":null,' "$tmp/legs.jsonl"
"$bin" ingest -q --db "$tmp/a.db" "$data/trace_full_ac671b.json.gz" 2>/dev/null
"$bin" flights --db "$tmp/a.db" --format json >"$tmp/flights.json"
check "flights json: the Spokane landing has no time" grep -q '"destination":"KGEG","takeoff_time":"2025-02-05T03:43:54Z","landing_time":null,"last_seen":"2025-02-05T06:23:59Z","landing_window":\["2025-02-05T06:25:49Z","2025-02-05T14:45:59Z"\],' "$tmp/flights.json"
check "flights json: an observed leg has no sighting fields" grep -q '"destination":"KDEN","takeoff_time":"2025-02-05T18:14:37Z","landing_time":"2025-02-05T19:54:30Z","origin_how"' "$tmp/flights.json"
"$bin" flights --db "$tmp/a.db" --format csv >"$tmp/flights.csv"
check "flights csv: the window as an interval" grep -q ',KGEG,US,inferred,gap,KGEG KSFF KCOE KSKA,,444,,,2025-02-05T06:23:59Z,2025-02-05T06:25:49Z/2025-02-05T14:45:59Z,[0-9][0-9]*,,,,$' "$tmp/flights.csv"
"$bin" flights --db "$tmp/a.db" >"$tmp/flights.txt"
check "flights table: the window, never a bare time" grep -q 'KMSP    2025-02-05T03:43:54Z KGEG\*   2025-02-05 06:25-14:46 observed/inferred' "$tmp/flights.txt"
printf '{"icao":"abc123","timestamp":1,"trace":[[0,1,2,3' >"$tmp/cut.json"
"$bin" legs --errors "$tmp/cut.json" >/dev/null 2>"$tmp/cut.err"
check "broken file exits 1 with its name" test $? -eq 1
check "says which file" grep -q "cut.json" "$tmp/cut.err"
exit $fail
