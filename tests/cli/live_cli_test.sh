#!/usr/bin/env bash
# `skywitness live` against `skywitness replay` over loopback, as the README
# runs it: the alerts of the live scenario (tests/data/sim/live.json), then a
# kill -9 half-way and a restart on the same database and alerts file:
# every alert once. And the usage errors.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"
epoch=2024-03-01T00:00:00Z

"$bin" live --db "$tmp/x.db" 2>"$tmp/none.err"
check "no feed: exit 2" test $? -eq 2
check "no feed: says what to give" grep -q -- "--connect or --poll" "$tmp/none.err"
"$bin" live --db "$tmp/x.db" --connect 127.0.0.1:30005 2>"$tmp/fmt.err"
check "feed without format: exit 2" test $? -eq 2
check "feed without format: says the form" grep -q "HOST:PORT/FORMAT" "$tmp/fmt.err"
"$bin" live --db "$tmp/x.db" --connect 127.0.0.1:30005/beast --clock receiver 2>"$tmp/clk.err"
check "receiver clock without epoch: exit 2" test $? -eq 2
check "receiver clock without epoch: names --clock-epoch" grep -q -- "--clock-epoch" "$tmp/clk.err"
"$bin" live --db "$tmp/x.db" --poll ftp://example.org/ 2>"$tmp/poll.err"
check "poll ftp: exit 2" test $? -eq 2
check "nothing made for bad arguments" test ! -e "$tmp/x.db"

"$bin" simulate --scenario "$data/sim/live.json" --formats beast --out "$tmp/sim" --quiet >/dev/null 2>&1
printf 'address a8f0f1  # the watched A320\n' >"$tmp/watch.txt"

# replay SPEED: starts a replay of the scenario on a free port; sets $port, $replay.
replay() {
  "$bin" replay --listen 127.0.0.1:0 --format beast --speed "$1" "$tmp/sim/frames.beast" \
    >"$tmp/replay.out" 2>"$tmp/replay.err" &
  replay=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/replay.out" | head -1)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "replay did not start: $(cat "$tmp/replay.err")"
  return 1
}
types_of() { python3 -c "import json,sys; print(' '.join(json.loads(l)['type'] for l in open(sys.argv[1]) if l.strip()))" "$1"; }

# One session at full speed, to the end.
replay 0
"$bin" live --db "$tmp/one.db" --connect "127.0.0.1:$port/beast" --watchlist "$tmp/watch.txt" \
  --clock receiver --clock-epoch "$epoch" --once --alerts - >"$tmp/one.jsonl" 2>"$tmp/one.err"
check "live: exit 0" test $? -eq 0
wait "$replay"
check "replay: exit 0" test $? -eq 0
check "live: the watched trip's alerts, in order" test "$(types_of "$tmp/one.jsonl")" = \
  "takeoff landing_inferred landing_abroad landing_confirmed takeoff landing"
check "live: the inferred landing is at Guadalajara, inferred" \
  grep -q '"type":"landing_inferred".*"airport":"MMGL","country":"MX".*"how":"inferred"' "$tmp/one.jsonl"
check "live: its legs are in the store" test "$("$bin" flights --db "$tmp/one.db" --format csv | tail -n +2 | wc -l)" -eq 6
check "live: status covers the replay's day only" grep -q "^data: 2024-03-01 to 2024-03-01" <("$bin" status --db "$tmp/one.db" 2>&1)

# kill -9 once the second takeoff is alerted (before the last landing), and
# a restart against the same replay, which went on meanwhile.
replay 1500
# The binary itself, not lib.sh's wrapper: kill -9 must reach it.
"$real_bin" live --db "$tmp/k.db" --connect "127.0.0.1:$port/beast" --watchlist "$tmp/watch.txt" \
  --clock receiver --clock-epoch "$epoch" --alerts "$tmp/k.jsonl" --commit-every 5 -q &
live=$!
for _ in $(seq 300); do
  [ "$(grep -c '"type":"takeoff"' "$tmp/k.jsonl" 2>/dev/null)" = 2 ] && break
  sleep 0.05
done
kill -9 "$live"
wait "$live" 2>/dev/null
before=$(types_of "$tmp/k.jsonl")
check "killed after the second takeoff ($before)" test "$(echo "$before" | wc -w)" -eq 5
"$bin" live --db "$tmp/k.db" --connect "127.0.0.1:$port/beast" --watchlist "$tmp/watch.txt" \
  --clock receiver --clock-epoch "$epoch" --alerts "$tmp/k.jsonl" --once -q
check "restarted: exit 0" test $? -eq 0
wait "$replay"
check "restarted: every alert once" test "$(types_of "$tmp/k.jsonl")" = \
  "takeoff landing_inferred landing_abroad landing_confirmed takeoff landing"
exit $fail
