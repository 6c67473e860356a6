#!/usr/bin/env bash
# The test suite: unit and command-line tests (release build), the same under
# AddressSanitizer/UBSan, and a short run of every fuzz target.
# FUZZ_SECONDS (default 4) sets the time per fuzz target; 0 skips fuzzing.
# Longer fuzzing is on demand: FUZZ_SECONDS=600 scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
scripts/install-deps.sh --web

echo "== release build and tests"
cmake --preset release >/dev/null
# What the tests need; the benchmarks build with `cmake --build build` (bench/).
cmake --build build -j"$jobs" --target skywitness skywitness_tests
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UBSan build and tests"
cmake --preset asan >/dev/null
cmake --build build-asan -j"$jobs" --target skywitness skywitness_tests
# The three whole-scenario ingest tests (truth, idempotence, runs killed at
# each commit) run in the release stage above only: under the sanitizers they
# take three minutes, which CI's 20 cannot spare. The smaller ingest tests and
# cli.ingest run here. The browser tests (web.*) look at pages, not memory:
# they run in the release stage only.
ctest --test-dir build-asan --output-on-failure -j"$jobs" \
  -E 'Ingest\.(SimulatedScenariosMatchTheTruth|SecondRunOfTheSameInputsChangesNothing|RunKilledAtAnyCommitIsCompletedByTheNextRun)|^web\.'


fuzz_seconds=${FUZZ_SECONDS:-4}
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "== fuzzing, ${fuzz_seconds}s per target"
  cmake --preset fuzz >/dev/null
  cmake --build build-fuzz -j"$jobs"
  for t in avr beast sbs hex csv decode scenario trace opensky chunk ingest nnumber aircraftdb profile watchlist encounters; do
    work=$(mktemp -d)
    cp fuzz/corpus/$t/* "$work/"
    ./build-fuzz/fuzz/fuzz_$t "$work" -max_total_time="$fuzz_seconds" -print_final_stats=1 2>&1 |
      grep -E "stat::number_of_executed_units|ERROR|SUMMARY" || true
    status=${PIPESTATUS[0]}
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then
      echo "fuzz_$t found a failure" >&2
      exit 1
    fi
  done
fi
echo "all tests passed"
