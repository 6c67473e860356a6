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
check "positions decoded" grep -q '"lat":51.145660,' "$tmp/avr.jsonl"
# 914 global and 6 local positions, as --stats counts them below for the Beast file.
check "every position decoded" test "$(grep -c '"lat":' "$tmp/avr.jsonl")" -eq 920

# Gzip input is detected by content; stdin works.
gzip -c "$data/readsb-406b90/avr_406b90.txt" >"$tmp/avr.bin"
"$bin" decode --output csv <"$tmp/avr.bin" >"$tmp/avr.csv"
check "gzip on stdin" test "$(wc -l <"$tmp/avr.csv")" -eq 1961
check "csv header" grep -q '^t,clock,src,df,icao' "$tmp/avr.csv"

# --stats alone prints only statistics.
"$bin" decode --stats "$data/readsb-406b90/beast_out_406b90.bin" >"$tmp/stats.txt"
check "stats counts DF17" grep -Eq '^  DF17 +1961$' "$tmp/stats.txt"
check "stats counts global positions" grep -Eq '^  global +914$' "$tmp/stats.txt"
check "stats counts local positions" grep -Eq '^  local +6$' "$tmp/stats.txt"

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

# Issue 10, section 4: timestamp,hex frame logs (jet1090, rs1090, pyModeS)
# were taken for hex lines from the 4 bytes of a plain file's first read.
log=$data/inputs/jet1090_mini.csv
"$bin" decode --errors "$log" >"$tmp/jet.jsonl" 2>"$tmp/jet.err"
check "jet1090 log: exit 0" test $? -eq 0
check "jet1090 log: no errors" test ! -s "$tmp/jet.err"
check "jet1090 log: a record per frame" test "$(wc -l <"$tmp/jet.jsonl")" -eq 1741
check "jet1090 log: the log's times" grep -q '^{"t":1709254800.000,"src":"modes","df":17,"icao":"a8f0ff"' "$tmp/jet.jsonl"
# 470 global and 24 local: the 494 positions that ingest counts (ingest_cli_test.sh).
check "jet1090 log: global positions" test "$(grep -c '"pos":"global"' "$tmp/jet.jsonl")" -eq 470
check "jet1090 log: local positions" test "$(grep -c '"pos":"local"' "$tmp/jet.jsonl")" -eq 24
{ echo "timestamp,rawmsg"; cat "$log"; } | "$bin" decode --errors --output csv >"$tmp/jet.csv" 2>"$tmp/jet-stdin.err"
check "jet1090 log with header on stdin: no errors" test ! -s "$tmp/jet-stdin.err"
check "jet1090 log with header on stdin: a row per frame" test "$(wc -l <"$tmp/jet.csv")" -eq 1742
"$bin" decode --errors "$tmp/garbage.txt" >/dev/null 2>"$tmp/g2.err"
check "undetectable input with --errors: said once" test "$(grep -c "cannot tell the input format" "$tmp/g2.err")" -eq 1

# BDS 6,0: both vertical rates, under readsb's names (pyModeS's vector, then
# "The 1090 Megahertz Riddle"'s, whose rates differ).
printf '1717664320,A00004128F39F91A7E27C46ADC21\n1717664320.25,A80004AAA74A072BFDEFC1D5CB4F\n' >"$tmp/bds60.csv"
"$bin" decode "$tmp/bds60.csv" >"$tmp/bds60.jsonl"
check "bds60 jsonl: pyModeS rates" grep -q '"heading":42.71,"baro_rate":-1920,"geom_rate":-1920,"ias":252,"mach":0.420,"bds":"60"' "$tmp/bds60.jsonl"
check "bds60 jsonl: Riddle rates" grep -q '"heading":110.39,"baro_rate":-2144,"geom_rate":-2016,"ias":259,"mach":0.700,"bds":"60"' "$tmp/bds60.jsonl"
check "bds60 jsonl: no vrate" test "$(grep -c '"vrate' "$tmp/bds60.jsonl")" -eq 0
"$bin" decode --output csv "$tmp/bds60.csv" >"$tmp/bds60.out.csv"
check "bds60 csv: columns" test "$(head -1 "$tmp/bds60.out.csv" | cut -d, -f16-20)" = "heading,vrate,baro_rate,geom_rate,ias"
check "bds60 csv: values" test "$(tail -1 "$tmp/bds60.out.csv" | cut -d, -f16-20)" = "110.39,,-2144,-2016,259"

# Address filter.
"$bin" decode --icao=406b90 "$data/readsb-406b90/sbs_406b90.txt" >"$tmp/f1"
"$bin" decode --icao 123456 "$data/readsb-406b90/sbs_406b90.txt" >"$tmp/f2"
check "filter keeps the address" test "$(wc -l <"$tmp/f1")" -eq 1998
check "filter drops others" test "$(wc -l <"$tmp/f2")" -eq 0

exit $fail
