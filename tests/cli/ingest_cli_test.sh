#!/usr/bin/env bash
# `skywitness ingest` and `skywitness flights` end to end: an archive tree, the
# same traces packed as a split tar, --aircraft-file, a cut-off archive, raw
# frames and decode JSON Lines, and every output format.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

"$bin" simulate --scenario seed-2024-03 --formats trace --background 0 --quiet --out "$tmp/s" >/dev/null 2>&1
check "simulated traces" test -d "$tmp/s/traces"

# --- an archive tree, and the same files as a split tar like the daily releases
"$bin" ingest -q --db "$tmp/tree.db" "$tmp/s/traces" 2>"$tmp/tree.err"
check "tree: exit 0" test $? -eq 0
check "tree: 686 legs" grep -q "686 legs" "$tmp/tree.err"
mkdir "$tmp/arch"
(cd "$tmp/s" && tar -cf - traces) | split -b 1M - "$tmp/arch/v2024.03.30-planes-readsb-prod-0.tar."
parts=$(ls "$tmp/arch" | wc -l)
check "several tar parts ($parts)" test "$parts" -ge 3
"$bin" ingest -q --db "$tmp/tar.db" "$tmp/arch/v2024.03.30-planes-readsb-prod-0.tar.aa" 2>"$tmp/tar.err"
check "tar: exit 0" test $? -eq 0
check "tar: every part read as one stream" grep -q "1 inputs (0 already ingested, 0 failed), 349 archive members read" "$tmp/tar.err"
"$bin" flights --db "$tmp/tree.db" --format csv >"$tmp/tree.csv"
"$bin" flights --db "$tmp/tar.db" --format csv >"$tmp/tar.csv"
check "tar and tree give the same legs" cmp -s "$tmp/tree.csv" "$tmp/tar.csv"
check "687 csv lines" test "$(wc -l <"$tmp/tar.csv")" -eq 687

# --- one aircraft out of the archive
printf '# the Gulfstream of the story\na8f007\n' >"$tmp/watch.txt"
"$bin" ingest -q --db "$tmp/one.db" --aircraft-file "$tmp/watch.txt" "$tmp/arch" 2>"$tmp/one.err"
check "one aircraft: exit 0" test $? -eq 0
check "one aircraft: other members skipped" grep -Eq "archive members read \([1-9][0-9]* skipped\)" "$tmp/one.err"
"$bin" flights --db "$tmp/one.db" --format csv >"$tmp/one.csv"
"$bin" flights --db "$tmp/tree.db" --aircraft a8f007 --format csv >"$tmp/one-tree.csv"
check "one aircraft: same legs as from the tree" cmp -s "$tmp/one.csv" "$tmp/one-tree.csv"
check "one aircraft: only a8f007" test "$(cut -d, -f1 "$tmp/one.csv" | sort -u | tr '\n' ' ')" = "a8f007 icao "
printf 'a8f00\n' >"$tmp/bad-watch.txt"
"$bin" ingest -q --db "$tmp/x.db" --aircraft-file "$tmp/bad-watch.txt" "$tmp/arch" 2>"$tmp/bad-watch.err"
check "bad aircraft file: exit 2" test $? -eq 2
check "bad aircraft file: file and line" grep -q "bad-watch.txt:1: 'a8f00' is not a 24-bit address" "$tmp/bad-watch.err"

# --- a cut-off archive keeps what came before the cut, and a rerun completes it
last=$(ls "$tmp/arch" | tail -1)
mv "$tmp/arch/$last" "$tmp/last-part"
"$bin" ingest -q --db "$tmp/cut.db" "$tmp/arch" 2>"$tmp/cut.err"
check "cut archive: exit 1 (its only input failed)" test $? -eq 1
check "cut archive: error names the archive" grep -q "v2024.03.30-planes-readsb-prod-0.tar" "$tmp/cut.err"
check "cut archive: legs kept" test "$("$bin" flights --db "$tmp/cut.db" --format csv | wc -l)" -gt 100
check "cut archive: run recorded with its error" test "$(sqlite3 "$tmp/cut.db" "select errors > 0 and inputs_failed = 1 from runs")" = 1
mv "$tmp/last-part" "$tmp/arch/$last"
"$bin" ingest -q --db "$tmp/cut.db" "$tmp/arch" 2>>"$tmp/cut.err"
"$bin" flights --db "$tmp/cut.db" --format csv >"$tmp/cut.csv"
check "cut archive: rerun gives every leg" cmp -s "$tmp/cut.csv" "$tmp/tree.csv"

