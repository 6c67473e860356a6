#!/usr/bin/env bash
# Issue 16, section 4: inputs and arguments are checked. Inputs that fail
# (not there, a broken link, in no format) count as failed and say what they
# are, are recorded as failed with why, listed by status and read again by
# the next run; --strict fails the run on any; aircraft.json snapshots and the v2 API
# JSON are read; bad option values exit 2 naming the option and the value;
# unknown options get the nearest one; -q everywhere there is progress;
# --format from --out's extension; counted nouns agree with their numbers.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

# --- failed inputs
"$bin" ingest -q --db "$tmp/missing.db" "$tmp/nope.json" 2>"$tmp/missing.err"
check "only a missing input: exit 1" test $? -eq 1
check "only a missing input: named" grep -qxF "$tmp/nope.json: no such file or folder" "$tmp/missing.err"
check "only a missing input: counted as an input that failed" grep -q "^run 1: 1 input (0 already ingested, 1 failed)," "$tmp/missing.err"
check "only a missing input: the run's counts" test "$(sqlite3 "$tmp/missing.db" 'SELECT inputs || " " || inputs_failed FROM runs')" = "1 1"

printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1' >"$tmp/chart.png"
head -c 600 /dev/zero | tr '\0' '\3' >"$tmp/blob.bin"
printf 'Dear editor,\nplease find attached\n' >"$tmp/letter.txt"
for f in chart.png blob.bin letter.txt; do
  "$bin" ingest -q --db "$tmp/$f.db" "$tmp/$f" 2>"$tmp/$f.err"
  check "$f: exit 1" test $? -eq 1
  check "$f: counted as failed" grep -q "1 input (0 already ingested, 1 failed)" "$tmp/$f.err"
  check "$f: not recorded as a complete input" test "$(sqlite3 "$tmp/$f.db" "SELECT count(*) FROM inputs WHERE status = 'complete'")" -eq 0
  check "$f: no internal token in the message" test "$(grep -c "unknown_format\|unknown:" "$tmp/$f.err")" -eq 0
done
check "png: says what it looks like" grep -qxF "$tmp/chart.png: looks like a PNG image, not an input skywitness reads" "$tmp/chart.png.err"
check "binary: says so" grep -qxF "$tmp/blob.bin: binary data, not frames of any format skywitness reads" "$tmp/blob.bin.err"
check "text: quotes its first line" grep -qxF "$tmp/letter.txt: text that is not CSV, JSON or frames: first line 'Dear editor,'" "$tmp/letter.txt.err"
check "png: the message stored with the run" test "$(sqlite3 "$tmp/chart.png.db" 'SELECT message FROM errors')" = "looks like a PNG image, not an input skywitness reads"

ln -s "$tmp/gone.json" "$tmp/dangling.json"
"$bin" ingest -q --db "$tmp/link.db" "$tmp/dangling.json" 2>"$tmp/link.err"
check "broken link given: exit 1" test $? -eq 1
check "broken link given: said so, with its target" grep -qxF "$tmp/dangling.json: a broken symbolic link (to '$tmp/gone.json')" "$tmp/link.err"
mkdir -p "$tmp/snaps"
cp "$data/inputs/aircraft.json" "$data/inputs/adsb_lol_v2.json" "$tmp/snaps/"
ln -s "$tmp/snaps/removed.json" "$tmp/snaps/latest.json"
"$bin" ingest -q --db "$tmp/folder.db" "$tmp/snaps" 2>"$tmp/folder.err"
check "broken link in a folder: exit 0 (the others were read)" test $? -eq 0
check "broken link in a folder: said so" grep -qxF "$tmp/snaps/latest.json: a broken symbolic link (to '$tmp/snaps/removed.json')" "$tmp/folder.err"
check "broken link in a folder: counted as failed" grep -q "^run 1: 3 inputs (0 already ingested, 1 failed)," "$tmp/folder.err"
"$bin" ingest -q --strict --db "$tmp/strict.db" "$tmp/snaps" 2>"$tmp/strict.err"
check "--strict: a failed input fails the run" test $? -eq 1
check "--strict: the others still read" grep -q "3 inputs (0 already ingested, 1 failed), 0 archive members read (0 skipped), 5 positions" "$tmp/strict.err"
"$bin" ingest -q --db "$tmp/mixed.db" "$tmp/chart.png" "$data/inputs/aircraft.json" 2>/dev/null
check "a failed input beside a good one: exit 0 without --strict" test $? -eq 0
"$bin" ingest -q --strict --db "$tmp/mixed2.db" "$data/inputs/aircraft.json" 2>/dev/null
check "--strict with nothing failed: exit 0" test $? -eq 0
"$bin" ingest --help >"$tmp/ingest-help.txt"
check "--help: --strict" grep -q -- "--strict .*Fail the run (exit 1) when any input failed" "$tmp/ingest-help.txt"
check "--help: the exit codes" grep -q "^Exit code: 0 when the inputs were read.*1 when every input failed (with --strict: when any did" "$tmp/ingest-help.txt"
check "README: the ingest exit codes and --strict" test "$(readme_figures 'exit code is (1) when every input failed or, with `--strict`, when any input failed')" = 1

