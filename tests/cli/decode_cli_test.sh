#!/usr/bin/env bash
# Command-line behaviour of `skywitness decode`: exit codes, error locations,
# statistics, filters and the output formats.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

# Every record of the real AVR sample is a JSON object with the documented names.
"$bin" decode "$data/readsb-406b90/avr_406b90.txt" >"$tmp/avr.jsonl"
check "avr exit 0" test $? -eq 0
check "avr one record per frame" test "$(wc -l <"$tmp/avr.jsonl")" -eq 1960
check "callsign decoded" grep -q '"callsign":"EZY85MH"' "$tmp/avr.jsonl"
check "positions decoded" grep -q '"lat":51.1456' "$tmp/avr.jsonl"

# Gzip input is detected by content; stdin works.
gzip -c "$data/readsb-406b90/avr_406b90.txt" >"$tmp/avr.bin"
"$bin" decode --output csv <"$tmp/avr.bin" >"$tmp/avr.csv"
check "gzip on stdin" test "$(wc -l <"$tmp/avr.csv")" -eq 1961
check "csv header" grep -q '^t,clock,src,df,icao' "$tmp/avr.csv"

# --stats alone prints only statistics.
"$bin" decode --stats "$data/readsb-406b90/beast_out_406b90.bin" >"$tmp/stats.txt"
check "stats counts DF17" grep -Eq 'DF17 +1961' "$tmp/stats.txt"
check "stats counts positions" grep -Eq 'global +9[0-9][0-9]' "$tmp/stats.txt"

# Bad input: counted, located, skipped; the good frames still come out.
printf '*8D406B902015A678D4D220AA4BDA;\nnonsense\n*8D406B902015A678D4D220AA4BDB;\n*8D406B9020;\n' >"$tmp/bad.avr"
"$bin" decode --errors "$tmp/bad.avr" >"$tmp/bad.out" 2>"$tmp/bad.err"
check "bad input still exit 0" test $? -eq 0
check "good frame kept" test "$(wc -l <"$tmp/bad.out")" -eq 1
check "line 2 reported" grep -q "bad.avr:2: not_a_frame" "$tmp/bad.err"
check "bad crc reported" grep -q "bad.avr:3: bad_crc" "$tmp/bad.err"
check "bad length reported" grep -q "bad.avr:4: bad_frame_length" "$tmp/bad.err"

# Nothing readable: exit 1. Bad arguments: exit 2.
printf 'garbage\n' >"$tmp/garbage.txt"
"$bin" decode "$tmp/garbage.txt" >/dev/null 2>"$tmp/g.err"
check "undetectable input exits 1" test $? -eq 1
check "says to use --format" grep -q -- "--format" "$tmp/g.err"
"$bin" decode "$tmp/missing.txt" >/dev/null 2>&1
check "missing file exits 1" test $? -eq 1
"$bin" decode --format nope "$tmp/bad.avr" >/dev/null 2>&1
check "bad --format exits 2" test $? -eq 2
"$bin" decode --receiver 95,10 "$tmp/bad.avr" >/dev/null 2>&1
check "bad --receiver exits 2" test $? -eq 2

# Address filter.
"$bin" decode --icao=406b90 "$data/readsb-406b90/sbs_406b90.txt" >"$tmp/f1"
"$bin" decode --icao 123456 "$data/readsb-406b90/sbs_406b90.txt" >"$tmp/f2"
check "filter keeps the address" test "$(wc -l <"$tmp/f1")" -eq 1998
check "filter drops others" test "$(wc -l <"$tmp/f2")" -eq 0

exit $fail
