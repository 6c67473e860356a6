#include "sqlite_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <filesystem>
#include <limits>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/coverage.hpp"
#include "skywitness/core/time.hpp"

namespace skywitness::store {
namespace {

// Each entry brings the schema from version i to i + 1. Never edit a
// released entry: add a new one.
const char* const kMigrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  started TEXT NOT NULL,
  finished TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  arguments TEXT NOT NULL,
  inputs INTEGER NOT NULL DEFAULT 0,
  inputs_skipped INTEGER NOT NULL DEFAULT 0,
  inputs_failed INTEGER NOT NULL DEFAULT 0,
  parts INTEGER NOT NULL DEFAULT 0,
  parts_skipped INTEGER NOT NULL DEFAULT 0,
  positions INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  aircraft_rebuilt INTEGER NOT NULL DEFAULT 0,
  legs INTEGER NOT NULL DEFAULT 0,
  stops INTEGER NOT NULL DEFAULT 0);
CREATE TABLE errors(
  run INTEGER NOT NULL REFERENCES runs(id),
  input TEXT NOT NULL,
  location TEXT NOT NULL,
  message TEXT NOT NULL);
CREATE INDEX errors_run ON errors(run);
CREATE TABLE inputs(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  selection TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('partial', 'complete')),
  run INTEGER NOT NULL REFERENCES runs(id),
  positions INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0);
CREATE TABLE parts(
  input INTEGER NOT NULL REFERENCES inputs(id),
  name TEXT NOT NULL,
  positions INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  PRIMARY KEY (input, name)) WITHOUT ROWID;
CREATE TABLE chunks(
  id INTEGER PRIMARY KEY,
  input INTEGER NOT NULL REFERENCES inputs(id),
  part TEXT NOT NULL,
  icao INTEGER NOT NULL,
  t0 REAL NOT NULL,
  t1 REAL NOT NULL,
  n INTEGER NOT NULL,
  data BLOB NOT NULL);
CREATE INDEX chunks_icao ON chunks(icao, t0);
CREATE INDEX chunks_input ON chunks(input, part);
CREATE TABLE aircraft(
  icao INTEGER PRIMARY KEY,
  dirty INTEGER NOT NULL DEFAULT 1,
  positions INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  first_seen REAL,
  last_seen REAL,
  registration TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT '');
CREATE INDEX aircraft_registration ON aircraft(registration);
CREATE INDEX aircraft_dirty ON aircraft(dirty) WHERE dirty;
CREATE TABLE legs(
  id INTEGER PRIMARY KEY,
  icao INTEGER NOT NULL,
  callsign TEXT NOT NULL,
  origin TEXT NOT NULL,
  origin_country TEXT NOT NULL,
  origin_candidates TEXT NOT NULL,
  origin_how TEXT NOT NULL,
  origin_evidence TEXT NOT NULL,
  takeoff_time REAL NOT NULL,
  destination TEXT NOT NULL,
  destination_country TEXT NOT NULL,
  destination_candidates TEXT NOT NULL,
  destination_how TEXT NOT NULL,
  destination_evidence TEXT NOT NULL,
  landing_time REAL NOT NULL,
  positions INTEGER NOT NULL,
  track TEXT NOT NULL);
CREATE INDEX legs_icao ON legs(icao, takeoff_time);
CREATE INDEX legs_takeoff ON legs(takeoff_time);
CREATE TABLE stops(
  id INTEGER PRIMARY KEY,
  icao INTEGER NOT NULL,
  from_time REAL NOT NULL,
  to_time REAL NOT NULL,
  from_lat REAL NOT NULL, from_lon REAL NOT NULL,
  to_lat REAL NOT NULL, to_lon REAL NOT NULL,
  reach_nm REAL NOT NULL);
CREATE INDEX stops_icao ON stops(icao, from_time);
-- For people reading the file with the sqlite3 shell: times as ISO 8601.
CREATE VIEW legs_view AS
  SELECT id, printf('%06x', icao) AS icao, callsign, origin, destination,
         strftime('%Y-%m-%dT%H:%M:%SZ', CAST(round(takeoff_time) AS INTEGER), 'unixepoch') AS takeoff_time,
         strftime('%Y-%m-%dT%H:%M:%SZ', CAST(round(landing_time) AS INTEGER), 'unixepoch') AS landing_time,
         origin_how, destination_how, origin_evidence, destination_evidence,
         origin_country, destination_country, positions
  FROM legs;
)sql",
    // 2: aircraft databases imported (FAA, tar1090, OpenSky).
    R"sql(
CREATE TABLE aircraft_db(
  icao INTEGER PRIMARY KEY,
  registration TEXT NOT NULL,
  type TEXT NOT NULL,
  description TEXT NOT NULL,
  operator TEXT NOT NULL,
  owner TEXT NOT NULL,
  source TEXT NOT NULL);
CREATE INDEX aircraft_db_registration ON aircraft_db(registration);
)sql",
    // 3: border encounters by month and citizenship (CBP Nationwide Encounters).
    R"sql(
CREATE TABLE encounters(
  month TEXT NOT NULL,        -- YYYY-MM, calendar month
  citizenship TEXT NOT NULL,  -- as the source spells it
  country TEXT NOT NULL,      -- ISO 3166-1 alpha-2, empty when unmapped
  encounters INTEGER NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY(month, citizenship));
CREATE INDEX encounters_country ON encounters(country, month);
)sql",
    // 4: itineraries and leg roles as a profile made them, per aircraft
    // (dropped with the aircraft's legs when they are rebuilt).
    R"sql(
CREATE TABLE itinerary_sets(
  icao INTEGER PRIMARY KEY,
  profile TEXT NOT NULL,      -- the profile's name and fingerprint
  guesses TEXT NOT NULL);     -- JSON: the unobserved stops' guesses
CREATE INDEX itinerary_sets_profile ON itinerary_sets(profile, icao);
CREATE TABLE itineraries(
  id INTEGER PRIMARY KEY,
  icao INTEGER NOT NULL REFERENCES itinerary_sets(icao),
  base TEXT NOT NULL,
  back_at_base INTEGER NOT NULL,
  start_time REAL NOT NULL,   -- the first takeoff
  end_time REAL NOT NULL);    -- the last landing
CREATE INDEX itineraries_icao ON itineraries(icao, start_time);
CREATE INDEX itineraries_time ON itineraries(start_time);
CREATE TABLE leg_roles(
  leg INTEGER PRIMARY KEY,    -- legs.id
  itinerary INTEGER NOT NULL REFERENCES itineraries(id),
  seq INTEGER NOT NULL,       -- its place in the itinerary
  role TEXT NOT NULL,
  country TEXT NOT NULL,      -- the country a removal counts for
  counted INTEGER NOT NULL,
  reason TEXT NOT NULL,
  guess INTEGER NOT NULL,     -- index into the set's guesses, -1 for none
  origin_guess INTEGER NOT NULL);
CREATE INDEX leg_roles_itinerary ON leg_roles(itinerary, seq);
)sql",
    // 5: the spans of time each input covers (no data is not no flights).
    // Databases from before get their inputs' first to last position.
    R"sql(
CREATE TABLE coverage(
  input INTEGER NOT NULL REFERENCES inputs(id),
  from_time REAL NOT NULL,
  to_time REAL NOT NULL);
CREATE INDEX coverage_input ON coverage(input);
INSERT INTO coverage(input, from_time, to_time)
  SELECT input, min(t0), max(t1) FROM chunks GROUP BY input;
)sql",
    // 6: what is known of an end not observed (LegEnd): the sighting and the
    // window the takeoff or landing lies in; the fragments a run dropped.
    // Older legs get their time as the sighting and no window, and every
    // aircraft is marked for the next ingest to rebuild its legs with them;
    // the view no longer shows a time not observed as a takeoff or landing.
    R"sql(
