#!/usr/bin/env bash
# `skywitness report`, `timeline`, `discover` and `encounters import` end to
# end on the seed scenario's fleet: files written, numbers in them, errors
# located, exit codes.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"
"$bin" simulate --scenario seed-2024-03 --out "$tmp/sim" --formats trace --background 0 --quiet
"$bin" ingest --db "$tmp/db.sqlite" "$tmp/sim/traces" 2>/dev/null
check "ingest: exit 0" test $? -eq 0
# The fleet, except N804SK: discovery should find it.
cat >"$tmp/fleet.txt" <<'LIST'
# the seed scenario's fleet
registration N801SK
registration N802SK
registration N803SK
callsign WAL    # World Atlantic, N805SK
registration N806SK
address a8f007  # the Gulfstream
LIST
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

"$bin" report --db "$tmp/db.sqlite" --month 2024-03 --watchlist "$tmp/fleet.txt" --out "$tmp/r" \
  --quiet >"$tmp/report.out"
check "report: exit 0" test $? -eq 0
for f in report.md report.html report.json report.csv removal-legs.csv chart-countries.svg \
  chart-CN.svg legs.geojson legs.kml; do
  check "report: wrote $f" test -s "$tmp/r/$f"
done
check "report: summary on stdout" grep -q "^  CN China .* 1 flight  *14 seats" "$tmp/report.out"
check "report: JSON China 1 leg" test "$(json "$tmp/r/report.json" 'd["countries"]["CN"]["legs"]')" = 1
check "report: JSON China 14 seats in the typical layout" test "$(json "$tmp/r/report.json" 'd["countries"]["CN"]["seats_typical"]')" = 14
glf5_max=$(python3 -c 'import csv, sys; print([r["max"] for r in csv.DictReader(open(sys.argv[1])) if r["type"] == "GLF5"][0])' "$(dirname "$0")/../../data/aircraft_types/seats.csv")
check "report: JSON China's upper bound is the GLF5's largest layout ($glf5_max)" test "$(json "$tmp/r/report.json" 'd["countries"]["CN"]["seats_max"]')" = "$glf5_max"
check "report: removal-legs.csv names the airports, the operator and the command that opens each leg" python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows, 'no rows'
cn = [r for r in rows if r['country'] == 'CN'][0]
assert cn['destination_name'] == 'Shenyang Taoxian International Airport' and 'Shenyang' in cn['destination_city'], cn
assert cn['country_name'] == 'China' and cn['role'] == 'removal' and cn['counted'] == 'true', cn
assert all(r['evidence_command'] == 'skywitness evidence --db ' + sys.argv[2] + ' ' + r['leg_id'] for r in rows)
gxa = [r for r in rows if r['operator'] == 'GXA']
assert gxa and all('GlobalX' in r['operator_name'] for r in gxa)
assert all(r['callsign'] and r['reason'] for r in rows)
" "$tmp/r/removal-legs.csv" "$tmp/db.sqlite"
check "report: every removal leg's evidence file beside the report, as the leg id links it" python3 -c "
import json, os, re, sys
d = json.load(open(sys.argv[1] + '/report.json'))
md = open(sys.argv[1] + '/report.md').read()
for l in d['removal_legs']:
    f = l['evidence_file']
    assert os.path.getsize(os.path.join(sys.argv[1], f)) > 0, f
    assert os.path.getsize(os.path.join(sys.argv[1], f[:-4] + '.csv')) > 100, f
    assert '[%d](%s)' % (l['leg_id'], f) in md, f
    assert open(os.path.join(sys.argv[1], f)).read().startswith('leg %d: ' % l['leg_id'])
" "$tmp/r"
"$bin" report --db "$tmp/db.sqlite" --month 2024-03 --watchlist "$tmp/fleet.txt" --out "$tmp/r-few" --evidence-files 2 --quiet >/dev/null
check "report --evidence-files 2: two legs' evidence, two links, and the report says so" python3 -c "
import os, sys
d = sys.argv[1]
assert sorted(os.listdir(d + '/evidence')) and len(os.listdir(d + '/evidence')) == 4, os.listdir(d + '/evidence')
md = open(d + '/report.md').read()
assert md.count('](evidence/leg-') == 2, md.count('](evidence/leg-')
assert 'written for the first 2 of the ' in md
" "$tmp/r-few"
# The removals, from the simulator's ground truth rather than from the report
# itself: each watched itinerary's first landing in another country that
# falls in March (the truth's airports are ICAO codes: K and P are the US).
watched='{"N801SK","N802SK","N803SK","N805SK","N806SK","N807SK"}'
truth_removals=$(python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))
legs = t['legs']
n = 0
for it in t['itineraries']:
    if it['registration'] not in $watched: continue
    for i in it['legs']:
        if legs[i]['destination'][0] not in 'KP':
            n += legs[i]['landing_time'].startswith('2024-03')
            break
