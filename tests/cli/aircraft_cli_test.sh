#!/usr/bin/env bash
# `skywitness aircraft import` and `show`: three database formats, bad rows
# located, and what is known of an aircraft.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"
reg="$data/registry"
"$bin" aircraft import --db "$tmp/a.db" "$reg/MASTER.txt" "$reg/aircraft.csv" "$reg/aircraftDatabase.csv" 2>"$tmp/import.err"
check "import: exit 0" test $? -eq 0
check "import: FAA counted" grep -qxF "$reg/MASTER.txt: faa-master (5 rows: 3 aircraft imported, 2 bad rows skipped)" "$tmp/import.err"
check "import: tar1090 counted" grep -qxF "$reg/aircraft.csv: tar1090 (5 rows: 4 aircraft imported, 1 bad row skipped)" "$tmp/import.err"
check "import: OpenSky counted" grep -qxF "$reg/aircraftDatabase.csv: opensky (5 rows: 3 aircraft imported, 2 bad rows skipped)" "$tmp/import.err"
check "import: mismatched address located" grep -qxF "$reg/MASTER.txt:5: MODE S CODE HEX 'A00002' is not the address of N803SK (AAEE9C)" "$tmp/import.err"
"$bin" aircraft show --db "$tmp/a.db" N807SK >"$tmp/n807.txt"
check "show by registration: address" grep -qx "address       a8f007" "$tmp/n807.txt"
check "show: Gulfstream, 14 seats" grep -qxF "seats         14 (layouts 12-19; an upper bound on people aboard)" "$tmp/n807.txt"
check "show: operator with its comma" grep -qxF "operator      Example Air, Charter Division" "$tmp/n807.txt"
"$bin" aircraft show 0b4001 >"$tmp/gt.txt"
check "show without a database: State from the address" grep -qxF "registered in GT (Guatemala)" "$tmp/gt.txt"
"$bin" aircraft show N12345 >"$tmp/n12345.txt"
check "show an N-number without a database" grep -qx "address       a061d9" "$tmp/n12345.txt"
check "show an N-number without a database: registration" grep -qxF "registration  N12345 (from the address)" "$tmp/n12345.txt"
"$bin" aircraft show --db "$tmp/a.db" ZZ-NOPE 2>"$tmp/nope.err"
check "unknown aircraft: exit 1" test $? -eq 1
check "unknown aircraft: says so" grep -qF "'ZZ-NOPE': no such address or known registration" "$tmp/nope.err"
printf 'hello,world\n' >"$tmp/x.csv"
"$bin" aircraft import --db "$tmp/a.db" "$tmp/x.csv" 2>"$tmp/x.err"
check "unknown format: exit 1" test $? -eq 1
check "unknown format: says so" grep -qF "$tmp/x.csv:1: not an aircraft database" "$tmp/x.err"
exit $fail
