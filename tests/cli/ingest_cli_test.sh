#!/usr/bin/env bash
# `skywitness ingest` and `skywitness flights` end to end: an archive tree, the
# same traces packed as a split tar, --aircraft-file, a cut-off archive, raw
# frames and decode JSON Lines, timestamp,hex frame logs, and every output
# format.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

"$bin" simulate --scenario seed-2024-03 --formats trace --background 0 --quiet --out "$tmp/s" >/dev/null 2>&1
check "simulated traces" test -d "$tmp/s/traces"
true_legs=$(truth_count "$tmp/s/truth.json" 'len(t["legs"])')
trace_files=$(find "$tmp/s/traces" -type f | wc -l)
check "the truth has legs ($true_legs) and traces ($trace_files)" test "$true_legs" -gt 0 -a "$trace_files" -gt 0

# --- an archive tree, and the same files as a split tar like the daily releases
"$bin" ingest -q --db "$tmp/tree.db" "$tmp/s/traces" 2>"$tmp/tree.err"
check "tree: exit 0" test $? -eq 0
check "tree: the truth's $true_legs legs" grep -q "legs rebuilt for [0-9]* aircraft: $true_legs legs, 0 unobserved stops$" "$tmp/tree.err"
# The README's figures for this scenario are the truth's, which this run found.
read -r -d '' r_found r_true r_ends r_all < <(readme_figures 'OpenSky state vectors: (\d+) of (\d+) true legs found, no false leg .{0,80}?(\d+) of (\d+) observed leg ends at the right airport')
check "README: '${r_found:-?} of ${r_true:-?} true legs' is the truth's $true_legs" test "${r_found:-x}" = "$true_legs" -a "${r_true:-x}" = "$true_legs"
check "README: '${r_ends:-?} of ${r_all:-?} observed leg ends' are two per true leg" test "${r_ends:-x}" = $((2 * true_legs)) -a "${r_all:-x}" = $((2 * true_legs))
mkdir "$tmp/arch"
(cd "$tmp/s" && tar -cf - traces) | split -b 1M - "$tmp/arch/v2024.03.30-planes-readsb-prod-0.tar."
parts=$(ls "$tmp/arch" | wc -l)
check "several tar parts ($parts)" test "$parts" -ge 3
"$bin" ingest -q --db "$tmp/tar.db" "$tmp/arch/v2024.03.30-planes-readsb-prod-0.tar.aa" 2>"$tmp/tar.err"
check "tar: exit 0" test $? -eq 0
check "tar: every part read as one stream, one member per trace file" grep -q "1 input (0 already ingested, 0 failed), $trace_files archive members read" "$tmp/tar.err"
flights_csv --db "$tmp/tree.db" >"$tmp/tree.csv"
flights_csv --db "$tmp/tar.db" >"$tmp/tar.csv"
check "tar and tree give the same legs" cmp -s "$tmp/tree.csv" "$tmp/tar.csv"
check "a csv line per true leg and a header" test "$(wc -l <"$tmp/tar.csv")" -eq $((true_legs + 1))

# --- one aircraft out of the archive
printf '# the Gulfstream of the story\na8f007\n' >"$tmp/watch.txt"
"$bin" ingest -q --db "$tmp/one.db" --aircraft-file "$tmp/watch.txt" "$tmp/arch" 2>"$tmp/one.err"
check "one aircraft: exit 0" test $? -eq 0
check "one aircraft: other members skipped" grep -Eq "archive members read \([1-9][0-9]* skipped\)" "$tmp/one.err"
flights_csv --db "$tmp/one.db" >"$tmp/one.csv"
flights_csv --db "$tmp/tree.db" --aircraft a8f007 >"$tmp/one-tree.csv"
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
flights_csv --db "$tmp/cut.db" >"$tmp/cut.csv"
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

# --- issue 10, section 4: frame logs as jet1090, rs1090 and pyModeS write them
# ("1717664319.147975,8c3461ce..."), with and without a header, were taken for
# hex lines and every line rejected. Their own times date the positions: no
# --clock-epoch. Truth: takeoff 01:05:28, landing 01:44:49 (frames thinned).
log=$data/inputs/jet1090_mini.csv
leg="KSAT,2024-03-01T01:05:31Z,KHRL,2024-03-01T01:44:50Z"
legs_of() { "$bin" flights --db "$1" --format csv | cut -d, -f4,9,10,15 | tail -n +2 | tr '\n' ' '; }
for header in none timestamp,rawmsg time,msg; do
  name=${header%%,*}
  if [ "$header" = none ]; then cp "$log" "$tmp/jet-$name.csv"; else { echo "$header"; cat "$log"; } >"$tmp/jet-$name.csv"; fi
  "$bin" ingest -q --db "$tmp/jet-$name.db" "$tmp/jet-$name.csv" 2>"$tmp/jet-$name.err"
  check "jet1090 log, header $header: exit 0" test $? -eq 0
  check "jet1090 log, header $header: positions and no errors" grep -q "1 input (0 already ingested, 0 failed), 0 archive members read (0 skipped), 494 positions, 0 errors; legs rebuilt for 1 aircraft: 1 leg," "$tmp/jet-$name.err"
  check "jet1090 log, header $header: KSAT to KHRL at the log's times" test "$(legs_of "$tmp/jet-$name.db")" = "$leg "
