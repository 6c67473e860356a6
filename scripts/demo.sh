#!/usr/bin/env bash
# The main job on bundled data: installs what is needed, builds, and runs
# `skywitness demo`, which simulates the seed-2024-03 scenario (a watched
# removal-flight fleet and the Shenyang itinerary of March 2024) and runs
# every stage that exists on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --node
cmake --preset release >/dev/null
cmake --build build -j"$(nproc)" --target skywitness skywitness_web
./build/skywitness demo --out out/demo
echo
echo "The real recorded flight bundled for tests decodes the same way:"
echo "  ./build/skywitness decode --stats tests/data/readsb-406b90/beast_out_406b90.bin"
echo
echo "The dashboard over the demo's database (http://127.0.0.1:8080/, Ctrl-C stops it):"
echo "  ./build/skywitness serve --db out/demo/skywitness.db"
