#!/usr/bin/env bash
# Command-line behaviour of `skywitness replay`: usage errors exit 2 with a
# message, a missing file exits 1 naming it, bad lines are reported with
# their place, and a client on loopback reads the file's own bytes.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

"$bin" simulate --scenario "$data/sim/mini.json" --out "$tmp/mini" --formats avr,beast,sbs --quiet >/dev/null
beast=$tmp/mini/frames.beast
sbs=$tmp/mini/messages.sbs

# replay_port OUT: waits (up to 10 s) for the first line the server prints,
# "replay: serving FORMAT on HOST:PORT", and prints its port.
replay_port() {
  for _ in $(seq 100); do
    if grep -q '^replay: serving ' "$1" 2>/dev/null; then
      sed -n 's/^replay: serving [a-z]* on .*:\([0-9]*\)$/\1/p' "$1" | head -n 1
      return
    fi
    sleep 0.1
  done
}

# Usage errors: exit 2, with a message that names what is wrong.
"$bin" replay --format sbs --listen 127.0.0.1:0 "$beast" >/dev/null 2>"$tmp/err.txt"
check "frames as sbs exits 2" test $? -eq 2
check "frames as sbs: the message names the file" grep -qF "$beast" "$tmp/err.txt"
check "frames as sbs: says what to use" grep -q "replay them as beast or avr" "$tmp/err.txt"
"$bin" replay --format beast --listen 127.0.0.1:0 "$sbs" >/dev/null 2>"$tmp/err.txt"
check "SBS as beast exits 2" test $? -eq 2
check "SBS as beast: the message names the file" grep -qF "$sbs" "$tmp/err.txt"
"$bin" replay --format nope "$beast" >/dev/null 2>&1
check "unknown --format exits 2" test $? -eq 2
"$bin" replay "$beast" >/dev/null 2>&1
check "no --format exits 2" test $? -eq 2
"$bin" replay --format beast >/dev/null 2>&1
check "no file exits 2" test $? -eq 2
"$bin" replay --format beast --listen nowhere "$beast" >/dev/null 2>"$tmp/err.txt"
check "--listen without a port exits 2" test $? -eq 2
check "--listen: the message names it" grep -q -- "--listen 'nowhere'" "$tmp/err.txt"
"$bin" replay --format beast --speed -1 "$beast" >/dev/null 2>&1
check "a negative --speed exits 2" test $? -eq 2
"$bin" replay --format beast --now --wait-clients 2 "$beast" >/dev/null 2>&1
check "--now with --wait-clients exits 2" test $? -eq 2

# A file that cannot be opened: exit 1, naming it; played if another is there.
"$bin" replay --format beast --listen 127.0.0.1:0 "$tmp/missing.beast" >"$tmp/out.txt" 2>"$tmp/err.txt"
check "a missing file exits 1" test $? -eq 1
check "a missing file is named" grep -qF "$tmp/missing.beast" "$tmp/err.txt"
check "nothing served without a file" test ! -s "$tmp/out.txt"
printf '*8D406B902015A678D4D220AA4BDA;\n*8D406B90ZZ;\n*5D484FDEA248F5;\n' >"$tmp/bad.avr"
"$bin" replay --format avr --listen 127.0.0.1:0 --now --speed 0 "$tmp/missing.avr" "$tmp/bad.avr" \
  >"$tmp/out.txt" 2>"$tmp/err.txt"
check "a missing file beside one that plays exits 0" test $? -eq 0
check "the missing one is still named" grep -qF "$tmp/missing.avr" "$tmp/err.txt"
check "a bad line is reported with file and line" grep -qF "$tmp/bad.avr:2: bad_hex" "$tmp/err.txt"
check "the summary counts the good frames" grep -q "2 of 2 frames sent, 0 clients served, 0 dropped" "$tmp/err.txt"

# End to end on loopback: a client reads the file's own bytes (the
# simulator's Beast is what replay writes), then the server ends by itself.
"$bin" replay --format beast --listen 127.0.0.1:0 --speed 0 "$beast" >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
port=$(replay_port "$tmp/out.txt")
check "prints the port it serves on" test -n "$port"
if [ -n "$port" ]; then
  cat </dev/tcp/127.0.0.1/"$port" >"$tmp/got.beast"
fi
wait $pid
check "replay exits 0 at the end" test $? -eq 0
check "the client read the file's bytes" cmp -s "$beast" "$tmp/got.beast"
check "the summary says one client" grep -q "1 client served, 0 dropped" "$tmp/err.txt"

# SIGTERM stops a server waiting for its first client, cleanly. The program
# itself, not lib.sh's wrapper (a shell, which the signal would end instead);
# a sanitizer's exit code still fails the exit-0 check.
"$real_bin" replay --format sbs --listen 127.0.0.1:0 "$sbs" >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
port=$(replay_port "$tmp/out.txt")
check "sbs: prints the port" test -n "$port"
kill -TERM $pid
wait $pid
check "SIGTERM exits 0" test $? -eq 0
check "SIGTERM: the summary says it stopped" grep -q "stopped: 0 of" "$tmp/err.txt"
exit $fail
