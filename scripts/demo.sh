#!/usr/bin/env bash
# The main job on bundled data: installs what is needed, builds, and decodes the
# bundled real flight (EZY85MH, 2016-03-14) from all three raw formats.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build build -j"$(nproc)" --target skywitness
sample=tests/data/readsb-406b90
out=out/demo
mkdir -p "$out"
echo
echo "== Decoding the bundled real flight (icao 406b90, EZY85MH) =="
for f in avr_406b90.txt beast_out_406b90.bin sbs_406b90.txt; do
  ./build/skywitness decode "$sample/$f" >"$out/${f%%.*}.jsonl"
  printf '%-24s -> %-28s %6d records, %4d positions\n' "$f" "$out/${f%%.*}.jsonl" \
    "$(wc -l <"$out/${f%%.*}.jsonl")" "$(grep -c '"lat"' "$out/${f%%.*}.jsonl")"
done
echo
echo "== First decoded position and identification (JSON Lines) =="
grep -m1 '"callsign"' "$out/avr_406b90.jsonl"
grep -m1 '"lat"' "$out/avr_406b90.jsonl"
echo
echo "== Statistics for the Beast file =="
./build/skywitness decode --stats "$sample/beast_out_406b90.bin"
echo
echo "Records are in $out/. See docs/decode-output.md for every field."