# --- failed inputs are recorded as failed, with why; status lists them; the
# next run reads them again and they become complete.
mkdir -p "$tmp/mixed-folder"
cp "$data/trace_full_ac671b.json.gz" "$tmp/mixed-folder/"
printf 'Dear editor,\nplease find attached\n' >"$tmp/mixed-folder/notes.txt"
"$bin" ingest -q --db "$tmp/failed.db" "$tmp/mixed-folder" 2>"$tmp/failed.err"
check "failed input in a folder: exit 0 (the trace was read)" test $? -eq 0
check "failed input: recorded as failed, with why" test "$(sqlite3 "$tmp/failed.db" "SELECT status || '|' || reason FROM inputs WHERE path = '$tmp/mixed-folder/notes.txt'")" = "failed|text that is not CSV, JSON or frames: first line 'Dear editor,'"
check "failed input: no time covered" test "$(sqlite3 "$tmp/failed.db" "SELECT count(*) FROM coverage WHERE input = (SELECT id FROM inputs WHERE status = 'failed')")" -eq 0
"$bin" status --db "$tmp/failed.db" >"$tmp/failed-status.txt"
check "status: exit 0" test $? -eq 0
check "status: 1 failed input of 2" grep -qxF "inputs: 2 (1 complete, 0 partial, 1 failed, 0 with errors)" "$tmp/failed-status.txt"
check "status: the failed input named, with why" grep -qxF "  failed (run 1): $tmp/mixed-folder/notes.txt: text that is not CSV, JSON or frames: first line 'Dear editor,'" "$tmp/failed-status.txt"
check "status: the run's count" grep -q "^runs: 1, 1 failed input over them" "$tmp/failed-status.txt"
gzip -dc "$data/trace_full_ac671b.json.gz" >"$tmp/mixed-folder/notes.txt"
"$bin" ingest -q --strict --db "$tmp/failed.db" "$tmp/mixed-folder" 2>"$tmp/failed2.err"
check "rerun after the file was replaced: exit 0 with --strict" test $? -eq 0
check "rerun: the failed input read again, the other skipped" grep -q "^run 2: 2 inputs (1 already ingested, 0 failed)," "$tmp/failed2.err"
"$bin" status --db "$tmp/failed.db" >"$tmp/failed-status2.txt"
check "status after the rerun: 0 failed" grep -qxF "inputs: 2 (2 complete, 0 partial, 0 failed, 0 with errors)" "$tmp/failed-status2.txt"
check "status after the rerun: none listed" test "$(grep -c "^  failed" "$tmp/failed-status2.txt")" -eq 0
check "rerun: the input complete, its reason gone" test "$(sqlite3 "$tmp/failed.db" "SELECT kind || '|' || status || '|' || reason FROM inputs WHERE path = '$tmp/mixed-folder/notes.txt'")" = "readsb-trace|complete|"
check "missing input: recorded as failed" test "$(sqlite3 "$tmp/missing.db" "SELECT path || '|' || status || '|' || reason FROM inputs")" = "$tmp/nope.json|failed|no such file or folder"
check "broken link: recorded as failed" test "$(sqlite3 "$tmp/link.db" "SELECT status || '|' || reason FROM inputs")" = "failed|a broken symbolic link (to '$tmp/gone.json')"
check "png: recorded as failed, not complete" test "$(sqlite3 "$tmp/chart.png.db" "SELECT kind || '|' || status || '|' || positions FROM inputs")" = "unknown|failed|0"

# --- aircraft.json snapshots and the v2 API JSON, told by content
check "snapshots: 5 positions, the bad aircraft located" grep -qxF "$tmp/snaps/aircraft.json: aircraft 4: 'hex' is not 6 hex digits" "$tmp/folder.err"
check "snapshots: read as aircraft-json (the broken link beside them failed)" test "$(sqlite3 "$tmp/folder.db" "SELECT group_concat(kind || ' ' || status || ' ' || positions, ', ') FROM (SELECT * FROM inputs ORDER BY path)")" = "aircraft-json complete 2, aircraft-json complete 3, unknown failed 0"
check "snapshots: registration and type kept" test "$("$bin" aircraft show --db "$tmp/folder.db" a8f007 | grep -c "N807SK\|GLF5")" -eq 2
gzip -c "$data/inputs/adsb_lol_v2.json" >"$tmp/v2.json.gz"
"$bin" ingest -q --db "$tmp/gz.db" "$tmp/v2.json.gz" 2>"$tmp/gz.err"
check "snapshot, gzip: 2 positions" grep -q "1 input (0 already ingested, 0 failed), 0 archive members read (0 skipped), 2 positions, 0 errors;" "$tmp/gz.err"

