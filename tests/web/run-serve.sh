#!/usr/bin/env bash
# Browser tests of the dashboard: `skywitness serve` on two fresh databases
# (the demo's, and one whose Shenyang landing falls in a coverage hole), each
# on a free loopback port, then serve.test.mjs in Debian's chromium (which
# writes alerts into the hole's database with sqlite3, as `live` would).
# Usage: run-serve.sh BIN WEBDIR   (WEBDIR: what `node web/build.mjs --out` wrote)
# Needs chromium and `npm ci` here (scripts/install-deps.sh --web does both).
# SKYWITNESS_SCREENSHOTS=DIR saves screenshots there.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
web=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" demo --out "$tmp/demo" --quiet >/dev/null
"$bin" demo --out "$tmp/hole" --scenario seed-2024-03-hole --quiet >/dev/null

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# serve DB: starts the server in the background and prints its base URL once it answers.
serve() {
  local db=$1 port
  port=$(free_port)
  "$bin" serve --db "$db" --listen "127.0.0.1:$port" --web "$web" >"$tmp/serve-$port.log" 2>&1 &
  pids+=($!)
  if ! node -e '
    const url = process.argv[1];
    (async () => {
      for (let i = 0; i < 150; i++) {
        try { if ((await fetch(url)).ok) process.exit(0); } catch {}
        await new Promise((r) => setTimeout(r, 200));
      }
      process.exit(1);
    })();' "http://127.0.0.1:$port/api/overview"; then
    echo "skywitness serve did not answer on 127.0.0.1:$port:" >&2
    cat "$tmp/serve-$port.log" >&2
    return 1
  fi
  base="http://127.0.0.1:$port"
}
serve "$tmp/demo/skywitness.db"; demo=$base
serve "$tmp/hole/skywitness.db"; hole=$base

cd "$here"
SKYWITNESS_SERVE="$demo" SKYWITNESS_SERVE_HOLE="$hole" SKYWITNESS_SERVE_HOLE_DB="$tmp/hole/skywitness.db" \
  node --test --test-reporter=spec serve.test.mjs
