#!/usr/bin/env bash
# `skywitness flights` opens what the report counts (issue 16, section 3):
# every leg id of the report is a leg `flights --leg` shows, and the hole
# scenario's China removal, whose landing fell in a coverage gap, is found by
# `flights --country CN` as a guess ("ZYTX?", "US>CN?"), never as a seen
# airport.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
"$bin" simulate --scenario seed-2024-03-hole --out "$tmp/sim" --formats trace --background 0 --quiet
"$bin" ingest -q --db "$tmp/db.sqlite" "$tmp/sim/traces" 2>/dev/null
check "ingest: exit 0" test $? -eq 0
"$bin" report --db "$tmp/db.sqlite" --month 2024-03 --out "$tmp/r" --quiet >/dev/null
check "report: exit 0" test $? -eq 0
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# The inferred China removal, as the report has it.
cn=$(json "$tmp/r/report.json" '" ".join(str(l["leg_id"]) for l in d["removal_legs"] if l["country"] == "CN" and l["inferred"])')
check "report: one inferred removal to China ($cn)" test "$(echo "$cn" | wc -w)" -eq 1

"$bin" flights --db "$tmp/db.sqlite" --country CN >"$tmp/cn.txt"
check "flights --country CN: exit 0" test $? -eq 0
check "flights --country CN: the report's leg, its landing a guess in China" \
  grep -Eq "^ *$cn a8f007 .* ZYTX\? .* US>CN\? " "$tmp/cn.txt"
check "flights --country CN: no time for the unseen landing, its window" \
  grep -Eq "^ *$cn .* 2024-03-30 07:5[0-9]-1[01]:[0-9]{2} " "$tmp/cn.txt"
"$bin" flights --db "$tmp/db.sqlite" --country KR >"$tmp/kr.txt"
check "flights --country KR: the guessed leg is not there (no candidate in Korea)" \
  bash -c "! grep -Eq '^ *$cn ' '$tmp/kr.txt'"

"$bin" flights --db "$tmp/db.sqlite" --leg "$cn" --format json >"$tmp/leg.json"
check "flights --leg: exit 0" test $? -eq 0
check "flights --leg: that leg alone" test "$(json "$tmp/leg.json" 'len(d)')" = 1
check "flights --leg: its id" test "$(json "$tmp/leg.json" 'd[0]["leg_id"]')" = "$cn"
check "flights --leg: no destination seen" test "$(json "$tmp/leg.json" 'repr(d[0]["destination"])')" = "''"
check "flights --leg: the guess's airport and country" \
  test "$(json "$tmp/leg.json" 'd[0]["likely_destination"] + " " + d[0]["likely_destination_country"]')" = "ZYTX CN"
check "flights --leg: the candidates, best first, with their shares of the evidence" \
  test "$(json "$tmp/leg.json" '(lambda c: len(c) > 1 and c[0]["airport"] == "ZYTX" and all(0 < x["share"] <= 1 for x in c) and [x["share"] for x in c] == sorted((x["share"] for x in c), reverse=True))(d[0]["destination_guess"]["candidates"])')" = True

# Every removal leg of the report, by its id.
ids=$(python3 -c 'import csv, sys; print(" ".join(r["leg_id"] for r in csv.DictReader(open(sys.argv[1]))))' "$tmp/r/removal-legs.csv")
missing=0
for id in $ids; do
  "$bin" flights --db "$tmp/db.sqlite" --leg "$id" --format csv | tail -n +2 | grep -q . || missing=$((missing + 1))
done
check "every report leg id opens with flights --leg ($(echo "$ids" | wc -w) ids, $missing missing)" \
  test "$missing" -eq 0 -a -n "$ids"
check "the table's leg column is the JSON's leg_id" test \
  "$("$bin" flights --db "$tmp/db.sqlite" --aircraft N807SK | awk 'NR > 1 && NF > 3 {print $1}' | tr '\n' ' ')" = \
  "$("$bin" flights --db "$tmp/db.sqlite" --aircraft N807SK --format json | python3 -c 'import json,sys; print(" ".join(str(l["leg_id"]) for l in json.load(sys.stdin)), end=" ")')"

"$bin" flights --db "$tmp/db.sqlite" --leg 999999 2>"$tmp/noleg.err"
check "flights --leg of no leg: exit 1" test $? -eq 1
check "flights --leg of no leg: says so" grep -q "no leg 999999 in $tmp/db.sqlite" "$tmp/noleg.err"
"$bin" flights --db "$tmp/db.sqlite" --leg abc 2>/dev/null
check "flights --leg abc: exit 2" test $? -eq 2
exit $fail