# --- arguments
"$bin" simulate --scenario "$data/sim/mini.json" --formats trace -q --out "$tmp/s" >"$tmp/sim.out" 2>"$tmp/sim.err"
check "simulate -q: exit 0, no progress" test $? -eq 0 -a ! -s "$tmp/sim.err"
check "simulate: 1 leg, 1 itinerary, in the singular" grep -qxF "scenario mini: 1 leg (0 background), 1 itinerary, 1 watched aircraft" "$tmp/sim.out"
check "simulate: 1 file" grep -q "^traces: 1 file, [0-9]* points$" "$tmp/sim.out"
"$bin" ingest -q --db "$tmp/g.db" "$tmp/s/traces" 2>"$tmp/g.err"
check "ingest: one leg of one aircraft, in the singular" grep -q "legs rebuilt for 1 aircraft: 1 leg, 0 unobserved stops$" "$tmp/g.err"
check "ingest: 1 input" grep -q "^run 1: 1 input (0 already ingested, 0 failed)" "$tmp/g.err"

bad() {  # NAME EXPECTED-MESSAGE COMMAND...: exit 2 and the message, exactly
  local name=$1 message=$2
  shift 2
  "$@" >/dev/null 2>"$tmp/bad.err"
  local rc=$?
  check "$name: exit 2" test $rc -eq 2
  check "$name: says which option and value" grep -qxF -- "$message" "$tmp/bad.err"
}
bad "flights --country UK" "skywitness flights: --country 'UK' is not an ISO 3166-1 alpha-2 country code; did you mean 'GB' (United Kingdom)?" \
  "$bin" flights --db "$tmp/g.db" --country UK
bad "timeline --country uk" "skywitness timeline: --country 'uk' is not an ISO 3166-1 alpha-2 country code; did you mean 'GB' (United Kingdom)?" \
  "$bin" timeline --db "$tmp/g.db" --country uk
bad "flights --country china" "skywitness flights: --country 'china' is not an ISO 3166-1 alpha-2 country code; did you mean 'CN' (China)?" \
  "$bin" flights --db "$tmp/g.db" --country china
bad "timeline --country XQ" "skywitness timeline: --country 'XQ' is not an ISO 3166-1 alpha-2 country code (data/countries/countries.csv lists them)" \
  "$bin" timeline --db "$tmp/g.db" --country XQ
bad "flights --airport SAT" "skywitness flights: --airport 'SAT' is not an ICAO airport code of the bundled table; did you mean 'KSAT' (San Antonio International Airport)?" \
  "$bin" flights --db "$tmp/g.db" --airport SAT
bad "flights --airport QQQQ" "skywitness flights: --airport 'QQQQ' is not an ICAO airport code of the bundled table (data/airports/airports.csv)" \
  "$bin" flights --db "$tmp/g.db" --airport QQQQ
for cmd in flights itineraries; do
  bad "$cmd --from 2024-02-30" "skywitness $cmd: --from '2024-02-30' is not a day of the calendar (a month has 28 to 31 days, a year 12 months)" \
    "$bin" $cmd --db "$tmp/g.db" --from 2024-02-30
  bad "$cmd --to 2023-02-29" "skywitness $cmd: --to '2023-02-29' is not a day of the calendar (a month has 28 to 31 days, a year 12 months)" \
    "$bin" $cmd --db "$tmp/g.db" --to 2023-02-29
  bad "$cmd --from after --to" "skywitness $cmd: --from '2024-03-31' is later than --to '2024-03-01'" \
    "$bin" $cmd --db "$tmp/g.db" --from 2024-03-31 --to 2024-03-01
  "$bin" $cmd --db "$tmp/g.db" --from 2024-03-01 --to 2024-03-01 >"$tmp/day.out" 2>/dev/null
  check "$cmd: --from and --to the same day: exit 0" test $? -eq 0
done
check "itineraries: the one day's itinerary, in the singular" grep -qx "1 itinerary (profile us-removal)" "$tmp/day.out"
"$bin" flights --db "$tmp/g.db" --from 2024-02-29 >/dev/null
check "flights: 2024-02-29 exists in 2024" test $? -eq 0
check "flights: --airport ksat, lower case" test "$("$bin" flights --db "$tmp/g.db" --airport ksat --format csv | wc -l)" -eq 2
bad "discover --from 2024-13-01" "skywitness discover: --from '2024-13-01' is not a day of the calendar (a month has 28 to 31 days, a year 12 months)" \
  "$bin" discover --db "$tmp/g.db" --watchlist "$tmp/nowhere.txt" --from 2024-13-01