print(n)" "$tmp/sim/truth.json")
check "report: every removal of the truth listed ($truth_removals)" test \
  "$(json "$tmp/r/report.json" 'len(d["removal_legs"])')" = "$truth_removals"
check "report: the count agrees with the list" test \
  "$(json "$tmp/r/report.json" 'd["removals"]["legs"]')" = "$truth_removals"
check "report: N804SK is a candidate" test "$(json "$tmp/r/report.json" 'd["candidates"][0]["registration"]')" = N804SK
check "report: Markdown title" grep -q "^# Removal flights, March 2024" "$tmp/r/report.md"
check "report: Markdown links its chart" grep -q "](chart-countries.svg)" "$tmp/r/report.md"
check "report: HTML has its charts inline" test "$(grep -c "<svg " "$tmp/r/report.html")" -ge 2
check "report: SVG is XML" python3 -c "import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$tmp/r/chart-countries.svg"
check "report: KML is XML" python3 -c "import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$tmp/r/legs.kml"
# Every leg of a watched aircraft in the air during March, from the truth.
truth_legs=$(python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))
print(sum(1 for l in t['legs'] if l['registration'] in $watched
          and l['takeoff_time'] < '2024-04' and l['landing_time'] >= '2024-03'))" "$tmp/sim/truth.json")
check "report: GeoJSON holds every leg of the month ($truth_legs)" test \
  "$(json "$tmp/r/legs.geojson" 'len(d["features"])')" = "$truth_legs"
check "report: CSV totals" grep -q "^country,CN,China,1,14," "$tmp/r/report.csv"

"$bin" report --db "$tmp/db.sqlite" --month 2024-03 --watchlist "$tmp/fleet.txt" --format json \
  --out "$tmp/j" --quiet >/dev/null
check "report --format json: JSON only" test -s "$tmp/j/report.json" -a ! -e "$tmp/j/report.md"
"$bin" report --db "$tmp/db.sqlite" --month 2024-13 2>"$tmp/month.err"
check "report: bad month exits 2" test $? -eq 2
check "report: bad month said" grep -q "'2024-13' is not YYYY-MM" "$tmp/month.err"
printf 'registration N801SK\nshape round\n' >"$tmp/bad.txt"
"$bin" report --db "$tmp/db.sqlite" --month 2024-03 --watchlist "$tmp/bad.txt" 2>"$tmp/bad.err"
check "report: bad watchlist exits 2" test $? -eq 2
check "report: bad watchlist line located" grep -q "bad.txt:2: unknown kind 'shape'" "$tmp/bad.err"
"$bin" report --db "$tmp/none.sqlite" --month 2024-03 2>"$tmp/none.err"
check "report: missing database exits 1" test $? -eq 1
check "report: missing database said" grep -q "none.sqlite: no such database" "$tmp/none.err"