ALTER TABLE legs ADD COLUMN takeoff_seen REAL;
ALTER TABLE legs ADD COLUMN takeoff_from REAL;
ALTER TABLE legs ADD COLUMN takeoff_to REAL;
ALTER TABLE legs ADD COLUMN landing_seen REAL;
ALTER TABLE legs ADD COLUMN landing_from REAL;
ALTER TABLE legs ADD COLUMN landing_to REAL;
UPDATE legs SET takeoff_seen = takeoff_time, landing_seen = landing_time;
UPDATE aircraft SET dirty = 1 WHERE icao IN (SELECT icao FROM legs);
ALTER TABLE runs ADD COLUMN fragments INTEGER NOT NULL DEFAULT 0;
DROP VIEW IF EXISTS legs_view;
CREATE VIEW legs_view AS
  SELECT id, printf('%06x', icao) AS icao, callsign, origin, destination,
         CASE WHEN origin_how = 'observed' THEN strftime('%Y-%m-%dT%H:%M:%SZ', CAST(round(takeoff_time) AS INTEGER), 'unixepoch') END AS takeoff_time,
         CASE WHEN destination_how = 'observed' THEN strftime('%Y-%m-%dT%H:%M:%SZ', CAST(round(landing_time) AS INTEGER), 'unixepoch') END AS landing_time,
         origin_how, destination_how, origin_evidence, destination_evidence,
         origin_country, destination_country, positions,
         CASE WHEN origin_how <> 'observed' THEN strftime('%Y-%m-%dT%H:%M:%SZ', CAST(round(takeoff_seen) AS INTEGER), 'unixepoch') END AS first_seen,
         strftime('%Y-%m-%dT%H:%M:%SZ', CAST(takeoff_from AS INTEGER), 'unixepoch') || '/' ||
           strftime('%Y-%m-%dT%H:%M:%SZ', CAST(takeoff_to AS INTEGER) + (takeoff_to > CAST(takeoff_to AS INTEGER)), 'unixepoch') AS takeoff_window,
         CASE WHEN destination_how <> 'observed' THEN strftime('%Y-%m-%dT%H:%M:%SZ', CAST(round(landing_seen) AS INTEGER), 'unixepoch') END AS last_seen,
         strftime('%Y-%m-%dT%H:%M:%SZ', CAST(landing_from AS INTEGER), 'unixepoch') || '/' ||
           strftime('%Y-%m-%dT%H:%M:%SZ', CAST(landing_to AS INTEGER) + (landing_to > CAST(landing_to AS INTEGER)), 'unixepoch') AS landing_window
  FROM legs;
)sql",
    // 7: inputs that could not be read are recorded as failed, with why in
    // words. SQLite cannot change a CHECK, so the table is made again with
    // the same rows and ids (chunks, parts and coverage name them); it is
    // run with foreign keys off, as SQLite's way to change a table asks, and
    // checked before it commits.
    R"sql(
CREATE TABLE inputs_v7(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  selection TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('partial', 'complete', 'failed')),
  run INTEGER NOT NULL REFERENCES runs(id),
  positions INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '');
INSERT INTO inputs_v7(id, path, kind, size, mtime, selection, status, run, positions, errors)
  SELECT id, path, kind, size, mtime, selection, status, run, positions, errors FROM inputs;
DROP TABLE inputs;
ALTER TABLE inputs_v7 RENAME TO inputs;
)sql",
    // 8: the alerts of `skywitness live`, recorded before they are sent, and
    // which sink acknowledged which (docs/live.md).
    R"sql(
CREATE TABLE alerts(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  icao INTEGER NOT NULL,
  time REAL NOT NULL,
  record TEXT NOT NULL,
  recorded TEXT NOT NULL);
CREATE INDEX alerts_aircraft ON alerts(icao, type, time);
CREATE TABLE alert_sinks(
  name TEXT PRIMARY KEY,
  since INTEGER NOT NULL,
  added TEXT NOT NULL);
CREATE TABLE alert_deliveries(
  seq INTEGER NOT NULL REFERENCES alerts(seq),
  sink TEXT NOT NULL REFERENCES alert_sinks(name),
  delivered TEXT NOT NULL,
  PRIMARY KEY (seq, sink));
)sql",
};

// PRAGMA application_id of a skywitness database: "SKYW".
constexpr std::int64_t kApplicationId = 0x534B5957;

std::string now_iso() {
  return format_iso8601(static_cast<double>(std::time(nullptr)));
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto sp = s.find(' ');
    out.emplace_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

EndHow how_from(std::string_view s) {
  if (s == "observed") return EndHow::kObserved;
  if (s == "inferred") return EndHow::kInferred;
  return EndHow::kUnknown;
}
EndEvidence evidence_from(std::string_view s) {
  if (s == "ground") return EndEvidence::kGround;
  if (s == "low_altitude") return EndEvidence::kLowAltitude;
  if (s == "gap") return EndEvidence::kGap;
  return EndEvidence::kNone;
}

std::string track_json(const std::vector<TrackPoint>& track) {
  std::string out = "[";
  for (const auto& p : track) {
    if (out.size() > 1) out += ',';
    out += fmt::format("[{:.0f},{:.5f},{:.5f},{},{}]", p.t, p.lat, p.lon, p.alt, p.ground ? 1 : 0);
  }
  out += ']';
  return out;
}

std::vector<TrackPoint> track_from(std::string_view json) {
  std::vector<TrackPoint> out;
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& p : j) {
    if (!p.is_array() || p.size() < 5) continue;
    out.push_back({p[0].get<double>(), p[1].get<double>(), p[2].get<double>(), p[3].get<int>(),
                   p[4].get<int>() != 0});
  }
  return out;
}

// Why a database cannot be written, when its file or folder says so: SQLite
// writes a -wal and a -shm file beside the database, so the folder must be
// writable too.
std::string access_hint(const std::string& file) {
  std::error_code ec;
  std::string dir = std::filesystem::absolute(file, ec).parent_path().string();
  auto read_only = [](const std::string& p) {
    return ::access(p.c_str(), W_OK) != 0 && (errno == EACCES || errno == EROFS);
  };
  if (read_only(file)) return " (the file is read-only)";
  if (!dir.empty() && read_only(dir))
    return fmt::format(
        " (its folder {} is read-only, and SQLite writes its -wal and -shm files "
        "there)",
        dir);
  return {};
}

// A database error, named by the database file it happened in (an error
// that ends an ingest is printed as this alone).
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  const char* f = db ? sqlite3_db_filename(db, "main") : nullptr;
  std::string why(what);
  const int code = db ? sqlite3_errcode(db) : SQLITE_OK;
  if (f && *f && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) why += access_hint(f);
  throw std::runtime_error(fmt::format("{}: {}", f && *f ? f : "database", why));
}

// A prepared statement bound and stepped with less ceremony.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  ~Stmt() { sqlite3_reset(s_); }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  Stmt& bind(int i, std::string_view v) {
    // An empty view may have no data pointer, which SQLite takes for NULL:
    // an empty string is still a string (the columns are NOT NULL).
    sqlite3_bind_text(s_, i, v.data() ? v.data() : "", static_cast<int>(v.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& blob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  // true while there is a row
  bool step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, sqlite3_errmsg(db_));
  }
  std::int64_t i64(int c) { return sqlite3_column_int64(s_, c); }
  double real(int c) { return sqlite3_column_double(s_, c); }
  std::string text(int c) {
    const auto* p = sqlite3_column_text(s_, c);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(s_, c)))
             : std::string();
  }
  sqlite3_stmt* raw() { return s_; }
  std::string_view bytes(int c) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, c));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c)))
             : std::string_view();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
};

}  // namespace

int Store::latest_schema_version() {
  return static_cast<int>(std::size(kMigrations));
}

std::unique_ptr<Store> Store::open(const std::string& path, std::string& error, Access access) {
  return SqliteStore::open(path, access, error);
}

