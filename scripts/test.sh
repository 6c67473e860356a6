#!/usr/bin/env bash
# The test suite (what CI runs), in stages:
#   format   clang-format-14 --dry-run --Werror over the C++ sources, and the
#            layering check (scripts/check_layers.py)
#   release  unit and command-line tests of the release build; the benchmarks
#            are compiled, not run
#   web      the browser tests of the pages skywitness writes (release build)
#   asan     the unit and command-line tests under AddressSanitizer + UBSan
#   fuzz     a fuzzer that fails on purpose must be reported as failing, then a
#            short run of every fuzz target in fuzz/targets.txt
# scripts/test.sh runs every stage; scripts/test.sh STAGE... runs those alone.
# FUZZ_SECONDS (default 4) sets the time per fuzz target; 0 skips fuzzing.
# Longer fuzzing is on demand: FUZZ_SECONDS=600 scripts/test.sh fuzz
# BUILD_PREFIX (default build) names the build folders: PREFIX (release) and
# PREFIX-asan (clang, ASan + UBSan, the tests and the fuzzers). JOBS (default:
# the number of processors) builds and tests in parallel.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}
prefix=${BUILD_PREFIX:-build}
fuzz_seconds=${FUZZ_SECONDS:-4}

# A sanitizer finding exits with a code of its own, never the 1 (processing
# error) or 2 (bad arguments) that a command-line test may expect: 86 for
# ASan, 87 for UBSan. tests/cli/lib.sh fails any run that ends so, and
# tests/CMakeLists.txt gives the command-line tests the same options when
# ctest runs them by itself.
sanitizer_env=(ASAN_OPTIONS=exitcode=86:halt_on_error=1:abort_on_error=0
               UBSAN_OPTIONS=halt_on_error=1:exitcode=87:print_stacktrace=1)

all_stages=(format release web asan fuzz)
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${all_stages[@]}")
for s in "${stages[@]}"; do
  case " ${all_stages[*]} " in
    *" $s "*) ;;
    *) echo "usage: scripts/test.sh [${all_stages[*]}]..." >&2; exit 2 ;;
  esac
done

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
case " ${stages[*]} " in
  *" web "*) scripts/install-deps.sh --web ;;
  *) scripts/install-deps.sh ;;
esac