"$bin" timeline --db "$tmp/db.sqlite" --country cn --watchlist "$tmp/fleet.txt" --quiet >"$tmp/cn.txt"
check "timeline: exit 0" test $? -eq 0
check "timeline: China seen again after months without data, not resumed" grep -q "seen_again first flight to CN seen since 2022-07-13, on 2024-03-30; the data covers [0-9]* of the 626 days between (no data from 2022-07-" "$tmp/cn.txt"
check "timeline: the months without data named" grep -qx "no data: 2022-08 to 2023-12" "$tmp/cn.txt"
"$bin" timeline --db "$tmp/db.sqlite" --country CN --format json --quiet >"$tmp/cn.json"
check "timeline json: every month with its coverage" test "$(json "$tmp/cn.json" '" ".join(sorted(set(m["coverage"] for m in d["months"])))')" = "full none partial"
check "timeline json: 2023-06 is no data" test "$(json "$tmp/cn.json" '[m["coverage"] for m in d["months"] if m["month"] == "2023-06"][0]')" = none
"$bin" report --db "$tmp/db.sqlite" --month 2030-01 --format json --out "$tmp/r2030" 2>"$tmp/r2030.err" >/dev/null
check "report outside the data: exit 0 with a warning" grep -q "^skywitness report: warning: No data for 2030-01: no input covers any of it" "$tmp/r2030.err"
check "report outside the data: coverage none" test "$(json "$tmp/r2030/report.json" 'd["coverage"]')" = none
"$bin" status --db "$tmp/db.sqlite" >"$tmp/status.txt"
check "status: the gap in the data" grep -qE "^  2022-07-1[0-9]T00:00 to 2024-0[0-9]-[0-9]{2}T00:00 \([0-9.]+ days\)$" "$tmp/status.txt"
check "status: the schema" grep -q "schema version 8$" "$tmp/status.txt"
"$bin" timeline --db "$tmp/db.sqlite" --country CN --format md --out "$tmp/t/cn.md" --quiet 2>/dev/null
check "timeline --out: page and chart" test -s "$tmp/t/cn.md" -a -s "$tmp/t/timeline-CN.svg"
"$bin" timeline --db "$tmp/db.sqlite" --country CHN 2>/dev/null
check "timeline: a 3-letter code exits 2" test $? -eq 2

"$bin" encounters import --db "$tmp/db.sqlite" "$data/encounters/cbp-title-case.csv" \
  "$data/encounters/cbp-snake-case.csv" 2>"$tmp/enc.err"
check "encounters: exit 0" test $? -eq 0
check "encounters: bad count located" grep -q "cbp-title-case.csv:11: encounter count 'many' is not a number" "$tmp/enc.err"
check "encounters: short row located" grep -q "cbp-snake-case.csv:5: 9 fields, the header has 12" "$tmp/enc.err"
"$bin" timeline --db "$tmp/db.sqlite" --country CN --format csv --quiet >"$tmp/cn.csv"
check "timeline: encounters beside flights" grep -q "^CN,2024-03,1,14,0,0,3100,full,$glf5_max," "$tmp/cn.csv"
check "timeline csv: who is counted (no watchlist: the profile's operators) and the data's range on every row" test "$(tail -n +2 "$tmp/cn.csv" | grep -vc ',"no watchlist: the removal operators of the profile us-removal ([A-Z, ]*), and aircraft that fly like them",2022-07-[0-9]*,2024-0[34]-[0-9]*$')" -eq 0
printf 'a,b\n1,2\n' >"$tmp/x.csv"
"$bin" encounters import --db "$tmp/db.sqlite" "$tmp/x.csv" 2>"$tmp/x.err"
check "encounters: not a table exits 1" test $? -eq 1
check "encounters: not a table said" grep -q "x.csv:1: not a CBP encounters table" "$tmp/x.err"

"$bin" itineraries --db "$tmp/db.sqlite" --aircraft N807SK --from 2024-03-29 --format geojson >"$tmp/trip.geojson"
check "itineraries --format geojson: exit 0" test $? -eq 0
check "itineraries --format geojson: the story's six legs and roles" test \
  "$(json "$tmp/trip.geojson" '" ".join(f["properties"]["destination"] + ":" + f["properties"]["role"] for f in d["features"])')" = \
  "KSAT:domestic_transfer PANC:technical_stop ZYTX:removal RKSI:return PANC:technical_stop KIWA:return"
"$bin" itineraries --db "$tmp/db.sqlite" --aircraft NOPE 2>"$tmp/nope.err"
check "itineraries: unknown aircraft exits 1" test $? -eq 1
check "itineraries: unknown aircraft said" grep -q "no aircraft 'NOPE'" "$tmp/nope.err"
"$bin" itineraries --db "$tmp/db.sqlite" --aircraft N807SK --from 2024-03-29 --format kml >"$tmp/trip.kml"
check "itineraries --format kml: XML, one folder, six placemarks" python3 -c "
import sys, xml.etree.ElementTree as E
ns = {'k': 'http://www.opengis.net/kml/2.2'}
doc = E.parse(sys.argv[1]).getroot()
assert len(doc.findall('.//k:Folder', ns)) == 1 and len(doc.findall('.//k:Placemark', ns)) == 6
" "$tmp/trip.kml"