namespace {

// The tables of a database; throws (naming the file) when it is no database.
std::set<std::string> table_names(sqlite3* db) {
  // Not a kept statement: this is where a file that is no database at all
  // fails, and the message is about the file.
  std::set<std::string> tables;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table'", -1, &s,
                         nullptr) != SQLITE_OK)
    fail(db, sqlite3_errmsg(db));
  int rc = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    if (const auto* name = sqlite3_column_text(s, 0))
      tables.insert(reinterpret_cast<const char*>(name));
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) fail(db, sqlite3_errstr(rc));
  return tables;
}

std::int64_t pragma_int(sqlite3* db, const char* pragma) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, pragma, -1, &s, nullptr) != SQLITE_OK) fail(db, sqlite3_errmsg(db));
  const std::int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  return v;
}

// Whether a statement gives any row.
bool has_row(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) fail(db, sqlite3_errmsg(db));
  const int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db, sqlite3_errstr(rc));
  return rc == SQLITE_ROW;
}

}  // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, Access access,
                                               std::string& error) {
  const bool read_only = access == Access::kReadOnly;
  std::error_code ec;
  if (read_only && !std::filesystem::exists(path, ec)) {
    error = fmt::format("{}: no such database (skywitness ingest writes one)", path);
    return nullptr;
  }
  // Read-only, SQLite still needs the -shm file of a WAL database beside it;
  // in a folder nobody may write to, no writer can be at work either, so the
  // file is opened as immutable.
  std::string uri = "file:";
  for (const char c : std::filesystem::absolute(path, ec).string()) {
    if (c == '?' || c == '#' || c == '%')
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else
      uri += c;
  }
  const auto folder = std::filesystem::absolute(path, ec).parent_path();
  const bool immutable = read_only && ::access(folder.c_str(), W_OK) != 0;
  if (read_only) uri += immutable ? "?mode=ro&immutable=1" : "?mode=ro";
  sqlite3* db = nullptr;
  // A connection is used by one thread at a time (ingest's workers never
  // touch the store): SQLite's own locking of it is not needed.
  const int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                    (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(uri.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    error = fmt::format("{}: cannot open database: {}{}", path,
                        db ? sqlite3_errmsg(db) : "no memory", access_hint(path));
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, read_only));
  try {
    sqlite3_busy_timeout(db, 10000);
    // Another program's database is left as it is (switching it to WAL
    // would already change its header): only an empty database becomes a
    // skywitness one, and one with tables must be a skywitness database:
    // marked as one, or (before schema 4) holding its tables.
    const auto tables = table_names(db);
    const std::int64_t app = pragma_int(db, "PRAGMA application_id");
    const int have = store->schema_version();
    store->opened_version_ = have;
    const bool ours = app == kApplicationId || (app == 0 && have > 0 && tables.contains("runs") &&
                                                tables.contains("chunks"));
    if ((!tables.empty() || app != 0) && !ours) {
      std::string names;
      for (const auto& t : tables) {
        if (names.size() > 60) {
          names += ", ...";
          break;
        }
        names += (names.empty() ? "" : ", ") + t;
      }
      error = tables.empty() ? fmt::format(
                                   "{}: not a skywitness database (another program's, application "
                                   "id {:#x}); give --db a new file or one that skywitness ingest "
                                   "wrote",
                                   path, app)
                             : fmt::format(
                                   "{}: not a skywitness database (it holds another program's "
                                   "tables: {}); give --db a new file or one that skywitness "
                                   "ingest wrote",
                                   path, names);
      return nullptr;
    }
    const int want = latest_schema_version();
    if (have > want) {
      error = fmt::format(
          "{}: database schema version {} is newer than this skywitness understands ({})", path,
          have, want);
      return nullptr;
    }
    if (read_only) {
      if (tables.empty()) {
        error = fmt::format("{}: an empty database (skywitness ingest writes one)", path);
        return nullptr;
      }
      if (have < want) {
        error = fmt::format(
            "{}: database schema version {} is older than this skywitness's ({}), and this "
            "command only reads; run `skywitness update --db {}` first",
            path, have, want, path);
        return nullptr;
      }
      store->exec("PRAGMA query_only=1");
      return store;
    }
    store->exec("PRAGMA journal_mode=WAL");
    store->exec("PRAGMA synchronous=NORMAL");
    // Migrations run with foreign keys off (a table made again is dropped
    // while its rows are still named; PRAGMA foreign_keys cannot change
    // inside a transaction), and each checks them before it commits.
    store->exec("PRAGMA foreign_keys=OFF");
    for (int v = have; v < want; ++v) {
      store->exec("BEGIN IMMEDIATE");
      try {
        store->exec(kMigrations[v]);
        if (has_row(db, "PRAGMA foreign_key_check"))
          fail(db, fmt::format("schema migration {} would leave rows that name no row", v + 1));
        store->exec(fmt::format("PRAGMA user_version={}", v + 1).c_str());
        store->exec("COMMIT");
      } catch (...) {
        store->rollback();
        throw;
      }
    }
    store->exec("PRAGMA foreign_keys=ON");
    if (app != kApplicationId)
      store->exec(fmt::format("PRAGMA application_id={}", kApplicationId).c_str());
  } catch (const std::exception& e) {
    error = e.what();  // names the database file
    return nullptr;
  }
  return store;
}

SqliteStore::SqliteStore(sqlite3* db, bool read_only) : db_(db), read_only_(read_only) {}