done
gzip -c "$tmp/jet-timestamp.csv" >"$tmp/jet.csv.gz"
"$bin" ingest -q --db "$tmp/jet-gz.db" "$tmp/jet.csv.gz" 2>/dev/null
check "jet1090 log, gzip: same leg" test "$(legs_of "$tmp/jet-gz.db")" = "$leg "
# Bad lines are located, counted and skipped.
sed -e '3s/,../,zz/' -e '5s/$/00/' "$tmp/jet-none.csv" >"$tmp/jet-bad.csv"
"$bin" ingest -q --db "$tmp/jet-bad.db" "$tmp/jet-bad.csv" 2>"$tmp/jet-bad.err"
check "bad lines: exit 0" test $? -eq 0
check "bad lines: line 3 located" grep -q "jet-bad.csv: line 3: bad_hex: non-hex character in frame" "$tmp/jet-bad.err"
check "bad lines: line 5 located" grep -q "jet-bad.csv: line 5: bad_frame_length" "$tmp/jet-bad.err"
check "bad lines: two counted" grep -q " 2 errors;" "$tmp/jet-bad.err"
check "bad lines: stored with their lines" test "$(sqlite3 "$tmp/jet-bad.db" "select group_concat(location, ' ') from errors")" = "line 3 line 5"
check "bad lines: the leg still found" test "$(legs_of "$tmp/jet-bad.db")" = "$leg "
# --format: read as told; a rerun told otherwise reads the file again.
"$bin" ingest -q --db "$tmp/jet-fmt.db" --format avr "$tmp/jet-none.csv" 2>"$tmp/jet-fmt.err"
check "--format avr: every line rejected" grep -q " 0 positions, 1741 errors;" "$tmp/jet-fmt.err"
"$bin" ingest -q --db "$tmp/jet-fmt.db" --format csv "$tmp/jet-none.csv" 2>"$tmp/jet-fmt2.err"
check "--format csv after avr: read again" grep -q "1 input (0 already ingested, 0 failed).* 494 positions, 0 errors" "$tmp/jet-fmt2.err"
check "--format csv after avr: the leg" test "$(legs_of "$tmp/jet-fmt.db")" = "$leg "
"$bin" ingest -q --db "$tmp/jet-fmt.db" --format csv "$tmp/jet-none.csv" 2>"$tmp/jet-fmt3.err"
check "--format csv again: already ingested" grep -q "1 input (1 already ingested" "$tmp/jet-fmt3.err"
"$bin" ingest -q --db "$tmp/x.db" --format nope "$tmp/jet-none.csv" 2>/dev/null
check "--format nope: exit 2" test $? -eq 2
# In no format at all: one error, and the input failed.
printf 'garbage\nmore garbage\n' >"$tmp/garbage.txt"
"$bin" ingest -q --db "$tmp/garbage.db" "$tmp/garbage.txt" 2>"$tmp/garbage.err"
check "garbage: exit 1 (its only input failed)" test $? -eq 1
check "garbage: says what it looks like, once" test "$(grep -cxF "$tmp/garbage.txt: text that is not CSV, JSON or frames: first line 'garbage'" "$tmp/garbage.err")" -eq 1
check "garbage: input failed, one error" grep -q "1 input (0 already ingested, 1 failed).* 1 error;" "$tmp/garbage.err"
# --- a progress line moves, or is not printed (issue 16, part 4)
SKYWITNESS_PROGRESS_SECONDS=0.000001 "$bin" ingest --db "$tmp/p1.db" "$tmp/s/traces" 2>"$tmp/p1.err" >/dev/null
check "progress: none when stderr is a file" test "$(grep -c 'ingest: input' "$tmp/p1.err")" -eq 0
check "progress: the summary still there" grep -q "^run 1: " "$tmp/p1.err"
SKYWITNESS_PROGRESS_SECONDS=0.000001 script -qfec "$bin ingest --db $tmp/p2.db $tmp/s/traces" /dev/null >"$tmp/p2.tty" 2>&1
check "progress: on a terminal, lines written over in place" python3 -c "
import sys
t = open(sys.argv[1], 'rb').read().decode()
shown = t.count('\r\x1b[Kingest: input ')
assert shown > 1, shown
assert '\ningest: input' not in t, 'a progress line that does not move'
assert '\r\x1b[Krun 1: ' in t, 'the last progress line is not wiped before the summary'
" "$tmp/p2.tty"
exit $fail