# --- watchlists say what they matched (issue 16, part 4)
cp "$tmp/fleet.txt" "$tmp/typo.txt"
printf 'registration N8O1SK  # a letter O for a zero\n' >>"$tmp/typo.txt"
typo_line=$(wc -l <"$tmp/typo.txt")
"$bin" itineraries --db "$tmp/db.sqlite" --watchlist "$tmp/typo.txt" --quiet >"$tmp/it-watched.txt" 2>"$tmp/it-watched.err"
check "watchlist: a rule matching nothing is a warning with its line, -q or not" \
  grep -qxF "skywitness itineraries: warning: $tmp/typo.txt:$typo_line: registration N8O1SK matches no aircraft in $tmp/db.sqlite" "$tmp/it-watched.err"
check "watchlist: the rules that matched are not warned of" test "$(grep -c warning "$tmp/it-watched.err")" -eq 1
check "itineraries --watchlist: only the aircraft it matches" test \
  "$(grep -E '^[0-9a-f]{6} ' "$tmp/it-watched.txt" | cut -c1-13 | sort -u | tr '\n' ' ')" = \
  "a8f001 N801SK a8f002 N802SK a8f003 N803SK a8f005 N805SK a8f006 N806SK a8f007 N807SK a8f0a6 N806SK "
check "itineraries --watchlist: each says the rule and line that counted it" \
  grep -q "^a8f005 N805SK .*; counted: callsign prefix WAL (WAL[0-9]*), watchlist line 5$" "$tmp/it-watched.txt"
"$bin" itineraries --db "$tmp/db.sqlite" --watchlist "$tmp/typo.txt" --format json --quiet 2>/dev/null >"$tmp/it-watched.json"
check "itineraries json: counted_because" test "$(json "$tmp/it-watched.json" '[i["counted_because"] for i in d if i["icao"] == "a8f007"][0]')" = "address a8f007, watchlist line 7"

"$bin" discover --db "$tmp/db.sqlite" --watchlist "$tmp/fleet.txt" --quiet >"$tmp/discover.txt"
check "discover: N804SK first" grep -q "^a8f004 N804SK   B738" "$tmp/discover.txt"
# --- evidence: the positions behind a leg, each with the file it came from
leg_id=$(sqlite3 -readonly "$tmp/db.sqlite" "SELECT id FROM legs WHERE destination='ZYTX' ORDER BY takeoff_time DESC LIMIT 1")
"$bin" evidence --db "$tmp/db.sqlite" "$leg_id" >"$tmp/ev.txt"
check "evidence: exit 0" test $? -eq 0
check "evidence: the leg and why its landing is observed" grep -q "^  landing: observed 2024-03-30T08:2[0-9]:[0-9.]*Z: seen on the ground at ZYTX$" "$tmp/ev.txt"
"$bin" evidence --db "$tmp/db.sqlite" "$leg_id" --format json >"$tmp/ev.json"
check "evidence json: the leg asked for" test "$(json "$tmp/ev.json" 'd["leg_id"]')" = "$leg_id"
check "evidence json: every position names an input that exists" test "$(json "$tmp/ev.json" 'all(__import__("os").path.isfile(p["input"]) for p in d["positions"])')" = True
check "evidence json: the sources add up to the positions in the leg" test "$(json "$tmp/ev.json" 'sum(s["positions"] for s in d["sources"]) == sum(p["in_leg"] for p in d["positions"]) > 100')" = True
check "evidence json: positions in time order, inside the leg between its ends" test "$(json "$tmp/ev.json" 'all(a["time"] <= b["time"] for a, b in zip(d["positions"], d["positions"][1:])) and all(d["origin"]["time"] <= p["time"] <= d["destination"]["time"] for p in d["positions"] if p["in_leg"])')" = True
"$bin" evidence --db "$tmp/db.sqlite" "$leg_id" --format csv >"$tmp/ev.csv"
check "evidence csv: a row per position" test "$(($(wc -l <"$tmp/ev.csv") - 1))" -eq "$(json "$tmp/ev.json" 'len(d["positions"])')"
"$bin" evidence --db "$tmp/db.sqlite" 99999999 2>"$tmp/ev-none.err"
check "evidence: an unknown leg exits 1" test $? -eq 1
check "evidence: says so" grep -qxF "skywitness evidence: no leg 99999999 in $tmp/db.sqlite" "$tmp/ev-none.err"

exit $fail
