#!/usr/bin/env bash
# Issue 17, error paths on the command line: a damaged chunk in the database,
# --db files that are no skywitness database, read-only databases and
# folders, a full disk, unwritable --out folders, missing inputs, damaged
# zstd input, a damaged member of a split tar, and decode --fix and
# --max-range. Every fault is one clear line that names its file (and
# location), with exit 1, and leaves the database consistent. The store's
# side, in C++: tests/error_paths_test.cpp.
#
# Needs sqlite3, tar, split and od; zstd (Debian package zstd) for the zstd
# cases, setpriv (util-linux) for the read-only ones when run as root, and
# root for the tmpfs one; each says "skip" with the reason when it cannot run.
set -u
bin=$1
data=$2
. "$(dirname "$0")/lib.sh"

skip() { echo "skip $*"; }
one_line() { test "$(wc -l <"$1")" -eq 1; }
integrity_ok() { test "$(sqlite3 -readonly "$1" 'PRAGMA integrity_check')" = ok; }
# FILE OFFSET: one bit of one byte flipped in place.
flip_byte() {
  local v
  v=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  # shellcheck disable=SC2059
  printf "$(printf '\\%03o' $((v ^ 16)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# FILE OFFSET TEXT: bytes overwritten in place.
overwrite() { printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }

"$bin" simulate --scenario "$data/sim/mini.json" --formats trace,avr --quiet --out "$tmp/s" >/dev/null 2>&1
trace=$tmp/s/traces/2024/03/01/traces/ff/trace_full_a8f0ff.json
check "simulated mini: trace and frames" test -s "$trace" -a -s "$tmp/s/frames.avr"
"$bin" ingest -q --db "$tmp/good.db" "$trace" 2>/dev/null
check "good database: exit 0" test $? -eq 0
"$bin" flights --db "$tmp/good.db" --format csv >"$tmp/good.csv"
check "good database: the mini leg" grep -q "^a8f0ff,N899SK,GXA1411,KSAT," "$tmp/good.csv"

# --- a damaged chunk: readers of legs are not affected; the ingest that
# rebuilds the aircraft names the chunk, the aircraft and the input, keeps
# the legs, and touching the input repairs it.
cp "$tmp/good.db" "$tmp/chunk.db"
sqlite3 "$tmp/chunk.db" "SELECT writefile('$tmp/chunk.bin', data) FROM chunks WHERE id = 1" >/dev/null
flip_byte "$tmp/chunk.bin" $(($(stat -c %s "$tmp/chunk.bin") / 2))
sqlite3 "$tmp/chunk.db" "UPDATE chunks SET data = readfile('$tmp/chunk.bin') WHERE id = 1"
check "damaged chunk: the blob differs" test "$(sqlite3 "$tmp/chunk.db" 'SELECT hex(data) FROM chunks')" != "$(sqlite3 "$tmp/good.db" 'SELECT hex(data) FROM chunks')"
"$bin" flights --db "$tmp/chunk.db" --format csv >"$tmp/chunk.csv" 2>"$tmp/chunk-flights.err"
check "damaged chunk: flights exit 0" test $? -eq 0
check "damaged chunk: flights lists the same legs" cmp -s "$tmp/chunk.csv" "$tmp/good.csv"
"$bin" report --db "$tmp/chunk.db" --month 2024-03 --out "$tmp/chunk-report" --quiet >/dev/null 2>&1
check "damaged chunk: report exit 0" test $? -eq 0
mkdir "$tmp/copy" && cp "$trace" "$tmp/copy/"
"$bin" ingest -q --db "$tmp/chunk.db" "$tmp/copy/trace_full_a8f0ff.json" 2>"$tmp/chunk.err"
check "damaged chunk: re-ingest exit 1" test $? -eq 1
check "damaged chunk: names the database, chunk, aircraft and input" grep -qxF "skywitness ingest: stopped: $(realpath "$tmp/chunk.db"): chunk 1 of aircraft a8f0ff is damaged (positions from $trace); touch that input and ingest it again to replace them" "$tmp/chunk.err"
check "damaged chunk: consistent" integrity_ok "$tmp/chunk.db"
check "damaged chunk: run recorded as failed" test "$(sqlite3 "$tmp/chunk.db" 'SELECT status FROM runs ORDER BY id DESC LIMIT 1')" = failed
"$bin" flights --db "$tmp/chunk.db" --format csv >"$tmp/chunk2.csv"
check "damaged chunk: legs kept" cmp -s "$tmp/chunk2.csv" "$tmp/good.csv"
touch "$trace"
"$bin" ingest -q --db "$tmp/chunk.db" "$trace" "$tmp/copy/trace_full_a8f0ff.json" 2>"$tmp/chunk3.err"
check "damaged chunk: the touched input repairs it (exit 0)" test $? -eq 0
"$bin" flights --db "$tmp/chunk.db" --format csv >"$tmp/chunk3.csv"
check "damaged chunk: repaired legs" cmp -s "$tmp/chunk3.csv" "$tmp/good.csv"

# --- --db files that are no skywitness database: one line, exit 1, the file
# byte for byte as it was, nothing written beside it.
refused() {  # NAME DB LINE COMMAND...
  local name=$1 db=$2 line=$3 rc
  shift 3
  cp "$db" "$tmp/refused.orig"
  "$@" >"$tmp/refused.out" 2>"$tmp/refused.err"
  rc=$?
  check "$name: exit 1" test $rc -eq 1
  check "$name: one line" one_line "$tmp/refused.err"
  check "$name: says so" grep -qxF -- "$line" "$tmp/refused.err"
  check "$name: file unchanged" cmp -s "$db" "$tmp/refused.orig"
  check "$name: no -wal or -shm" test ! -e "$db-wal" -a ! -e "$db-shm"
}
head -c 8192 /dev/urandom >"$tmp/random.db"
random_line="$(realpath "$tmp/random.db"): file is not a database"
refused "random bytes: ingest" "$tmp/random.db" "skywitness ingest: $random_line" \
  "$bin" ingest -q --db "$tmp/random.db" "$trace"
refused "random bytes: flights" "$tmp/random.db" "skywitness flights: $random_line" \
  "$bin" flights --db "$tmp/random.db"
refused "random bytes: report" "$tmp/random.db" "skywitness report: $random_line" \
  "$bin" report --db "$tmp/random.db" --month 2024-03 --out "$tmp/r-random" --quiet
sqlite3 "$tmp/notes.db" "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('keep me')"
notes_line="$tmp/notes.db: not a skywitness database (it holds another program's tables: notes); give --db a new file or one that skywitness ingest wrote"
refused "another program's database: ingest" "$tmp/notes.db" "skywitness ingest: $notes_line" \
  "$bin" ingest -q --db "$tmp/notes.db" "$trace"
refused "another program's database: flights" "$tmp/notes.db" "skywitness flights: $notes_line" \
  "$bin" flights --db "$tmp/notes.db"
refused "another program's database: report" "$tmp/notes.db" "skywitness report: $notes_line" \
  "$bin" report --db "$tmp/notes.db" --month 2024-03 --out "$tmp/r-notes" --quiet
refused "another program's database: timeline" "$tmp/notes.db" "skywitness timeline: $notes_line" \
  "$bin" timeline --db "$tmp/notes.db" --country CN --quiet
check "another program's database: its table untouched" test "$(sqlite3 "$tmp/notes.db" 'SELECT body FROM notes')" = "keep me"

# --- commands that only read open the database read-only: every one leaves
# it byte for byte as it was (after the writer closed it, nothing is left in
# a -wal for them to fold in).
sqlite3 "$tmp/good.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$tmp/good.db" "$tmp/read.db"
cp "$tmp/read.db" "$tmp/read.orig"
# Each must have read it (exit 0): one that failed at once would leave it
# unchanged too.
leg_id=$(sqlite3 -readonly "$tmp/read.db" "SELECT min(id) FROM legs")
printf 'callsign GXA\n' >"$tmp/read-watch.txt"
for cmd in "flights" "itineraries --quiet" "report --month 2024-03 --out $tmp/r-read --quiet" \
  "timeline --country US --quiet" "discover --watchlist $tmp/read-watch.txt --quiet" "status" "evidence $leg_id"; do
  # shellcheck disable=SC2086
  "$bin" ${cmd%% *} --db "$tmp/read.db" $([ "$cmd" = "${cmd%% *}" ] || echo "${cmd#* }") >/dev/null 2>&1
  check "read commands: ${cmd%% *} read it (exit 0)" test $? -eq 0
done
"$bin" aircraft show --db "$tmp/read.db" a8f0ff >/dev/null 2>&1
check "read commands: aircraft show read it (exit 0)" test $? -eq 0
check "read commands: the database byte for byte as it was" cmp -s "$tmp/read.db" "$tmp/read.orig"
check "read commands: nothing in a -wal" test ! -s "$tmp/read.db-wal"
check "a skywitness database says so (application_id SKYW)" test "$(sqlite3 "$tmp/read.db" 'PRAGMA application_id')" = 1397446999

# --- an older schema: read commands refuse it and say what to run; update
# brings it up to date and stores the itineraries, and they read it again.
cp "$tmp/good.db" "$tmp/old.db"
sqlite3 "$tmp/old.db" "DROP VIEW legs_view; ALTER TABLE legs DROP COLUMN takeoff_seen; ALTER TABLE legs DROP COLUMN takeoff_from; ALTER TABLE legs DROP COLUMN takeoff_to; ALTER TABLE legs DROP COLUMN landing_seen; ALTER TABLE legs DROP COLUMN landing_from; ALTER TABLE legs DROP COLUMN landing_to; ALTER TABLE runs DROP COLUMN fragments; DROP TABLE coverage; DROP TABLE leg_roles; DROP TABLE itineraries; DROP TABLE itinerary_sets; DROP TABLE alert_deliveries; DROP TABLE alert_sinks; DROP TABLE alerts; PRAGMA user_version=3; PRAGMA application_id=0"
cp "$tmp/old.db" "$tmp/old.orig"
"$bin" flights --db "$tmp/old.db" >/dev/null 2>"$tmp/old.err"
check "older schema: flights exit 1" test $? -eq 1
check "older schema: one line with the command to run" grep -qxF "skywitness flights: $tmp/old.db: database schema version 3 is older than this skywitness's (8), and this command only reads; run \`skywitness update --db $tmp/old.db\` first" "$tmp/old.err"
check "older schema: flights left it as it was" cmp -s "$tmp/old.db" "$tmp/old.orig"
"$bin" update --db "$tmp/old.db" 2>"$tmp/update.err"
check "update: exit 0" test $? -eq 0
check "update: schema 8" grep -qxF "$tmp/old.db: schema brought up to version 8" "$tmp/update.err"
check "update: itineraries stored" grep -qE "^$tmp/old.db: itineraries of profile us-removal stored for [1-9][0-9]* aircraft \(0 of [1-9][0-9]* already were\)$" "$tmp/update.err"
"$bin" update --db "$tmp/old.db" 2>"$tmp/update2.err"
check "update again: nothing to do" grep -qE "stored for 0 aircraft \(([0-9]+) of \1 already were\)$" "$tmp/update2.err"
"$bin" flights --db "$tmp/old.db" --format csv >"$tmp/old.csv"
check "update: the same legs" cmp -s "$tmp/old.csv" "$tmp/good.csv"
"$bin" itineraries --db "$tmp/old.db" >/dev/null 2>"$tmp/old-it.err"
check "update: itineraries read from the database, none built" test ! -s "$tmp/old-it.err"

# --- a damaged database (a table dropped): one line, exit 1, never an abort.
cp "$tmp/good.db" "$tmp/nolegs.db"
sqlite3 "$tmp/nolegs.db" "DROP TABLE legs"
for cmd in "flights" "report --month 2024-03 --out $tmp/r-nolegs --quiet" "timeline --country US --quiet" "itineraries --quiet"; do
  name=${cmd%% *}
  # shellcheck disable=SC2086
  "$bin" $cmd --db "$tmp/nolegs.db" >/dev/null 2>"$tmp/nolegs.err"
  check "legs table dropped: $name exit 1" test $? -eq 1
  check "legs table dropped: $name says it in one line" one_line "$tmp/nolegs.err"
  check "legs table dropped: $name names the database and the table" grep -q "nolegs.db: no such table: legs" "$tmp/nolegs.err"
done

# --- read-only database file and folder. Root ignores file modes (CI runs
# as root), so there these run as nobody, with a copy of the binary and of
# the bundled data that nobody can read.
user_bin=
if [ "$(id -u)" != 0 ]; then
  as_user() { "$@"; }
  user_bin=$bin
elif command -v setpriv >/dev/null 2>&1; then
  chmod 755 "$tmp"
  mkdir "$tmp/kit"
  cp "$real_bin" "$tmp/kit/skywitness"
  cp -r "$data/../../data" "$tmp/kit/data"
  chmod -R a+rX "$tmp/kit" "$tmp/s" "$tmp/copy"
  as_user() { SKYWITNESS_DATA=$tmp/kit/data setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
  user_bin=$tmp/kit/skywitness
else
  skip "read-only database and --out: running as root without setpriv (util-linux) to drop to nobody"
fi
if [ -n "$user_bin" ]; then
  mkdir -m 777 "$tmp/ro-file"
  cp "$tmp/good.db" "$tmp/ro-file/db.sqlite"
  chmod 0444 "$tmp/ro-file/db.sqlite"
  as_user "$user_bin" ingest -q --db "$tmp/ro-file/db.sqlite" "$tmp/copy/trace_full_a8f0ff.json" 2>"$tmp/ro-file.err"
  check "read-only file: ingest exit 1" test $? -eq 1
  check "read-only file: one line naming the database" grep -qxF "skywitness ingest: $(realpath "$tmp/ro-file/db.sqlite"): attempt to write a readonly database (the file is read-only)" "$tmp/ro-file.err"
  check "read-only file: unchanged" cmp -s "$tmp/ro-file/db.sqlite" "$tmp/good.db"
  check "read-only file: consistent" integrity_ok "$tmp/ro-file/db.sqlite"
  as_user "$user_bin" flights --db "$tmp/ro-file/db.sqlite" --format csv >"$tmp/ro-file.csv" 2>/dev/null
  check "read-only file: flights still reads it" cmp -s "$tmp/ro-file.csv" "$tmp/good.csv"

  mkdir "$tmp/ro-dir"
  cp "$tmp/good.db" "$tmp/ro-dir/db.sqlite"
  [ "$(id -u)" = 0 ] && chown -R 65534 "$tmp/ro-dir"
  chmod 0555 "$tmp/ro-dir"
  ro_dir_why="(its folder $(realpath "$tmp/ro-dir") is read-only, and SQLite writes its -wal and -shm files there)"
  as_user "$user_bin" ingest -q --db "$tmp/ro-dir/db.sqlite" "$tmp/copy/trace_full_a8f0ff.json" 2>"$tmp/ro-dir.err"
  check "read-only folder: ingest exit 1" test $? -eq 1
  check "read-only folder: says the folder is read-only" grep -qxF "skywitness ingest: $(realpath "$tmp/ro-dir/db.sqlite"): attempt to write a readonly database $ro_dir_why" "$tmp/ro-dir.err"
  check "read-only folder: unchanged" cmp -s "$tmp/ro-dir/db.sqlite" "$tmp/good.db"
  as_user "$user_bin" flights --db "$tmp/ro-dir/db.sqlite" --format csv >"$tmp/ro-dir.csv" 2>"$tmp/ro-dir-read.err"
  check "read-only folder: flights reads it (opened immutable)" cmp -s "$tmp/ro-dir.csv" "$tmp/good.csv"
  as_user "$user_bin" timeline --db "$tmp/ro-dir/db.sqlite" --country US --quiet >"$tmp/ro-dir.txt" 2>>"$tmp/ro-dir-read.err"
  check "read-only folder: timeline reads it" test $? -eq 0 -a -s "$tmp/ro-dir.txt"
  as_user "$user_bin" ingest -q --db "$tmp/ro-dir/new.db" "$tmp/copy/trace_full_a8f0ff.json" 2>"$tmp/ro-new.err"
  check "read-only folder, new database: exit 1" test $? -eq 1
  check "read-only folder, new database: says so" grep -qxF "skywitness ingest: $tmp/ro-dir/new.db: cannot open database: unable to open database file $ro_dir_why" "$tmp/ro-new.err"
  chmod 0755 "$tmp/ro-dir"
  check "read-only folder: consistent" integrity_ok "$tmp/ro-dir/db.sqlite"

  # --out folders nobody may write into
  mkdir -m 555 "$tmp/ro-out"
  as_user "$user_bin" report --db "$tmp/ro-file/db.sqlite" --month 2024-03 --out "$tmp/ro-out/r" --quiet >"$tmp/ro-report.out" 2>"$tmp/ro-report.err"
  check "read-only --out: report exit 1" test $? -eq 1
  check "read-only --out: report names the folder" grep -qF "skywitness report: $tmp/ro-out/r" "$tmp/ro-report.err"
  as_user "$user_bin" timeline --db "$tmp/ro-file/db.sqlite" --country US --out "$tmp/ro-out/t.txt" --quiet 2>"$tmp/ro-timeline.err"
  check "read-only --out: timeline exit 1" test $? -eq 1
  check "read-only --out: timeline names the file" grep -qxF "skywitness timeline: $tmp/ro-out/t.txt: cannot write: Permission denied" "$tmp/ro-timeline.err"
  as_user "$user_bin" simulate --scenario "$data/sim/mini.json" --formats trace --quiet --out "$tmp/ro-out/s" >/dev/null 2>"$tmp/ro-sim.err"
  check "read-only --out: simulate exit 1" test $? -eq 1
  check "read-only --out: simulate names the folder" grep -qF "skywitness simulate: cannot create $tmp/ro-out/s: " "$tmp/ro-sim.err"
  check "read-only --out: nothing written" test -z "$(ls -A "$tmp/ro-out")"
fi

# --- a full disk: writes past a file size limit fail with EFBIG (SIGXFSZ
# ignored), and a tiny tmpfs fills up where one can be mounted. Ingest stops
# with the database error, exit 1; the database keeps what it had.
awk 'BEGIN { srand(17); for (i = 0; i < 60000; i++)
  printf "{\"icao\":\"%06x\",\"t\":%.3f,\"lat\":%.6f,\"lon\":%.6f,\"alt_baro\":%d,\"on_ground\":false,\"gs\":%d,\"track\":%d}\n",
    10485761 + int(i / 2000), 1709254800 + i * 0.5 + rand(), 30 + rand() * 5, -97 + rand() * 5,
    10000 + int(rand() * 20000), 300 + int(rand() * 100), int(rand() * 360) }' >"$tmp/big.jsonl"
full_disk_checks() {  # NAME DB ERRFILE MESSAGE
  check "$1: exit 1" test "$rc" -eq 1
  check "$1: the database error" grep -qxF "skywitness ingest: stopped: $(realpath "$2"): $4" "$3"
  check "$1: consistent" integrity_ok "$2"
  "$bin" flights --db "$2" --format csv >"$tmp/full.csv" 2>/dev/null
  check "$1: the legs from before" cmp -s "$tmp/full.csv" "$tmp/good.csv"
  check "$1: nothing of the input that did not fit" test "$(sqlite3 -readonly "$2" "SELECT count(*) FROM inputs WHERE path LIKE '%big.jsonl'")" -eq 0
}
cp "$tmp/good.db" "$tmp/full.db"
(
  trap '' XFSZ
  ulimit -f 400
  exec "$bin" ingest -q --db "$tmp/full.db" "$tmp/big.jsonl"
) 2>"$tmp/full.err"
rc=$?
full_disk_checks "file size limit" "$tmp/full.db" "$tmp/full.err" "disk I/O error"
mkdir "$tmp/disk"
echo "not root" >"$tmp/mount.err"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1m tmpfs "$tmp/disk" 2>"$tmp/mount.err"; then
  trap 'code=$?; umount "$tmp/disk" 2>/dev/null; (exit $code); cli_finish' EXIT
  cp "$tmp/good.db" "$tmp/disk/db.sqlite"
  "$bin" ingest -q --db "$tmp/disk/db.sqlite" "$tmp/big.jsonl" 2>"$tmp/disk.err"
  rc=$?
  full_disk_checks "full tmpfs" "$tmp/disk/db.sqlite" "$tmp/disk.err" "database or disk is full"
  umount "$tmp/disk"
else
  skip "full tmpfs: cannot mount a 1 MB tmpfs ($(head -1 "$tmp/mount.err")): needs root with CAP_SYS_ADMIN; the file size limit above covers the failing writes"
fi

# --- --out under a plain file: no folder can be made there, even by root.
echo "not a folder" >"$tmp/plain"
"$bin" report --db "$tmp/good.db" --month 2024-03 --out "$tmp/plain/r" --quiet >"$tmp/out-report.out" 2>"$tmp/out-report.err"
check "--out under a file: report exit 1" test $? -eq 1
check "--out under a file: report names the folder" grep -qxF "skywitness report: $tmp/plain/r: Not a directory" "$tmp/out-report.err"
check "--out under a file: report does not say written" test ! -s "$tmp/out-report.out"
"$bin" timeline --db "$tmp/good.db" --country US --format md --out "$tmp/plain/t.md" --quiet 2>"$tmp/out-timeline.err"
check "--out under a file: timeline exit 1" test $? -eq 1
check "--out under a file: timeline names the file and folder" grep -qxF "skywitness timeline: $tmp/plain/t.md: cannot create the folder $tmp/plain: Not a directory" "$tmp/out-timeline.err"
"$bin" simulate --scenario "$data/sim/mini.json" --formats trace --quiet --out "$tmp/plain/s" >/dev/null 2>"$tmp/out-sim.err"
check "--out under a file: simulate exit 1" test $? -eq 1
check "--out under a file: simulate names the folder" grep -qxF "skywitness simulate: cannot create $tmp/plain/s: Not a directory" "$tmp/out-sim.err"
check "--out under a file: the file unchanged" test "$(cat "$tmp/plain")" = "not a folder"

# --- inputs that do not exist
"$bin" ingest -q --db "$tmp/missing.db" "$tmp/nope.json" "$trace" 2>"$tmp/missing.err"
missing_rc=$?
check "ingest, missing input: exit 0 (the other input was read)" test $missing_rc -eq 0
check "ingest, missing input: one of two inputs failed" grep -q "^run 1: 2 inputs (0 already ingested, 1 failed)" "$tmp/missing.err"
check "ingest, missing input: named" grep -qxF "$tmp/nope.json: no such file or folder" "$tmp/missing.err"
check "ingest, missing input: stored with its path" test "$(sqlite3 "$tmp/missing.db" "SELECT input || '|' || message FROM errors")" = "$tmp/nope.json|no such file or folder"
check "ingest, missing input: the other input read" test "$(sqlite3 "$tmp/missing.db" 'SELECT count(*) FROM legs')" -eq 1
"$bin" ingest -q --db "$tmp/missing-only.db" "$tmp/nope.json" 2>/dev/null
check "ingest, only a missing input: exit 1" test $? -eq 1
"$bin" decode "$tmp/nope.avr" >"$tmp/missing.jsonl" 2>"$tmp/missing-decode.err"
check "decode, missing input: exit 1" test $? -eq 1
check "decode, missing input: one line naming it" grep -qxF "skywitness: cannot open $tmp/nope.avr: No such file or directory" "$tmp/missing-decode.err"
check "decode, missing input: one line" one_line "$tmp/missing-decode.err"
printf '*8D406B902015A678D4D220AA4BDA;\n' >"$tmp/one.avr"
"$bin" decode "$tmp/nope.avr" "$tmp/one.avr" >"$tmp/missing2.jsonl" 2>"$tmp/missing2.err"
check "decode, one of two missing: exit 0" test $? -eq 0
check "decode, one of two missing: the other decoded" test "$(wc -l <"$tmp/missing2.jsonl")" -eq 1
check "decode, one of two missing: named" grep -qF "$tmp/nope.avr" "$tmp/missing2.err"

# --- damaged zstd input: two frames, the second's magic number damaged. The
# first frame's data is decoded and kept, and the error gives the offset of
# the damaged frame.
if command -v zstd >/dev/null 2>&1; then
  head -5000 "$tmp/s/frames.avr" >"$tmp/p1.avr"
  tail -n +5001 "$tmp/s/frames.avr" >"$tmp/p2.avr"
  zstd -q "$tmp/p1.avr" -o "$tmp/p1.zst" && zstd -q "$tmp/p2.avr" -o "$tmp/p2.zst"
  cat "$tmp/p1.zst" "$tmp/p2.zst" >"$tmp/bad.avr.zst"
  s1=$(stat -c %s "$tmp/p1.zst")
  overwrite "$tmp/bad.avr.zst" "$s1" XXXX
  "$bin" decode "$tmp/bad.avr.zst" >"$tmp/zst.jsonl" 2>"$tmp/zst.err"
  check "damaged zstd: decode exit 0" test $? -eq 0
  check "damaged zstd: decode locates the damage" grep -qF "skywitness: $tmp/bad.avr.zst: corrupt zstd data near compressed byte $s1: " "$tmp/zst.err"
  "$bin" decode "$tmp/p1.avr" >"$tmp/p1.jsonl"
  check "damaged zstd: every frame before the damage decoded" cmp -s "$tmp/zst.jsonl" "$tmp/p1.jsonl"
  check "damaged zstd: 5000 records" test "$(wc -l <"$tmp/zst.jsonl")" -eq 5000
  "$bin" ingest -q --db "$tmp/zst.db" --clock-epoch 2024-03-01T00:00:00Z "$tmp/bad.avr.zst" 2>"$tmp/zst-ingest.err"
  check "damaged zstd: ingest exit 0" test $? -eq 0
  check "damaged zstd: ingest locates the damage" grep -qF "$tmp/bad.avr.zst: input_error: corrupt zstd data near compressed byte $s1: " "$tmp/zst-ingest.err"
  "$bin" ingest -q --db "$tmp/p1.db" --clock-epoch 2024-03-01T00:00:00Z "$tmp/p1.avr" 2>/dev/null
  check "damaged zstd: ingest keeps the positions before the damage" test "$(sqlite3 "$tmp/zst.db" 'SELECT sum(n) FROM chunks')" = "$(sqlite3 "$tmp/p1.db" 'SELECT sum(n) FROM chunks')"
  check "damaged zstd: some positions" test "$(sqlite3 "$tmp/zst.db" 'SELECT sum(n) FROM chunks')" -gt 1000
  # Known bug (src/pipeline/decode_pipeline.cpp): damage in the first block,
  # before any data came out, is reported as "cannot tell the input format
  # from its first bytes ...; use --format" instead of the zstd error (which
  # --format avr shows).
else
  skip "damaged zstd: no zstd command (Debian package zstd)"
fi

# --- a damaged member of an adsb.lol-style split tar: the member is named,
# the others are read whole.
mkdir -p "$tmp/tt/traces/2024/03/01/traces/1b" "$tmp/tt/traces/2024/03/01/traces/90" "$tmp/tt/traces/2024/03/01/traces/ff"
cp "$data/trace_full_ac671b.json.gz" "$tmp/tt/traces/2024/03/01/traces/1b/trace_full_ac671b.json"
cp "$data/readsb-406b90/trace_full_406b90.json.gz" "$tmp/tt/traces/2024/03/01/traces/90/trace_full_406b90.json"
cp "$trace" "$tmp/tt/traces/2024/03/01/traces/ff/"
member=traces/2024/03/01/traces/1b/trace_full_ac671b.json
(cd "$tmp/tt" && tar -cf "$tmp/tt.tar" "$member" traces/2024/03/01/traces/90/trace_full_406b90.json traces/2024/03/01/traces/ff/trace_full_a8f0ff.json)
check "tar: the damaged member comes first" test "$(tar -tf "$tmp/tt.tar" | head -1)" = "$member"
"$bin" ingest -q --db "$tmp/tree.db" "$tmp/tt/traces" 2>/dev/null
overwrite "$tmp/tt.tar" $((512 + 32000)) XXXXXXXXXXXXXXXX  # its data starts after one header block
tar_lists() { tar -tf "$1" >/dev/null; }
check "tar: still a valid tar" tar_lists "$tmp/tt.tar"
mkdir "$tmp/arch"
split -b 20K "$tmp/tt.tar" "$tmp/arch/v2024.03.01-planes-readsb-prod-0.tar."
check "tar: several parts" test "$(ls "$tmp/arch" | wc -l)" -ge 3
"$bin" ingest -q --db "$tmp/tar.db" "$tmp/arch/v2024.03.01-planes-readsb-prod-0.tar.aa" 2>"$tmp/tar.err"
check "tar: exit 0" test $? -eq 0
check "tar: names the archive and the member" grep -qF "$tmp/arch/v2024.03.01-planes-readsb-prod-0.tar.*:$member: corrupt gzip data near compressed byte " "$tmp/tar.err"
check "tar: every member read" grep -qF ", 3 archive members read (0 skipped)," "$tmp/tar.err"
check "tar: the errors stored with the member" test "$(sqlite3 "$tmp/tar.db" "SELECT errors > 0 FROM parts WHERE name = '$member'")" = 1
check "tar: only that member has errors" test "$(sqlite3 "$tmp/tar.db" "SELECT count(*) FROM parts WHERE errors > 0")" -eq 1
flights_csv --db "$tmp/tar.db" | grep -v '^ac671b' >"$tmp/tar-others.csv"
flights_csv --db "$tmp/tree.db" | grep -v '^ac671b' >"$tmp/tree-others.csv"
check "tar: the other members' legs are those of the undamaged files" cmp -s "$tmp/tar-others.csv" "$tmp/tree-others.csv"
check "tar: two other legs" test "$(wc -l <"$tmp/tar-others.csv")" -eq 3
# Known bug (src/tracks/readsb_trace.cpp): the damaged member keeps none of
# its 2,509 points. The trace reader's salvage closes the JSON after the last
# "]," of the text, which for damage in the middle (rather than a cut) lies
# after the damage, so the salvaged text fails too ("not a JSON object");
# docs/store.md promises the points before the fault. To add once fixed:
#   check "tar: the points before the damage kept" test "$(sqlite3 "$tmp/tar.db" "SELECT positions FROM parts WHERE name = '$member'")" -gt 0

# --- decode --fix and --max-range (README, Decoding)
printf '*8D406B902015A678D4D220AA4BDA;\n*8D406B902015A679D4D220AA4BDA;\n' >"$tmp/flip.avr"
"$bin" decode --errors "$tmp/flip.avr" >"$tmp/nofix.jsonl" 2>"$tmp/nofix.err"
check "without --fix: the flipped frame is a bad CRC" grep -qxF "$tmp/flip.avr:2: bad_crc: DF17 parity check failed" "$tmp/nofix.err"
check "without --fix: one record" test "$(wc -l <"$tmp/nofix.jsonl")" -eq 1
"$bin" decode --fix --errors "$tmp/flip.avr" >"$tmp/fix.jsonl" 2>"$tmp/fix.err"
check "--fix: exit 0, no error" test $? -eq 0 -a ! -s "$tmp/fix.err"
check "--fix: two records" test "$(wc -l <"$tmp/fix.jsonl")" -eq 2
check "--fix: the repaired frame says so, with the original bytes" test "$(sed -n 2p "$tmp/fix.jsonl" | grep -c '"corrected":1,.*"callsign":"EZY85MH".*"raw":"8d406b902015a678d4d220aa4bda"')" -eq 1
"$bin" decode --fix --stats "$tmp/flip.avr" >"$tmp/fix.stats"
check "--fix: counted as corrected" grep -Eq '^  corrected +1$' "$tmp/fix.stats"
check "--fix: no bad CRC left" grep -Eq '^  bad crc +0$' "$tmp/fix.stats"
avr=$data/readsb-406b90/avr_406b90.txt  # 406b90 flew near 51.1 N 7.2 E
"$bin" decode --stats --receiver 51.47,-0.45 "$avr" >"$tmp/range450.stats"
check "--receiver 290 NM away, default 450 NM: 917 global positions" grep -Eq '^  global +917$' "$tmp/range450.stats"
check "--receiver within 450 NM: none rejected" grep -Eq '^  rejected range +0$' "$tmp/range450.stats"
"$bin" decode --stats --receiver 51.47,-0.45 --max-range 20 "$avr" >"$tmp/range20.stats"
check "--max-range 20: every position rejected" grep -Eq '^  rejected range +924$' "$tmp/range20.stats"
"$bin" decode --receiver 51.47,-0.45 --max-range 20 "$avr" >"$tmp/range20.jsonl"
check "--max-range 20: no position written" test "$(grep -c '"lat"' "$tmp/range20.jsonl")" -eq 0
check "--max-range 20: the other records still written" test "$(wc -l <"$tmp/range20.jsonl")" -eq 1960
"$bin" decode --stats --receiver 40.64,-73.78 "$avr" >"$tmp/far.stats"
check "--receiver 3,300 NM away: every global position rejected" grep -Eq '^  rejected range +920$' "$tmp/far.stats"
# Known bug (src/tracking): with --receiver and the default --max-range 450,
# single CPR frames are decoded relative to the receiver, which is only
# unambiguous within about 180 NM (readsb and dump1090 do it only when the
# max range is below that). The sample gives 4 positions ("pos":"receiver"
# and "local") at 51.14 N 2.74 W for a receiver at London, and at 38.94 N
# 74.19 W for one at New York, while the aircraft was at 51.14 N 7.24 E.
"$bin" decode --max-range 20 "$avr" >"$tmp/norx.jsonl"
check "--max-range without --receiver: no range to check, positions kept" test "$(grep -c '"lat"' "$tmp/norx.jsonl")" -eq 920
"$bin" decode --receiver 51.47 "$avr" >/dev/null 2>"$tmp/badrx.err"
check "--receiver without a longitude: exit 2" test $? -eq 2
check "--receiver without a longitude: says what it wants" grep -qF "wants LAT,LON" "$tmp/badrx.err"

exit $fail