bad "discover --from after --to" "skywitness discover: --from '2024-04-01' is later than --to '2024-03-01'" \
  "$bin" discover --db "$tmp/g.db" --watchlist "$tmp/nowhere.txt" --from 2024-04-01 --to 2024-03-01
bad "flights --from yesterday" "skywitness flights: --from 'yesterday' is not a date (2024-03-30) or UTC time (2024-03-30T08:00:00Z)" \
  "$bin" flights --db "$tmp/g.db" --from yesterday

# Unknown options: the nearest ones of the command.
bad "ingest --stirct" "skywitness ingest: unknown option '--stirct'; did you mean '--strict'?" \
  "$bin" ingest --db "$tmp/x.db" --stirct "$tmp/s/traces"
bad "flights --form" "skywitness flights: unknown option '--form'; did you mean '--from' or '--format'?" \
  "$bin" flights --db "$tmp/g.db" --form csv
bad "aircraft import --erors" "skywitness aircraft import: unknown option '--erors'; did you mean '--errors'?" \
  "$bin" aircraft import --db "$tmp/x.db" --erors "$tmp/nowhere.csv"
bad "report --baseline=3" "skywitness report: unknown option '--baseline'; did you mean '--baseline-months'?" \
  "$bin" report --db "$tmp/g.db" --month 2024-03 --baseline=3
bad "flights --zzzzzz" "skywitness flights: unknown option '--zzzzzz'; --help lists the options" \
  "$bin" flights --db "$tmp/g.db" --zzzzzz
bad "a command mistyped" "skywitness: unknown command 'ingets'; did you mean 'ingest'?" \
  "$bin" ingets --db "$tmp/g.db"

# -q on every command that prints progress.
printf 'address a8f0ff\n' >"$tmp/watch.txt"
for args in "update --db $tmp/g.db" "itineraries --db $tmp/g.db" "timeline --db $tmp/g.db --country US" \
  "report --db $tmp/g.db --month 2024-03 --out $tmp/r" "discover --db $tmp/g.db --watchlist $tmp/watch.txt"; do
  name=${args%% *}
  "$bin" $args -q >/dev/null 2>"$tmp/q.err"
  check "$name -q: accepted, no progress on stderr" test $? -eq 0 -a "$(grep -c "^itineraries: \|of .* aircraft$" "$tmp/q.err")" -eq 0
done
"$bin" demo -q --scenario "$data/sim/mini.json" --out "$tmp/demo" >"$tmp/demo.out" 2>"$tmp/demo.err"
check "demo -q: exit 0" test $? -eq 0
check "demo -q: only what each stage found" test "$(grep -c "^   input \|^   simulat\|rebuilding legs" "$tmp/demo.out")" -eq 0
check "demo: 1 file, in the singular" grep -q "^   readsb traces 1 file -> " "$tmp/demo.out"
check "demo: 1 leg of 1 watched aircraft in 1 itinerary" grep -qxF "   1 leg of 1 watched aircraft in 1 itinerary, and 0 background flights" "$tmp/demo.out"

# --format from --out's extension.
"$bin" timeline -q --db "$tmp/g.db" --country US --out "$tmp/us.html" 2>/dev/null
check "timeline --out .html: a page" grep -qi "^<!doctype html" "$tmp/us.html"
"$bin" timeline -q --db "$tmp/g.db" --country US --out "$tmp/us.json" 2>/dev/null
check "timeline --out .json: JSON" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/us.json"
"$bin" timeline -q --db "$tmp/g.db" --country US --format csv --out "$tmp/us-csv.json" 2>/dev/null
check "timeline --format beats the extension" test "$(head -c 1 "$tmp/us-csv.json")" != "{"
mkdir -p "$tmp/pages"
"$bin" report -q --db "$tmp/g.db" --month 2024-03 --out "$tmp/pages/march.md" >"$tmp/report.out" 2>/dev/null
check "report --out .md: exit 0" test $? -eq 0
check "report --out .md: that one page, Markdown" grep -q "^# " "$tmp/pages/march.md"
check "report --out .md: no other page" test ! -e "$tmp/pages/report.html" -a ! -e "$tmp/pages/report.md" -a ! -e "$tmp/pages/report.json"
check "report --out .md: says where" grep -qF "written to $tmp/pages/: march.md" "$tmp/report.out"
exit $fail
