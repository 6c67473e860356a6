# Shared by the command-line test scripts, sourced after bin=$1: a scratch
# folder removed on exit, and check NAME COMMAND..., which prints ok/FAIL and
# remembers a failure.
#
# "$bin" is replaced by a wrapper that runs it with ASan's exit code set to 86
# and UBSan's to 87 (added to any ASAN_OPTIONS/UBSAN_OPTIONS given; a build
# without the sanitizers ignores them), and notes every run that ends so: such
# a run fails the script whatever exit code a check expected of it, so that a
# sanitizer report cannot pass for the 1 of an expected processing error.
tmp=$(mktemp -d)
fail=0
sanitizer_log=$tmp/.sanitizer-exits
cli_finish() {
  local code=$?
  if [ -s "$sanitizer_log" ]; then
    while IFS= read -r line; do echo "FAIL sanitizer report: $line"; done <"$sanitizer_log"
    code=1
  fi
  rm -rf "$tmp"
  exit $code
}
trap cli_finish EXIT
check() {
  local name=$1
  shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
if [ -n "${bin:-}" ]; then
  real_bin=$bin
  bin=$tmp/.skywitness
  cat >"$bin" <<WRAPPER
#!/bin/sh
ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}exitcode=86" \\
UBSAN_OPTIONS="\${UBSAN_OPTIONS:+\$UBSAN_OPTIONS:}halt_on_error=1:exitcode=87" \\
  "$real_bin" "\$@"
status=\$?
case \$status in
  86 | 87) echo "exit \$status: skywitness \$*" >>"$sanitizer_log" ;;
esac
exit \$status
WRAPPER
  chmod +x "$bin"
fi

# flights_csv ARGS...: `skywitness flights --format csv ARGS...` without the
# leg_id column, for comparing the legs of two databases: a leg's id is its
# row in the database it was written to, and legs rebuilt get new ones.
flights_csv() {
  "$bin" flights --format csv "$@" | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
keep = [i for i, h in enumerate(rows[0] if rows else []) if h != "leg_id"]
out = csv.writer(sys.stdout, lineterminator="\n")
for row in rows:
    out.writerow([row[i] for i in keep])'
}

# truth_count FILE EXPR: a count out of a simulator's truth.json, computed by
# Python from the file itself (not by skywitness), so that a test compares
# what the code found with what the scenario holds rather than with a number
# copied from an earlier run. EXPR sees the parsed file as t, e.g.
#   truth_count truth.json 'len(t["legs"])'
truth_count() {
  python3 -c 'import json, sys; t = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# readme_figures REGEX: the numbers a sentence of the README states, for a
# test that checks the README against what the code does (so that a figure
# edited by hand, or left behind by a change, fails the suite). The README is
# read with its line breaks as spaces and the thousands separators dropped;
# REGEX is a Python regular expression whose groups are printed, one per
# line. Nothing printed, and a failed check, when the sentence is gone.
readme=${readme:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/README.md}
readme_figures() {
  python3 - "$readme" "$1" <<'PY'
import re, sys
text = re.sub(r"\s+", " ", open(sys.argv[1], encoding="utf-8").read())
text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
m = re.search(sys.argv[2], text)
if m:
    print("\n".join(m.groups()))
PY
}