stage_format() {
  # The layering: every #include against cmake/components.txt (and
  # docs/architecture.md's table against it).
  python3 scripts/check_layers.py
  if ! command -v clang-format-14 >/dev/null; then
    echo "installing: clang-format-14"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang-format-14 >/dev/null
  fi
  local files
  mapfile -t files < <(find src include apps tests fuzz bench -name node_modules -prune -o \
    -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' \) -print | sort)
  if ! clang-format-14 --dry-run --Werror "${files[@]}"; then
    echo "not formatted (above): run clang-format-14 -i on them" >&2
    return 1
  fi
  echo "${#files[@]} files formatted"
}

release_build() {
  cmake --preset release -B "$prefix" -DSKYWITNESS_BENCH=ON >/dev/null
}

stage_release() {
  release_build
  # The benchmarks are compiled so that they keep building; bench/*_run.sh
  # and the benchmark binaries are run on demand only.
  local bench
  mapfile -t bench < <(sed -n 's/^add_executable(\([A-Za-z0-9_]*\).*/\1/p' bench/CMakeLists.txt)
  [ ${#bench[@]} -gt 0 ] || { echo "no benchmarks found in bench/CMakeLists.txt" >&2; return 1; }
  cmake --build "$prefix" -j"$jobs" --target skywitness skywitness_tests "${bench[@]}"
  ctest --test-dir "$prefix" --output-on-failure --no-tests=error -j"$jobs" -E '^web\.'
}

stage_web() {
  release_build
  cmake --build "$prefix" -j"$jobs" --target skywitness skywitness_web
  ctest --test-dir "$prefix" --output-on-failure --no-tests=error -R '^web\.'
}

# tests/cli/lib.sh must fail a script in which the binary exited 86 or 87, even
# where the check expected that very code.
check_cli_lib_fails_sanitizer_exits() {
  local dir code
  dir=$(mktemp -d)
  for code in 86 87; do
    printf '#!/bin/sh\nexit %s\n' "$code" >"$dir/fake"
    chmod +x "$dir/fake"
    printf '%s\n' 'set -u' 'bin=$1' ". '$PWD/tests/cli/lib.sh'" '"$bin" decode missing.txt' \
      "check 'exits $code' test \$? -eq $code" 'exit $fail' >"$dir/t.sh"
    if bash "$dir/t.sh" "$dir/fake" >"$dir/out" 2>&1; then
      cat "$dir/out"
      echo "tests/cli/lib.sh passed a run that exited $code (a sanitizer report)" >&2
      rm -rf "$dir"
      return 1
    fi
  done
  rm -rf "$dir"
  echo "tests/cli/lib.sh fails a run that exits 86 or 87: ok"
}

stage_asan() {
  check_cli_lib_fails_sanitizer_exits
  cmake --preset asan -B "$prefix-asan" >/dev/null
  cmake --build "$prefix-asan" -j"$jobs" --target skywitness skywitness_tests
  # The three whole-scenario ingest tests (truth, idempotence, runs killed at
  # each commit) on the story's scenario (the suite IngestStory) run in the
  # release stage only: under the sanitizers they take three minutes. Here the
  # same checks run on a small scenario with background traffic (IngestSmall),
  # as do cli.ingest and the other ingest tests. The browser tests (web.*) look
  # at pages, not memory.
  env "${sanitizer_env[@]}" ctest --test-dir "$prefix-asan" --output-on-failure --no-tests=error \
    -j"$jobs" \
    -E '^IngestStory$|^web\.'
}

# run_fuzzer BINARY SEEDS SECONDS ARTIFACTS: fuzzes a copy of the seed folder
# for SECONDS; prints the number of runs, or the fuzzer's report when it
# failed (the input that failed is kept in ARTIFACTS). Returns the fuzzer's
# exit status: the only place where it is read.
run_fuzzer() {
  local bin=$1 seeds=$2 seconds=$3 artifacts=$4 name work status=0
  name=$(basename "$bin")
  work=$(mktemp -d)
  mkdir -p "$work/corpus" "$artifacts"
  cp -R "$seeds"/. "$work/corpus/"
  "$bin" "$work/corpus" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$work/log" 2>&1 || status=$?
  if [ "$status" -eq 0 ] && ! grep -q "stat::number_of_executed_units" "$work/log"; then
    echo "$name: exit 0 without its final statistics" >&2
    status=1
  fi
  if [ "$status" -eq 0 ]; then
    sed -n "s/^stat::number_of_executed_units: */$name: runs: /p" "$work/log"
  else
    # The report from its first line (the finding and its stack), or the end.
    if grep -Eq "ERROR: |runtime error: " "$work/log"; then
      awk '/ERROR: |runtime error: / { p = 1 } p' "$work/log" | head -n 150
    else
      tail -n 60 "$work/log"
    fi
    echo "$name failed (exit $status); the failing input is in $artifacts/" >&2
  fi
  rm -rf "$work"
  return "$status"
}

# fuzz_selftest fails on purpose (fuzz/fuzz_selftest.cpp): run_fuzzer must
# report each of its failures as one, with the finding that caused it. Without
# -fno-sanitize-recover=undefined the UBSan one would run on and pass.
check_run_fuzzer_fails_failing_fuzzers() {
  local fuzz=$1 dir mode finding status
  dir=$(mktemp -d)
  mkdir "$dir/seeds"
  printf 'x' >"$dir/seeds/seed"
  for mode in "trap:SUMMARY: libFuzzer: deadly signal" \
    "asan:SUMMARY: AddressSanitizer: heap-buffer-overflow" \
    "ubsan:SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior"; do
    finding=${mode#*:}
    mode=${mode%%:*}
    status=0
    SKYWITNESS_FUZZ_SELFTEST=$mode run_fuzzer "$fuzz/fuzz/fuzz_selftest" "$dir/seeds" 2 \
      "$dir/artifacts" >"$dir/log" 2>&1 || status=$?
    if [ "$status" -eq 0 ] || ! grep -q "$finding" "$dir/log"; then
      cat "$dir/log"
      echo "run_fuzzer reported fuzz_selftest ($mode: $finding) with exit $status" >&2
      rm -rf "$dir"
      return 1
    fi
    echo "fuzz_selftest $mode ($finding): reported as a failure, exit $status: ok"
  done
  rm -rf "$dir"
}

stage_fuzz() {
  if [ "$fuzz_seconds" -eq 0 ]; then
    echo "FUZZ_SECONDS=0: fuzzing skipped"
    return 0
  fi
  local fuzz=$prefix-asan targets failed=() t
  mapfile -t targets < <(sed -e 's/#.*//' fuzz/targets.txt | awk 'NF { print $1 }')
  [ ${#targets[@]} -gt 0 ] || { echo "no fuzz targets in fuzz/targets.txt" >&2; return 1; }
  # The sanitizer build (asan preset) holds the fuzzers too: one clang build,
  # its library compiled once for both stages.
  cmake --preset asan -B "$fuzz" >/dev/null
  cmake --build "$fuzz" -j"$jobs" --target fuzz_selftest "${targets[@]/#/fuzz_}"
  check_run_fuzzer_fails_failing_fuzzers "$fuzz"
  echo "fuzzing ${#targets[@]} targets, ${fuzz_seconds}s each"
  for t in "${targets[@]}"; do
    run_fuzzer "$fuzz/fuzz/fuzz_$t" "fuzz/corpus/$t" "$fuzz_seconds" "$fuzz/crashes/$t" ||
      failed+=("fuzz_$t")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz targets that failed: ${failed[*]}" >&2
    return 1
  fi
}

times=()
current=""
report() {
  local status=$?
  [ ${#times[@]} -eq 0 ] || printf '   %s\n' "${times[@]}"
  if [ "$status" -ne 0 ] && [ -n "$current" ]; then echo "== stage $current FAILED" >&2; fi
}
trap report EXIT
for current in "${stages[@]}"; do
  echo "== $current"
  start=$SECONDS
  "stage_$current"
  times+=("$current $((SECONDS - start)) s")
done
current=""
echo "all tests passed (${stages[*]})"
