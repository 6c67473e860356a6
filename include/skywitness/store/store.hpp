// The embedded store: one SQLite file (WAL journal, versioned schema) holding
// the positions ingested, per input and aircraft, as compressed chunks; the
// legs rebuilt from them with their evidence and a simplified track; the
// unobserved stops; and a record of every ingest run with its counts and
// errors. Schema and guarantees: docs/store.md.
//
// Crash safety comes from transactions: an input's positions and the mark
// that its aircraft need their legs rebuilt are written together, and an
// aircraft's legs are replaced together with clearing that mark. A run killed
// anywhere leaves inputs either complete or resumable and legs that match the
// positions they were built from.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "skywitness/core/aircraft.hpp"
#include "skywitness/core/encounter.hpp"
#include "skywitness/core/leg.hpp"
#include "skywitness/core/position.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace skywitness::store {

struct LegQuery {
  std::optional<std::uint32_t> icao;
  std::optional<double> from, to;  // the leg overlaps [from, to)
  std::string airport;             // either end
  std::string country;             // either end, ISO 3166-1 alpha-2
  bool with_track = false;
};

struct RunCounts {
  std::uint64_t inputs = 0, inputs_skipped = 0, inputs_failed = 0;
  std::uint64_t parts = 0, parts_skipped = 0;
  std::uint64_t positions = 0, errors = 0;
  std::uint64_t aircraft_rebuilt = 0, legs = 0, stops = 0;
};

struct RunRecord {
  std::int64_t id = 0;
  std::string started, finished, status, arguments;
  RunCounts counts;
};

struct ErrorRecord {
  std::int64_t run = 0;
  std::string input, location, message;
};

// The state of an input when an ingest run reaches it.
enum class InputState : std::uint8_t {
  kNew,      // never seen
  kDone,     // ingested completely, unchanged since: skip it
  kPartial,  // a run stopped inside it: finished parts are kept, the rest redone
  kChanged,  // its size, modification time or selection changed: its positions are replaced
};

class Store {
 public:
  // Opens or creates the database and brings its schema up to date. On
  // failure returns nullptr and sets `error`.
  static std::unique_ptr<Store> open(const std::string& path, std::string& error);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static int latest_schema_version();
  int schema_version();

  // ---- ingest runs
  std::int64_t begin_run(std::string_view arguments);
  void end_run(std::int64_t run, const RunCounts& counts, std::string_view status);
  // Errors are all counted by the caller, which keeps the first kMaxErrorsPerRun here.
  static constexpr int kMaxErrorsPerRun = 10000;
  void add_error(std::int64_t run, std::string_view input, std::string_view location,
                 std::string_view message);
  std::vector<RunRecord> runs();
  std::vector<ErrorRecord> errors(std::int64_t run);

  // ---- inputs and their positions (call inside begin()/commit())
  // Registers an input (a file, or a whole archive) and says what is known of
  // it. A changed input loses its positions; a partial one loses those of its
  // unfinished parts. Either way their aircraft are marked for a rebuild.
  // `selection` names the aircraft filter the input is read with ("" for all):
  // a different filter makes the input changed.
  InputState input(const std::string& path, std::int64_t size, std::int64_t mtime,
                   std::string_view selection, std::string_view kind, std::int64_t run,
                   std::int64_t& id);
  std::unordered_set<std::string> finished_parts(std::int64_t input);
  // Positions of one aircraft from one part of an input ("" for a whole file).
  void put_positions(std::int64_t input, std::string_view part, std::uint32_t icao,
                     std::span<const Position> positions);
  void finish_part(std::int64_t input, std::string_view part, std::uint64_t positions,
                   std::uint64_t errors);
  void finish_input(std::int64_t input, std::uint64_t positions, std::uint64_t errors);

  // ---- legs
  std::vector<std::uint32_t> aircraft_to_rebuild();
  // Every stored position of one aircraft, in time order, duplicates removed.
  std::vector<Position> positions(std::uint32_t icao);
  // Replaces the aircraft's legs and stops and clears its rebuild mark.
  void replace_legs(std::uint32_t icao, const std::vector<LegRecord>& legs,
                    const std::vector<UnobservedStop>& stops, std::uint64_t positions,
                    std::uint64_t rejected);
  std::vector<LegRecord> legs(const LegQuery& query);
  std::vector<UnobservedStop> stops(const LegQuery& query);
  // Registration and type as an input gave them; empty values keep what is known.
  void set_aircraft_info(std::uint32_t icao, std::string_view registration, std::string_view type);
  // ---- imported aircraft databases
  void put_aircraft_record(const AircraftRecord& r, std::string_view source);
  std::optional<AircraftDbEntry> aircraft_record(std::uint32_t icao);

  // Border encounters. An import replaces the months it covers; rows of the
  // same month and citizenship add up.
  void replace_encounters(std::span<const EncounterCount> counts, std::string_view source);
  // month -> encounters of one country's citizens; and country -> encounters
  // in one month ("" holds the unmapped).
  std::map<std::string, std::uint64_t> encounters_by_month(std::string_view country);
  std::map<std::string, std::uint64_t> encounters_by_country(std::string_view month);
  // Everything known of an aircraft: imported databases first, then what
  // trace files said (registration, type); fields empty when unknown.
  AircraftDbEntry describe(std::uint32_t icao);

  // An aircraft's address from its registration (imported databases first,
  // then trace files), or else a callsign seen in its legs.
  std::optional<std::uint32_t> find_aircraft(std::string_view name);
  // Registration and type of an aircraft, empty when unknown.
  std::pair<std::string, std::string> aircraft_info(std::uint32_t icao);

  // ---- transactions
  void begin();
  void commit();
  void rollback();

  sqlite3* handle() { return db_; }
  // The database file's absolute path.
  std::string path() const;

 private:
  explicit Store(sqlite3* db);
  void exec(const char* sql);
  sqlite3_stmt* prepare(const char* sql);
  void mark_dirty(std::uint32_t icao);
  void drop_chunks(const char* where_sql, std::int64_t input);
  // key -> sum for a two-column query with one text parameter.
  std::map<std::string, std::uint64_t> encounter_sums(const char* sql, std::string_view key);

  sqlite3* db_;
  std::vector<sqlite3_stmt*> statements_;
  std::string scratch_;
};

// Position chunks as stored: packed records compressed with zstd. The
// address is the chunk row's, so decoding is given it. Exposed for tests and
// the fuzz target.
std::string encode_chunk(std::span<const Position> positions);
bool decode_chunk(std::string_view blob, std::uint32_t icao, std::vector<Position>& out);

}  // namespace skywitness::store
