#!/usr/bin/env bash
# seats.csv is kept by hand (see README.md). This checks it and writes it back
# sorted by type: five columns, one row per type, min <= seats <= max.
set -euo pipefail
cd "$(dirname "$0")"
{
  head -1 seats.csv
  tail -n +2 seats.csv | awk -F, '
    NF != 5 { printf "seats.csv:%d: expected 5 columns\n", NR + 1 > "/dev/stderr"; bad = 1 }
    $1 !~ /^[A-Z0-9][A-Z0-9][A-Z0-9]?[A-Z0-9]?$/ { printf "seats.csv:%d: %s is not an ICAO type designator\n", NR + 1, $1 > "/dev/stderr"; bad = 1 }
    !($3 <= $2 && $2 <= $4) { printf "seats.csv:%d: seats %s outside %s-%s\n", NR + 1, $2, $3, $4 > "/dev/stderr"; bad = 1 }
    seen[$1]++ { printf "seats.csv:%d: %s twice\n", NR + 1, $1 > "/dev/stderr"; bad = 1 }
    { print }
    END { exit bad }' | sort -t, -k1,1
} > seats.csv.new
mv seats.csv.new seats.csv
echo "seats.csv: $(($(wc -l < seats.csv) - 1)) types"