SqliteStore::~SqliteStore() {
  for (auto* s : statements_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

void SqliteStore::exec(const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : "unknown error";
    sqlite3_free(msg);
    fail(db_, m);
  }
}

// Statements are prepared once and kept, keyed by their text's address.
sqlite3_stmt* SqliteStore::prepare(const char* sql) {
  for (auto* s : statements_)
    if (sqlite3_sql(s) == sql || std::string_view(sqlite3_sql(s)) == sql) return s;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
    fail(db_, fmt::format("{}: {}", sqlite3_errmsg(db_), sql));
  statements_.push_back(s);
  return s;
}

int SqliteStore::schema_version() {
  Stmt q(db_, prepare("PRAGMA user_version"));
  return q.step() ? static_cast<int>(q.i64(0)) : 0;
}

StoreSummary SqliteStore::summary() {
  StoreSummary out;
  auto count = [&](const char* sql) {
    Stmt q(db_, prepare(sql));
    return q.step() ? static_cast<std::uint64_t>(q.i64(0)) : std::uint64_t{0};
  };
  out.inputs = count("SELECT count(*) FROM inputs");
  out.inputs_complete = count("SELECT count(*) FROM inputs WHERE status='complete'");
  out.inputs_partial = count("SELECT count(*) FROM inputs WHERE status='partial'");
  out.inputs_failed = count("SELECT count(*) FROM inputs WHERE status='failed'");
  out.inputs_with_errors =
      count("SELECT count(*) FROM inputs WHERE errors > 0 AND status <> 'failed'");
  out.positions = count("SELECT coalesce(sum(n), 0) FROM chunks");
  out.aircraft = count("SELECT count(*) FROM aircraft");
  out.legs = count("SELECT count(*) FROM legs");
  out.stops = count("SELECT count(*) FROM stops");
  out.itinerary_sets = count("SELECT count(*) FROM itinerary_sets");
  out.runs = count("SELECT count(*) FROM runs");
  out.aircraft_db_records = count("SELECT count(*) FROM aircraft_db");
  out.encounter_rows = count("SELECT count(*) FROM encounters");
  {
    Stmt q(db_, prepare("SELECT path FROM inputs WHERE status <> 'failed' AND (errors > 0 OR "
                        "status='partial') ORDER BY path LIMIT 10"));
    while (q.step()) out.inputs_with_errors_paths.push_back(q.text(0));
  }
  Stmt q(db_, prepare("SELECT path, reason, run FROM inputs WHERE status='failed' ORDER BY path "
                      "LIMIT 10"));
  while (q.step()) out.failed_inputs.push_back({q.text(0), q.text(1), q.i64(2)});
  return out;
}

void SqliteStore::begin() {
  exec("BEGIN IMMEDIATE");
}
void SqliteStore::commit() {
  exec("COMMIT");
}
void SqliteStore::rollback() {
  if (!sqlite3_get_autocommit(db_)) exec("ROLLBACK");
}

std::int64_t SqliteStore::begin_run(std::string_view arguments) {
  Stmt q(db_, prepare("INSERT INTO runs(started, status, arguments) VALUES (?, 'running', ?)"));
  q.bind(1, now_iso()).bind(2, arguments).step();
  return sqlite3_last_insert_rowid(db_);
}

void SqliteStore::end_run(std::int64_t run, const RunCounts& c, std::string_view status) {
  Stmt q(db_, prepare("UPDATE runs SET finished=?, status=?, inputs=?, inputs_skipped=?, "
                      "inputs_failed=?, parts=?, parts_skipped=?, positions=?, errors=?, "
                      "aircraft_rebuilt=?, legs=?, stops=?, fragments=? WHERE id=?"));
  auto i = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
  q.bind(1, now_iso())
      .bind(2, status)
      .bind(3, i(c.inputs))
      .bind(4, i(c.inputs_skipped))
      .bind(5, i(c.inputs_failed))
      .bind(6, i(c.parts))
      .bind(7, i(c.parts_skipped))
      .bind(8, i(c.positions))
      .bind(9, i(c.errors))
      .bind(10, i(c.aircraft_rebuilt))
      .bind(11, i(c.legs))
      .bind(12, i(c.stops))
      .bind(13, i(c.fragments))
      .bind(14, run)
      .step();
}

void SqliteStore::add_error(std::int64_t run, std::string_view input, std::string_view location,
                            std::string_view message) {
  Stmt q(db_, prepare("INSERT INTO errors(run, input, location, message) VALUES (?, ?, ?, ?)"));
  q.bind(1, run).bind(2, input).bind(3, location).bind(4, message).step();
}

std::vector<RunRecord> SqliteStore::runs() {
  std::vector<RunRecord> out;
  Stmt q(db_, prepare("SELECT id, started, coalesce(finished, ''), status, arguments, inputs, "
                      "inputs_skipped, inputs_failed, parts, parts_skipped, positions, errors, "
                      "aircraft_rebuilt, legs, stops, fragments FROM runs ORDER BY id"));
  while (q.step()) {
    RunRecord r;
    r.id = q.i64(0);
    r.started = q.text(1);
    r.finished = q.text(2);
    r.status = q.text(3);
    r.arguments = q.text(4);
    auto u = [&](int c) { return static_cast<std::uint64_t>(q.i64(c)); };
    r.counts = {u(5), u(6), u(7), u(8), u(9), u(10), u(11), u(12), u(13), u(14), u(15)};
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ErrorRecord> SqliteStore::errors(std::int64_t run) {
  std::vector<ErrorRecord> out;
  Stmt q(db_,
         prepare("SELECT run, input, location, message FROM errors WHERE run=? ORDER BY rowid"));
  q.bind(1, run);
  while (q.step()) out.push_back({q.i64(0), q.text(1), q.text(2), q.text(3)});
  return out;
}

void SqliteStore::mark_dirty(std::uint32_t icao) {
  Stmt q(db_, prepare("INSERT INTO aircraft(icao, dirty) VALUES (?, 1) "
                      "ON CONFLICT(icao) DO UPDATE SET dirty=1"));
  q.bind(1, static_cast<std::int64_t>(icao)).step();
}

void SqliteStore::drop_chunks(const char* where_sql, std::int64_t input) {
  const std::string mark = fmt::format(
      "UPDATE aircraft SET dirty=1 WHERE icao IN (SELECT DISTINCT icao FROM chunks WHERE {})",
      where_sql);
  const std::string drop = fmt::format("DELETE FROM chunks WHERE {}", where_sql);
  for (const auto& sql : {mark, drop}) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      fail(db_, sqlite3_errmsg(db_));
    sqlite3_bind_int64(s, 1, input);
    const int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) fail(db_, sqlite3_errmsg(db_));
  }
}

InputState SqliteStore::input(const std::string& path, std::int64_t size, std::int64_t mtime,
                              std::string_view selection, std::string_view kind, std::int64_t run,
                              std::int64_t& id) {
  Stmt q(db_, prepare("SELECT id, size, mtime, selection, status FROM inputs WHERE path=?"));
  q.bind(1, path);
  if (!q.step()) {
    Stmt ins(db_, prepare("INSERT INTO inputs(path, kind, size, mtime, selection, status, run) "
                          "VALUES (?, ?, ?, ?, ?, 'partial', ?)"));
    ins.bind(1, path)
        .bind(2, kind)
        .bind(3, size)
        .bind(4, mtime)
        .bind(5, selection)
        .bind(6, run)
        .step();
    id = sqlite3_last_insert_rowid(db_);
    return InputState::kNew;
  }
  id = q.i64(0);
  const bool same = q.i64(1) == size && q.i64(2) == mtime && q.text(3) == selection;
  const bool complete = q.text(4) == "complete";
  if (same && complete) return InputState::kDone;
  Stmt up(db_, prepare("UPDATE inputs SET kind=?, size=?, mtime=?, selection=?, status='partial', "
                       "run=?, reason='' WHERE id=?"));
  up.bind(1, kind).bind(2, size).bind(3, mtime).bind(4, selection).bind(5, run).bind(6, id).step();
  if (!same) {
    drop_chunks("input=?1", id);
    Stmt del(db_, prepare("DELETE FROM parts WHERE input=?"));
    del.bind(1, id).step();
    return InputState::kChanged;
  }
  drop_chunks("input=?1 AND part NOT IN (SELECT name FROM parts WHERE input=?1)", id);
  return InputState::kPartial;
}

std::unordered_set<std::string> SqliteStore::finished_parts(std::int64_t input) {
  std::unordered_set<std::string> out;
  Stmt q(db_, prepare("SELECT name FROM parts WHERE input=?"));
  q.bind(1, input);
  while (q.step()) out.insert(q.text(0));
  return out;
}

EncodedChunk encode_positions(std::uint32_t icao, std::span<const Position> positions) {
  EncodedChunk c;
  c.icao = icao;
  c.n = positions.size();
  if (positions.empty()) return c;
  c.t0 = c.t1 = positions.front().t;
  for (const auto& p : positions) {
    c.t0 = std::min(c.t0, p.t);
    c.t1 = std::max(c.t1, p.t);
  }
  c.data = encode_chunk(positions);
  if (c.data.empty()) throw std::runtime_error("cannot compress a chunk of positions");
  return c;
}

void SqliteStore::put_positions(std::int64_t input, std::string_view part, std::uint32_t icao,
                                std::span<const Position> positions) {
  if (positions.empty()) return;
  put_chunk(input, part, encode_positions(icao, positions));
}

void SqliteStore::put_chunk(std::int64_t input, std::string_view part, const EncodedChunk& c) {
  if (c.n == 0) return;
  Stmt q(db_, prepare("INSERT INTO chunks(input, part, icao, t0, t1, n, data) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  q.bind(1, input)
      .bind(2, part)
      .bind(3, static_cast<std::int64_t>(c.icao))
      .bind(4, c.t0)
      .bind(5, c.t1)
      .bind(6, static_cast<std::int64_t>(c.n))
      .blob(7, c.data)
      .step();
  mark_dirty(c.icao);
}

void SqliteStore::finish_part(std::int64_t input, std::string_view part, std::uint64_t positions,
                              std::uint64_t errors) {
  Stmt q(db_, prepare("INSERT OR REPLACE INTO parts(input, name, positions, errors) "
                      "VALUES (?, ?, ?, ?)"));
  q.bind(1, input)
      .bind(2, part)
      .bind(3, static_cast<std::int64_t>(positions))
      .bind(4, static_cast<std::int64_t>(errors))
      .step();
}

void SqliteStore::finish_input(std::int64_t input, std::uint64_t positions, std::uint64_t errors) {
  Stmt q(db_, prepare("UPDATE inputs SET status='complete', positions=?, errors=?, reason='' WHERE "
                      "id=?"));
  q.bind(1, static_cast<std::int64_t>(positions))
      .bind(2, static_cast<std::int64_t>(errors))
      .bind(3, input)
      .step();
}

bool SqliteStore::fail_input(const std::string& path, std::int64_t size, std::int64_t mtime,
                             std::string_view kind, std::int64_t run, std::string_view reason) {
  std::int64_t id = 0;
  {
    Stmt q(db_, prepare("SELECT id, size, mtime, EXISTS (SELECT 1 FROM chunks WHERE "
                        "input=inputs.id) FROM inputs WHERE path=?"));
    q.bind(1, path);
    if (!q.step()) {
      Stmt ins(db_, prepare("INSERT INTO inputs(path, kind, size, mtime, status, run, reason) "
                            "VALUES (?, ?, ?, ?, 'failed', ?, ?)"));
      ins.bind(1, path).bind(2, kind).bind(3, size).bind(4, mtime).bind(5, run).bind(6, reason);
      ins.step();
      return true;
    }
    id = q.i64(0);
    // Positions read before, from a file that may well be the same: kept.
    const bool holds = q.i64(3) != 0;
    if (holds && (size < 0 || (q.i64(1) == size && q.i64(2) == mtime))) return false;
  }
  drop_chunks("input=?1", id);
  Stmt(db_, prepare("DELETE FROM parts WHERE input=?")).bind(1, id).step();
  Stmt(db_, prepare("DELETE FROM coverage WHERE input=?")).bind(1, id).step();
  Stmt up(db_, prepare("UPDATE inputs SET kind=?, size=?, mtime=?, status='failed', run=?, "
                       "positions=0, errors=0, reason=? WHERE id=?"));
  up.bind(1, kind).bind(2, size).bind(3, mtime).bind(4, run).bind(5, reason).bind(6, id).step();
  return true;
}

std::vector<std::uint32_t> SqliteStore::aircraft_to_rebuild() {
  std::vector<std::uint32_t> out;
  Stmt q(db_, prepare("SELECT icao FROM aircraft WHERE dirty ORDER BY icao"));
  while (q.step()) out.push_back(static_cast<std::uint32_t>(q.i64(0)));
  return out;
}

namespace {

// The same point from two inputs (a file copied, overlapping archives) counts once.
bool same_point(const Position& a, const Position& b) {
  return a.t == b.t && a.lat == b.lat && a.lon == b.lon && a.on_ground == b.on_ground;
}

}  // namespace

template <typename Take>
void SqliteStore::each_chunk(std::uint32_t icao, double from, double to,
                             std::vector<Position>& into, Take&& take) {
  Stmt q(db_, prepare("SELECT c.data, c.id, coalesce(i.path, ''), c.part FROM chunks c LEFT JOIN "
                      "inputs i ON i.id = c.input WHERE c.icao=? AND c.t1 >= ? AND c.t0 <= ? "
                      "ORDER BY c.t0, c.id"));
  q.bind(1, static_cast<std::int64_t>(icao)).bind(2, from).bind(3, to);
  while (q.step()) {
    const std::size_t first = into.size();
    if (!decode_chunk(q.bytes(0), icao, into)) {
      // Which input the positions came from, so that they can be read again.
      const std::string part = q.text(3);
      fail(db_, fmt::format("chunk {} of aircraft {:06x} is damaged (positions from {}{}{}); touch "
                            "that input and ingest it again to replace them",
                            q.i64(1), icao, q.text(2), part.empty() ? "" : ", member ", part));
    }
    take(first, q);
  }
}

std::vector<Position> SqliteStore::positions(std::uint32_t icao) {
  return decode_positions(chunks_of(icao));
}

StoredChunks SqliteStore::chunks_of(std::uint32_t icao) {
  StoredChunks out;
  out.icao = icao;
  out.database = path();
  Stmt q(db_, prepare("SELECT c.data, c.id, coalesce(i.path, ''), c.part, c.t0, c.t1, c.n FROM "
                      "chunks c LEFT JOIN inputs i ON i.id = c.input WHERE c.icao=? "
                      "ORDER BY c.t0, c.id"));
  q.bind(1, static_cast<std::int64_t>(icao));
  while (q.step()) {
    EncodedChunk c;
    c.icao = icao;
    c.data = std::string(q.bytes(0));
    c.t0 = q.real(4);
    c.t1 = q.real(5);
    c.n = static_cast<std::uint64_t>(q.i64(6));
    out.chunks.push_back(std::move(c));
    const std::string part = q.text(3);
    out.names.push_back(
        fmt::format("chunk {} of aircraft {:06x} is damaged (positions from {}{}{})", q.i64(1),
                    icao, q.text(2), part.empty() ? "" : ", member ", part));
  }
  return out;
}

std::vector<Position> decode_positions(const StoredChunks& chunks) {
  std::vector<Position> out;
  for (std::size_t i = 0; i < chunks.chunks.size(); ++i)
    if (!decode_chunk(chunks.chunks[i].data, chunks.icao, out))
      throw std::runtime_error(
          fmt::format("{}: {}; touch that input and ingest it again to replace them",
                      chunks.database.empty() ? "database" : chunks.database, chunks.names[i]));
  std::stable_sort(out.begin(), out.end(),
                   [](const Position& a, const Position& b) { return a.t < b.t; });
  out.erase(std::unique(out.begin(), out.end(), same_point), out.end());
  return out;
}

std::vector<SourcedPosition> SqliteStore::positions_with_source(std::uint32_t icao, double from,
                                                                double to) {
  std::vector<SourcedPosition> out;
  std::vector<Position> decoded;
  each_chunk(icao, from, to, decoded, [&](std::size_t first, Stmt& q) {
    const std::string input = q.text(2), part = q.text(3);
    for (std::size_t k = first; k < decoded.size(); ++k)
      if (decoded[k].t >= from && decoded[k].t <= to) out.push_back({decoded[k], input, part});
  });
  std::stable_sort(out.begin(), out.end(), [](const SourcedPosition& a, const SourcedPosition& b) {
    return a.position.t < b.position.t;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const SourcedPosition& a, const SourcedPosition& b) {
                          return same_point(a.position, b.position);
                        }),
            out.end());
  return out;
}

void SqliteStore::replace_legs(std::uint32_t icao, const std::vector<LegRecord>& legs,
                               const std::vector<UnobservedStop>& stops, std::uint64_t positions,
                               std::uint64_t rejected) {
  const auto a = static_cast<std::int64_t>(icao);
  drop_itineraries(icao);  // they name the legs about to go
  Stmt(db_, prepare("DELETE FROM legs WHERE icao=?")).bind(1, a).step();
  Stmt(db_, prepare("DELETE FROM stops WHERE icao=?")).bind(1, a).step();
  for (const auto& r : legs) {
    const auto& l = r.leg;
    Stmt q(
        db_,
        prepare("INSERT INTO legs(icao, callsign, origin, origin_country, origin_candidates, "
                "origin_how, origin_evidence, takeoff_time, destination, destination_country, "
                "destination_candidates, destination_how, destination_evidence, landing_time, "
                "positions, track, takeoff_seen, takeoff_from, takeoff_to, landing_seen, "
                "landing_from, landing_to) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    q.bind(1, a)
        .bind(2, l.callsign)
        .bind(3, l.origin.airport)
        .bind(4, r.origin_country)
        .bind(5, fmt::format("{}", fmt::join(l.origin.candidates, " ")))
        .bind(6, end_how_name(l.origin.how))
        .bind(7, end_evidence_name(l.origin.evidence))
        .bind(8, l.origin.time)
        .bind(9, l.destination.airport)
        .bind(10, r.destination_country)
        .bind(11, fmt::format("{}", fmt::join(l.destination.candidates, " ")))
        .bind(12, end_how_name(l.destination.how))
        .bind(13, end_evidence_name(l.destination.evidence))
        .bind(14, l.destination.time)
        .bind(15, static_cast<std::int64_t>(l.positions))
        .bind(16, track_json(r.track))
        .bind(17, l.origin.sighting())
        .bind(20, l.destination.sighting());
    // No window: NULL, as the statement's bindings were cleared.
    if (l.origin.window) q.bind(18, l.origin.window->first).bind(19, l.origin.window->second);
    if (l.destination.window)
      q.bind(21, l.destination.window->first).bind(22, l.destination.window->second);
    q.step();
  }
  for (const auto& s : stops) {
    Stmt q(db_, prepare("INSERT INTO stops(icao, from_time, to_time, from_lat, from_lon, to_lat, "
                        "to_lon, reach_nm) VALUES (?,?,?,?,?,?,?,?)"));
    q.bind(1, a)
        .bind(2, s.from_time)
        .bind(3, s.to_time)
        .bind(4, s.from_lat)
        .bind(5, s.from_lon)
        .bind(6, s.to_lat)
        .bind(7, s.to_lon)
        .bind(8, s.reach_nm)
        .step();
  }
  Stmt u(db_, prepare("UPDATE aircraft SET dirty=0, positions=?2, rejected=?3, "
                      "first_seen=(SELECT min(t0) FROM chunks WHERE icao=?1), "
                      "last_seen=(SELECT max(t1) FROM chunks WHERE icao=?1) WHERE icao=?1"));
  u.bind(1, a)
      .bind(2, static_cast<std::int64_t>(positions))
      .bind(3, static_cast<std::int64_t>(rejected))
      .step();
}

std::vector<LegRecord> SqliteStore::legs(const LegQuery& query) {
  std::string sql =
      "SELECT id, icao, callsign, origin, origin_country, origin_candidates, origin_how, "
      "origin_evidence, takeoff_time, destination, destination_country, destination_candidates, "
      "destination_how, destination_evidence, landing_time, positions, takeoff_seen, "
      "takeoff_from, takeoff_to, landing_seen, landing_from, landing_to, ";
  sql += query.with_track ? "track" : "''";
  sql += " FROM legs WHERE 1";
  if (query.id) sql += " AND id=:id";
  if (query.icao) sql += " AND icao=:icao";
  if (query.from) sql += " AND landing_time >= :from";
  if (query.to) sql += " AND takeoff_time < :to";
  const char* unknown = query.or_unknown_end ? " OR origin='' OR destination=''" : "";
  if (!query.airport.empty())
    sql += fmt::format(" AND (origin=:airport OR destination=:airport{})", unknown);
  if (!query.country.empty())
    sql += fmt::format(" AND (origin_country=:country OR destination_country=:country{})", unknown);
  sql += " ORDER BY takeoff_time, icao";
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
    fail(db_, sqlite3_errmsg(db_));
  auto bind_text = [&](const char* name, const std::string& v) {
    const int i = sqlite3_bind_parameter_index(s, name);
    if (i) sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT);
  };
  std::vector<LegRecord> out;
  try {
    Stmt q(db_, s);
    if (query.id) sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":id"), *query.id);
    if (query.icao)
      sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":icao"),
                         static_cast<std::int64_t>(*query.icao));
    if (query.from) sqlite3_bind_double(s, sqlite3_bind_parameter_index(s, ":from"), *query.from);
    if (query.to) sqlite3_bind_double(s, sqlite3_bind_parameter_index(s, ":to"), *query.to);
    bind_text(":airport", query.airport);
    bind_text(":country", query.country);
    while (q.step()) {
      LegRecord r;
      r.id = q.i64(0);
      auto& l = r.leg;
      l.icao = static_cast<std::uint32_t>(q.i64(1));
      l.callsign = q.text(2);
      l.origin.airport = q.text(3);
      r.origin_country = q.text(4);
      l.origin.candidates = split(q.text(5));
      l.origin.how = how_from(q.text(6));
      l.origin.evidence = evidence_from(q.text(7));
      l.origin.time = q.real(8);
      l.destination.airport = q.text(9);
      r.destination_country = q.text(10);
      l.destination.candidates = split(q.text(11));
      l.destination.how = how_from(q.text(12));
      l.destination.evidence = evidence_from(q.text(13));
      l.destination.time = q.real(14);
      l.positions = static_cast<std::uint64_t>(q.i64(15));
      const auto null = [&](int c) { return sqlite3_column_type(s, c) == SQLITE_NULL; };
      const auto window = [&](int c) -> std::optional<std::pair<double, double>> {
        if (null(c)) return std::nullopt;
        return std::pair{q.real(c), q.real(c + 1)};
      };
      if (!null(16)) l.origin.seen = q.real(16);
      l.origin.window = window(17);
      if (!null(19)) l.destination.seen = q.real(19);
      l.destination.window = window(20);
      if (query.with_track) r.track = track_from(q.text(22));
      out.push_back(std::move(r));
    }
  } catch (...) {
    sqlite3_finalize(s);
    throw;
  }
  sqlite3_finalize(s);
  return out;
}

