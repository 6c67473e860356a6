# Shared by the command-line test scripts: a scratch folder removed on exit,
# and check NAME COMMAND..., which prints ok/FAIL and remembers a failure.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
  local name=$1
  shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
