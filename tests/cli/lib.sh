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
