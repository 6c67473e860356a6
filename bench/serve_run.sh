#!/usr/bin/env bash
# The dashboard under load: `skywitness serve` against wrk (Debian's) with
# 200 concurrent connections on the main API calls and pages, on the demo's
# database and on a database of global-day with FLIGHTS flights (every
# aircraft counted, so every leg has a role).
#   bench/serve_run.sh [BUILD_DIR] [FLIGHTS] [SECONDS]   (default: build 20000 10)
# CONNECTIONS (default 200) sets wrk's connections, THREADS the server's
# (default: serve's), FLIGHTS 0 runs on the demo's database only.
# Prints, per call, requests per second, the p50 and p99 latency, and the
# server's start time and peak memory. Server and wrk share the machine's
# cores: on 2 cores the figures are a floor.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
flights=${2:-20000}
seconds=${3:-10}
connections=${CONNECTIONS:-200}
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
bin="$(pwd)/$build/skywitness"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
dir=${BENCH_DIR:-$(mktemp -d)}
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -z "${BENCH_DIR:-}" ] && rm -rf "$dir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# serve DB [OPTIONS...]: starts the server, waits for its first line.
start() {
  local db=$1
  shift
  port=$(free_port)
  local t0
  t0=$(date +%s.%N)
  "$bin" serve --db "$db" --listen "127.0.0.1:$port" --quiet "${threads[@]}" "$@" >"$dir/serve.out" 2>"$dir/serve.err" &
  server=$!
  for _ in $(seq 1 600); do
    grep -q "http://" "$dir/serve.out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$dir/serve.err" >&2; exit 1; }
    sleep 0.1
  done
  printf '   serve ready in %s s: %s\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')" \
    "$(head -1 "$dir/serve.out")"
}

stop() {
  local hwm
  hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status")
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
  echo "   server's peak memory: $hwm MB"
}

# load LABEL PATH [LUA]: 200 connections for $seconds s.
load() {
  local label=$1 path=$2 script=${3:-}
  local args=(-t2 -c"$connections" -d"${seconds}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  curl -sf -o /dev/null "http://127.0.0.1:$port$path" || { echo "   $label: $path fails" >&2; return 1; }
  wrk "${args[@]}" "http://127.0.0.1:$port$path" >"$dir/wrk.out" 2>&1
  awk -v label="$label" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    /Socket errors/ { errs = $0 }
    END { printf "   %-34s %9.0f req/s  p50 %8s  p99 %8s%s%s\n", label, rps, p50, p99,
          bad ? "  non-2xx " bad : "", errs ? "  " errs : "" }' "$dir/wrk.out"
}

# Random legs: a path a request, from the database's leg ids (not cached
# until asked once).
leg_script() {
  local db=$1
  sqlite3 "$db" "select id from legs order by random() limit 2000" >"$dir/ids.txt"
  cat >"$dir/legs.lua" <<EOF
local ids = {}
for line in io.lines("$dir/ids.txt") do ids[#ids + 1] = line end
request = function()
  return wrk.format("GET", "/api/legs/" .. ids[math.random(#ids)])
end
EOF
  echo "$dir/legs.lua"
}

run_on() {
  local db=$1
  shift
  start "$db" "$@"
  local month cc leg hex itin
  month=$(curl -s "http://127.0.0.1:$port/api/overview" | python3 -c 'import json,sys; print(json.load(sys.stdin)["latest_month"])')
  cc=$(curl -s "http://127.0.0.1:$port/api/overview" | python3 -c 'import json,sys; c=json.load(sys.stdin)["countries"]; print(c[0]["country"] if c else "CN")')
  leg=$(sqlite3 "$db" "select id from legs order by takeoff_time desc limit 1")
  hex=$(sqlite3 "$db" "select printf('%06x', icao) from legs order by takeoff_time desc limit 1")
  itin=$(curl -s "http://127.0.0.1:$port/api/itineraries?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["itineraries"][0]["id"])')
  echo "   month $month, country $cc, leg $leg, aircraft $hex"
  load "page /" "/"
  load "page /static/app.js" "/static/app.js"
  load "/api/overview" "/api/overview"
  load "/api/months/$month/report" "/api/months/$month/report"
  load "/api/countries/$cc/timeline" "/api/countries/$cc/timeline"
  load "/api/legs?country=$cc&limit=100" "/api/legs?country=$cc&limit=100"
  load "/api/legs/ID (2,000 at random)" "/api/legs/$leg" "$(leg_script "$db")"
  load "/api/aircraft/$hex" "/api/aircraft/$hex"
  load "/api/itineraries/ID" "/api/itineraries/$itin"
  load "/api/search?q=GXA" "/api/search?q=GXA"
  stop
}

echo "== the demo's database ($connections connections)"
if [ ! -f out/demo/skywitness.db ]; then
  "$bin" demo --out "$dir/demo" --quiet >/dev/null
  demo_db="$dir/demo/skywitness.db"
else
  demo_db=out/demo/skywitness.db
fi
run_on "$demo_db"

[ "$flights" -gt 0 ] || exit 0
echo "== global-day, $flights flights, every aircraft counted"
"$bin" simulate --scenario global-day --background "$flights" --formats trace --out "$dir/sim" --quiet >/dev/null
"$bin" ingest --db "$dir/big.sqlite" "$dir/sim/traces" 2>/dev/null
"$bin" update --db "$dir/big.sqlite" --quiet >/dev/null 2>&1 || true
echo "   $(sqlite3 "$dir/big.sqlite" "select count(*) || ' legs of ' || count(distinct icao) || ' aircraft' from legs")"
run_on "$dir/big.sqlite" --all-aircraft
