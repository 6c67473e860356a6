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
printf '{"icao":"abc123","timestamp":1,"trace":[[0,1,2,3' >"$tmp/cut.json"
"$bin" legs --errors "$tmp/cut.json" >/dev/null 2>"$tmp/cut.err"
check "broken file exits 1 with its name" test $? -eq 1
check "says which file" grep -q "cut.json" "$tmp/cut.err"
exit $fail