# --- flights: filters and formats
"$bin" flights --db "$tmp/tree.db" --country CN --format json >"$tmp/cn.json"
check "json: four legs to or from China" test "$(grep -c '"icao"' "$tmp/cn.json")" -eq 4
check "json: Shenyang on 30 March 2024" grep -q '"destination":"ZYTX".*"landing_time":"2024-03-30T08:2' "$tmp/cn.json"
check "json: fields" grep -q '"origin_how":"observed"' "$tmp/cn.json"
"$bin" flights --db "$tmp/tree.db" --aircraft N807SK --from 2024-03-29 --to 2024-03-30 >"$tmp/n807.txt"
check "by registration and dates" grep -q "PANC .* ZYTX" "$tmp/n807.txt"
check "the --to date is included whole" grep -q "^6 legs" "$tmp/n807.txt"
"$bin" flights --db "$tmp/tree.db" --airport mggt --format geojson >"$tmp/mggt.geojson"
check "geojson: line strings" grep -Fq '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString"' "$tmp/mggt.geojson"
"$bin" flights --db "$tmp/tree.db" --from 2024-13-01 2>"$tmp/bad-date.err"
check "bad date: exit 2" test $? -eq 2
"$bin" flights --db "$tmp/nothing.db" 2>"$tmp/no-db.err"
check "missing database: exit 1" test $? -eq 1
check "missing database: says so" grep -q "no such database" "$tmp/no-db.err"
"$bin" flights --db "$tmp/tree.db" --aircraft NOPE 2>/dev/null
check "unknown aircraft: exit 1" test $? -eq 1

# --- itineraries and roles
"$bin" itineraries --db "$tmp/tree.db" --aircraft N807SK --from 2024-03-29 --format json >"$tmp/story.json"
check "itineraries: exit 0" test $? -eq 0
check "itineraries: Shenyang a removal to China" grep -q '"destination": "ZYTX",.*' "$tmp/story.json"
check "itineraries: one counted removal, to CN" test "$(grep -c '"counted": true' "$tmp/story.json")" -eq 1
check "itineraries: counted for CN" grep -q '"country": "CN"' "$tmp/story.json"
check "itineraries: Seoul on the way back" grep -q 'not a removal to KR' "$tmp/story.json"
"$bin" itineraries --db "$tmp/tree.db" --from 2024-03-01 --to 2024-03-31 >"$tmp/march.txt"
check "itineraries: table of March" grep -Eq "^[0-9]+ itineraries \(profile us-removal\)" "$tmp/march.txt"
printf 'home_country = "US"\nhubs = [1]\n' >"$tmp/bad.toml"
"$bin" itineraries --db "$tmp/tree.db" --profile "$tmp/bad.toml" 2>"$tmp/bad-profile.err"
check "bad profile: exit 2" test $? -eq 2
check "bad profile: file and line" grep -q "bad.toml:2:" "$tmp/bad-profile.err"

# --- raw frames and decode JSON Lines
"$bin" simulate --scenario "$data/sim/mini.json" --formats avr,beast,sbs --quiet --out "$tmp/m" >/dev/null 2>&1
"$bin" ingest -q --db "$tmp/avr.db" "$tmp/m/frames.avr" 2>"$tmp/avr.err"
check "avr without clock epoch: exit 1" test $? -eq 1
check "avr without clock epoch: says what to give" grep -q -- "--clock-epoch" "$tmp/avr.err"
for f in frames.avr frames.beast; do
  "$bin" ingest -q --db "$tmp/$f.db" --clock-epoch 2024-03-01T00:00:00Z "$tmp/m/$f" 2>/dev/null
  check "$f: KSAT to KHRL" test "$("$bin" flights --db "$tmp/$f.db" --format csv | cut -d, -f4,10 | tail -1)" = "KSAT,KHRL"
done
"$bin" ingest -q --db "$tmp/sbs.db" "$tmp/m/messages.sbs" 2>/dev/null
check "sbs: KSAT to KHRL" test "$("$bin" flights --db "$tmp/sbs.db" --format csv | cut -d, -f4,10 | tail -1)" = "KSAT,KHRL"
"$bin" decode "$tmp/m/messages.sbs" >"$tmp/m/decoded.jsonl" 2>/dev/null
printf 'not json\n' >>"$tmp/m/decoded.jsonl"
"$bin" ingest -q --db "$tmp/jsonl.db" "$tmp/m/decoded.jsonl" 2>"$tmp/jsonl.err"
check "decode jsonl: KSAT to KHRL" test "$("$bin" flights --db "$tmp/jsonl.db" --format csv | cut -d, -f4,10 | tail -1)" = "KSAT,KHRL"
check "decode jsonl: bad line located" grep -q "decoded.jsonl: line [0-9]*: not a JSON object" "$tmp/jsonl.err"
exit $fail