std::optional<LegRecord> SqliteStore::leg(std::int64_t id) {
  LegQuery q;
  q.id = id;
  q.with_track = true;
  auto found = legs(q);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<std::uint32_t> SqliteStore::aircraft_with_legs() {
  std::vector<std::uint32_t> out;
  Stmt q(db_, prepare("SELECT DISTINCT icao FROM legs ORDER BY icao"));
  while (q.step()) out.push_back(static_cast<std::uint32_t>(q.i64(0)));
  return out;
}

std::optional<std::pair<double, double>> SqliteStore::leg_time_range() {
  Stmt q(db_, prepare("SELECT min(takeoff_time), max(landing_time), count(*) FROM legs"));
  if (!q.step() || q.i64(2) == 0) return std::nullopt;
  return std::pair{q.real(0), q.real(1)};
}

void SqliteStore::drop_itineraries(std::uint32_t icao) {
  const auto a = static_cast<std::int64_t>(icao);
  Stmt(db_, prepare("DELETE FROM leg_roles WHERE itinerary IN (SELECT id FROM itineraries WHERE "
                    "icao=?)"))
      .bind(1, a)
      .step();
  Stmt(db_, prepare("DELETE FROM itineraries WHERE icao=?")).bind(1, a).step();
  Stmt(db_, prepare("DELETE FROM itinerary_sets WHERE icao=?")).bind(1, a).step();
}

void SqliteStore::put_itineraries(StoredItineraries& set) {
  drop_itineraries(set.icao);
  const auto a = static_cast<std::int64_t>(set.icao);
  Stmt(db_, prepare("INSERT INTO itinerary_sets(icao, profile, guesses) VALUES (?, ?, ?)"))
      .bind(1, a)
      .bind(2, set.profile)
      .bind(3, set.guesses)
      .step();
  for (auto& it : set.itineraries) {
    Stmt(db_, prepare("INSERT INTO itineraries(icao, base, back_at_base, start_time, end_time) "
                      "VALUES (?, ?, ?, ?, ?)"))
        .bind(1, a)
        .bind(2, it.base)
        .bind(3, std::int64_t{it.back_at_base})
        .bind(4, it.start)
        .bind(5, it.end)
        .step();
    it.id = sqlite3_last_insert_rowid(db_);
    std::int64_t seq = 0;
    for (const auto& r : it.legs) {
      Stmt(db_, prepare("INSERT INTO leg_roles(leg, itinerary, seq, role, country, counted, "
                        "reason, guess, origin_guess) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"))
          .bind(1, r.leg)
          .bind(2, it.id)
          .bind(3, seq++)
          .bind(4, r.role)
          .bind(5, r.country)
          .bind(6, std::int64_t{r.counted})
          .bind(7, r.reason)
          .bind(8, std::int64_t{r.guess})
          .bind(9, std::int64_t{r.origin_guess})
          .step();
    }
  }
}

std::vector<StoredItineraries> SqliteStore::read_itineraries(std::string_view profile,
                                                             std::int64_t icao) {
  // Two ordered scans merged by address: the sets, and their itineraries'
  // legs in order. icao < 0 reads every aircraft.
  std::vector<StoredItineraries> out;
  Stmt sets(db_, prepare("SELECT icao, guesses FROM itinerary_sets WHERE profile=?1 AND "
                         "(?2 < 0 OR icao=?2) ORDER BY icao"));
  sets.bind(1, profile).bind(2, icao);
  while (sets.step()) {
    StoredItineraries set;
    set.icao = static_cast<std::uint32_t>(sets.i64(0));
    set.profile = std::string(profile);
    set.guesses = sets.text(1);
    out.push_back(std::move(set));
  }
  Stmt rows(db_, prepare("SELECT i.icao, i.id, i.base, i.back_at_base, i.start_time, i.end_time, "
                         "r.leg, r.role, r.country, r.counted, r.reason, r.guess, r.origin_guess "
                         "FROM itinerary_sets s JOIN itineraries i ON i.icao = s.icao "
                         "LEFT JOIN leg_roles r ON r.itinerary = i.id WHERE s.profile=?1 AND "
                         "(?2 < 0 OR s.icao=?2) ORDER BY i.icao, i.start_time, i.id, r.seq"));
  rows.bind(1, profile).bind(2, icao);
  std::size_t k = 0;
  while (rows.step()) {
    const auto a = static_cast<std::uint32_t>(rows.i64(0));
    while (k < out.size() && out[k].icao < a) ++k;
    if (k == out.size() || out[k].icao != a) continue;  // written between the scans
    auto& its = out[k].itineraries;
    const std::int64_t id = rows.i64(1);
    if (its.empty() || its.back().id != id) {
      StoredItinerary it;
      it.id = id;
      it.base = rows.text(2);
      it.back_at_base = rows.i64(3) != 0;
      it.start = rows.real(4);
      it.end = rows.real(5);
      its.push_back(std::move(it));
    }
    if (rows.text(7).empty()) continue;  // an itinerary without legs
    StoredRole r;
    r.leg = rows.i64(6);
    r.role = rows.text(7);
    r.country = rows.text(8);
    r.counted = rows.i64(9) != 0;
    r.reason = rows.text(10);
    r.guess = static_cast<int>(rows.i64(11));
    r.origin_guess = static_cast<int>(rows.i64(12));
    its.back().legs.push_back(std::move(r));
  }
  return out;
}

std::vector<StoredItineraries> SqliteStore::itineraries(std::string_view profile) {
  return read_itineraries(profile, -1);
}

std::optional<StoredItineraries> SqliteStore::itineraries_of(std::uint32_t icao,
                                                             std::string_view profile) {
  auto v = read_itineraries(profile, static_cast<std::int64_t>(icao));
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

void SqliteStore::set_coverage(std::int64_t input, std::span<const TimeSpan> spans) {
  Stmt(db_, prepare("DELETE FROM coverage WHERE input=?")).bind(1, input).step();
  for (const auto& span : spans)
    Stmt(db_, prepare("INSERT INTO coverage(input, from_time, to_time) VALUES (?, ?, ?)"))
        .bind(1, input)
        .bind(2, span.from)
        .bind(3, span.to)
        .step();
}

std::optional<TimeSpan> SqliteStore::input_positions_span(std::int64_t input) {
  Stmt q(db_, prepare("SELECT min(t0), max(t1), count(*) FROM chunks WHERE input=?"));
  q.bind(1, input);
  if (!q.step() || q.i64(2) == 0) return std::nullopt;
  return TimeSpan{q.real(0), q.real(1)};
}

std::vector<TimeSpan> SqliteStore::coverage() {
  std::vector<TimeSpan> spans;
  // A failed input covers nothing: fail_input drops its rows, and the join
  // leaves out any that a failed input could still have.
  Stmt q(db_, prepare("SELECT c.from_time, c.to_time FROM coverage c JOIN inputs i ON i.id = "
                      "c.input WHERE i.status <> 'failed' ORDER BY c.from_time"));
  while (q.step()) spans.push_back({q.real(0), q.real(1)});
  return merge_spans(std::move(spans));
}

std::vector<std::uint32_t> SqliteStore::aircraft_without_itineraries(std::string_view profile) {
  std::vector<std::uint32_t> out;
  Stmt q(db_, prepare("SELECT DISTINCT l.icao FROM legs l WHERE NOT EXISTS (SELECT 1 FROM "
                      "itinerary_sets s WHERE s.icao = l.icao AND s.profile = ?) ORDER BY l.icao"));
  q.bind(1, profile);
  while (q.step()) out.push_back(static_cast<std::uint32_t>(q.i64(0)));
  return out;
}

std::vector<UnobservedStop> SqliteStore::stops(const LegQuery& query) {
  std::vector<UnobservedStop> out;
  Stmt q(db_, prepare("SELECT icao, from_time, to_time, from_lat, from_lon, to_lat, to_lon, "
                      "reach_nm FROM stops WHERE (?1 < 0 OR icao=?1) AND to_time >= ?2 AND "
                      "from_time < ?3 ORDER BY from_time, icao"));
  q.bind(1, query.icao ? static_cast<std::int64_t>(*query.icao) : std::int64_t{-1})
      .bind(2, query.from.value_or(-1e18))
      .bind(3, query.to.value_or(1e18));
  while (q.step()) {
    UnobservedStop s;
    s.icao = static_cast<std::uint32_t>(q.i64(0));
    s.from_time = q.real(1);
    s.to_time = q.real(2);
    s.from_lat = q.real(3);
    s.from_lon = q.real(4);
    s.to_lat = q.real(5);
    s.to_lon = q.real(6);
    s.reach_nm = q.real(7);
    out.push_back(s);
  }
  return out;
}

void SqliteStore::set_aircraft_info(std::uint32_t icao, std::string_view registration,
                                    std::string_view type) {
  Stmt q(db_,
         prepare("INSERT INTO aircraft(icao, dirty, registration, type) VALUES (?1, 1, ?2, ?3) "
                 "ON CONFLICT(icao) DO UPDATE SET "
                 "registration=CASE WHEN ?2 <> '' THEN ?2 ELSE registration END, "
                 "type=CASE WHEN ?3 <> '' THEN ?3 ELSE type END"));
  q.bind(1, static_cast<std::int64_t>(icao)).bind(2, registration).bind(3, type).step();
}

void SqliteStore::put_aircraft_record(const AircraftRecord& r, std::string_view source) {
  // A later import fills in what it knows and keeps what it does not.
  Stmt q(db_, prepare("INSERT INTO aircraft_db(icao, registration, type, description, operator, "
                      "owner, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                      "ON CONFLICT(icao) DO UPDATE SET "
                      "registration=coalesce(nullif(?2, ''), registration), "
                      "type=coalesce(nullif(?3, ''), type), "
                      "description=coalesce(nullif(?4, ''), description), "
                      "operator=coalesce(nullif(?5, ''), operator), "
                      "owner=coalesce(nullif(?6, ''), owner), source=?7"));
  q.bind(1, static_cast<std::int64_t>(r.icao))
      .bind(2, r.registration)
      .bind(3, r.type)
      .bind(4, r.description)
      .bind(5, r.operator_name)
      .bind(6, r.owner)
      .bind(7, source)
      .step();
}

void SqliteStore::replace_encounters(std::span<const EncounterCount> counts,
                                     std::string_view source) {
  // A table covers whole months: what it has for a month replaces what an
  // earlier import had for that month, and counts within it add up.
  std::set<std::string> months;
  for (const auto& c : counts) months.insert(c.month);
  for (const auto& m : months) {
    Stmt del(db_, prepare("DELETE FROM encounters WHERE month=?"));
    del.bind(1, m).step();
  }
  for (const auto& c : counts) {
    Stmt q(db_, prepare("INSERT INTO encounters(month, citizenship, country, encounters, source) "
                        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(month, citizenship) DO UPDATE "
                        "SET encounters=encounters+?4"));
    q.bind(1, c.month)
        .bind(2, c.citizenship)
        .bind(3, c.country)
        .bind(4, static_cast<std::int64_t>(c.encounters))
        .bind(5, source)
        .step();
  }
}

std::map<std::string, std::uint64_t> SqliteStore::encounter_sums(const char* sql,
                                                                 std::string_view key) {
  std::map<std::string, std::uint64_t> out;
  Stmt q(db_, prepare(sql));
  q.bind(1, key);
  while (q.step()) out[q.text(0)] = static_cast<std::uint64_t>(q.i64(1));
  return out;
}

std::map<std::string, std::uint64_t> SqliteStore::encounters_by_month(std::string_view country) {
  return encounter_sums(
      "SELECT month, sum(encounters) FROM encounters WHERE country=? GROUP BY month", country);
}

std::map<std::string, std::uint64_t> SqliteStore::encounters_by_country(std::string_view month) {
  return encounter_sums(
      "SELECT country, sum(encounters) FROM encounters WHERE month=? GROUP BY country", month);
}

std::optional<AircraftDbEntry> SqliteStore::aircraft_record(std::uint32_t icao) {
  Stmt q(db_, prepare("SELECT registration, type, description, operator, owner, source FROM "
                      "aircraft_db WHERE icao=?"));
  q.bind(1, static_cast<std::int64_t>(icao));
  if (!q.step()) return std::nullopt;
  AircraftDbEntry e;
  e.record.icao = icao;
  e.record.registration = q.text(0);
  e.record.type = q.text(1);
  e.record.description = q.text(2);
  e.record.operator_name = q.text(3);
  e.record.owner = q.text(4);
  e.source = q.text(5);
  return e;
}

AircraftDbEntry SqliteStore::describe(std::uint32_t icao) {
  AircraftDbEntry e;
  if (auto imported = aircraft_record(icao)) e = std::move(*imported);
  e.record.icao = icao;
  auto [registration, type] = aircraft_info(icao);  // what trace files said
  if (e.record.registration.empty()) e.record.registration = std::move(registration);
  if (e.record.type.empty()) e.record.type = std::move(type);
  return e;
}

std::optional<std::uint32_t> SqliteStore::find_aircraft(std::string_view name) {
  {
    Stmt r(db_,
           prepare("SELECT icao FROM aircraft_db WHERE registration=? COLLATE NOCASE LIMIT 1"));
    r.bind(1, name);
    if (r.step()) return static_cast<std::uint32_t>(r.i64(0));
  }
  {
    Stmt r(db_, prepare("SELECT icao FROM aircraft WHERE registration=? COLLATE NOCASE LIMIT 1"));
    r.bind(1, name);
    if (r.step()) return static_cast<std::uint32_t>(r.i64(0));
  }
  const std::string_view callsign = name;
  Stmt q(db_, prepare("SELECT icao FROM legs WHERE callsign=? COLLATE NOCASE GROUP BY icao "
                      "ORDER BY count(*) DESC LIMIT 1"));
  q.bind(1, callsign);
  if (q.step()) return static_cast<std::uint32_t>(q.i64(0));
  return std::nullopt;
}

std::string SqliteStore::path() const {
  const char* f = sqlite3_db_filename(db_, "main");
  return f ? f : "";
}

std::pair<std::string, std::string> SqliteStore::aircraft_info(std::uint32_t icao) {
  Stmt q(db_, prepare("SELECT registration, type FROM aircraft WHERE icao=?"));
  q.bind(1, static_cast<std::int64_t>(icao));
  if (q.step()) return {q.text(0), q.text(1)};
  return {};
}

std::optional<double> SqliteStore::last_position_before(std::uint32_t icao, double before) {
  Stmt q(db_, prepare("SELECT max(t1) FROM chunks WHERE icao=? AND t1 < ?"));
  q.bind(1, static_cast<std::int64_t>(icao)).bind(2, before);
  if (!q.step() || sqlite3_column_type(q.raw(), 0) == SQLITE_NULL) return std::nullopt;
  return q.real(0);
}

namespace {
AlertRecord alert_from(Stmt& q) {
  AlertRecord a;
  a.seq = q.i64(0);
  a.id = q.text(1);
  a.type = q.text(2);
  a.icao = static_cast<std::uint32_t>(q.i64(3));
  a.time = q.real(4);
  a.record = q.text(5);
  return a;
}
}  // namespace

bool SqliteStore::put_alert(AlertRecord& a) {
  Stmt q(db_, prepare("INSERT OR IGNORE INTO alerts(id, type, icao, time, record, recorded) "
                      "VALUES (?, ?, ?, ?, ?, ?)"));
  q.bind(1, a.id)
      .bind(2, a.type)
      .bind(3, static_cast<std::int64_t>(a.icao))
      .bind(4, a.time)
      .bind(5, a.record)
      .bind(6, now_iso())
      .step();
  if (sqlite3_changes(db_) == 0) return false;
  a.seq = sqlite3_last_insert_rowid(db_);
  return true;
}

std::optional<AlertRecord> SqliteStore::find_alert(std::uint32_t icao, std::string_view type,
                                                   double from, double to) {
  Stmt q(db_, prepare("SELECT seq, id, type, icao, time, record FROM alerts WHERE icao=? AND "
                      "type=? AND time BETWEEN ? AND ? ORDER BY seq LIMIT 1"));
  q.bind(1, static_cast<std::int64_t>(icao)).bind(2, type).bind(3, from).bind(4, to);
  if (!q.step()) return std::nullopt;
  return alert_from(q);
}

void SqliteStore::add_alert_sink(std::string_view sink) {
  Stmt q(db_, prepare("INSERT OR IGNORE INTO alert_sinks(name, since, added) VALUES (?, "
                      "(SELECT coalesce(max(seq), 0) FROM alerts), ?)"));
  q.bind(1, sink).bind(2, now_iso()).step();
}

std::vector<AlertRecord> SqliteStore::alerts_pending(std::string_view sink) {
  std::vector<AlertRecord> out;
  Stmt q(db_, prepare("SELECT a.seq, a.id, a.type, a.icao, a.time, a.record FROM alerts a JOIN "
                      "alert_sinks s ON s.name = ?1 WHERE a.seq > s.since AND NOT EXISTS "
                      "(SELECT 1 FROM alert_deliveries d WHERE d.seq = a.seq AND d.sink = ?1) "
                      "ORDER BY a.seq"));
  q.bind(1, sink);
  while (q.step()) out.push_back(alert_from(q));
  return out;
}

void SqliteStore::ack_alert(std::int64_t seq, std::string_view sink) {
  Stmt q(db_, prepare("INSERT OR IGNORE INTO alert_deliveries(seq, sink, delivered) VALUES (?, "
                      "?, ?)"));
  q.bind(1, seq).bind(2, sink).bind(3, now_iso()).step();
}

std::vector<AlertRecord> SqliteStore::alerts(std::int64_t after, std::size_t limit) {
  std::vector<AlertRecord> out;
  Stmt q(db_, prepare("SELECT seq, id, type, icao, time, record FROM alerts WHERE seq > ? ORDER "
                      "BY seq LIMIT ?"));
  q.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
  while (q.step()) out.push_back(alert_from(q));
  return out;
}

}  // namespace skywitness::store
