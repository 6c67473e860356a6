// The store: the positions ingested, per input and aircraft, as compressed
// chunks; the legs rebuilt from them with their evidence and a simplified
// track; the unobserved stops; the itineraries and leg roles made from the
// legs; imported aircraft databases and border encounters; and a record of
// every ingest run with its counts and errors. Behind small interfaces; the
// embedded backend is one SQLite file (WAL journal, versioned schema).
// Schema and guarantees: docs/store.md.
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
#include <utility>
#include <vector>

#include "skywitness/core/aircraft.hpp"
#include "skywitness/core/coverage.hpp"
#include "skywitness/core/encounter.hpp"
#include "skywitness/core/leg.hpp"
#include "skywitness/core/position.hpp"

namespace skywitness::store {

struct LegQuery {
  std::optional<std::int64_t> id;  // one leg (LegRecord::id)
  std::optional<std::uint32_t> icao;
  std::optional<double> from, to;  // the leg overlaps [from, to)
  std::string airport;             // either end
  std::string country;             // either end, ISO 3166-1 alpha-2
  // With airport or country: legs with an end not known come too, whatever
  // their other end, for the caller to match against the end's guess (the
  // stop guesses are not columns of the leg).
  bool or_unknown_end = false;
  bool with_track = false;
};

struct RunCounts {
  std::uint64_t inputs = 0, inputs_skipped = 0, inputs_failed = 0;
  std::uint64_t parts = 0, parts_skipped = 0;
  std::uint64_t positions = 0, errors = 0;
  std::uint64_t aircraft_rebuilt = 0, legs = 0, stops = 0;
  std::uint64_t fragments = 0;  // dropped by the segmenter: not flights
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
  kPartial,  // a run stopped inside it, or it failed: finished parts are kept, the rest redone
  kChanged,  // its size, modification time or selection changed: its positions are replaced
};

// What an aircraft's itineraries are, as the analysis component stored them
// for one profile: the store keeps them without knowing the rules (roles are
// a layer above), so roles and countries are their names and the stop
// guesses a JSON document the analysis component reads back.
struct StoredRole {
  std::int64_t leg = 0;  // LegRecord::id
  std::string role;      // roles::role_name
  std::string country;   // the country a removal counts for, else empty
  bool counted = false;
  std::string reason;
  int guess = -1, origin_guess = -1;  // index into the set's guesses, -1 for none
};

struct StoredItinerary {
  std::int64_t id = 0;
  std::string base;
  bool back_at_base = false;
  double start = 0, end = 0;  // the first takeoff and the last landing
  std::vector<StoredRole> legs;
};

struct StoredItineraries {
  std::uint32_t icao = 0;
  std::string profile;  // the key of the profile that made them (name and fingerprint)
  std::string guesses;  // JSON: the unobserved stops' guesses
  std::vector<StoredItinerary> itineraries;
};

// One stored position with the input it came from: the file (for a split
// archive its stem) and the archive member, "" for a whole file.
struct SourcedPosition {
  Position position;
  std::string input, part;
};

// An input that the last run to try it could not read, and why, in words
// ("no such file or folder", "looks like a PNG image, ...").
struct FailedInput {
  std::string path, reason;
  std::int64_t run = 0;  // the run that tried it last
};

// One aircraft's positions as a chunk row holds them: its time span, the
// count and the compressed blob. Encoding is the costly part of storing
// positions and touches no database, so ingest's workers do it and the one
// writer only inserts (PositionStore::put_chunk).
struct EncodedChunk {
  std::uint32_t icao = 0;
  double t0 = 0, t1 = 0;
  std::uint64_t n = 0;
  std::string data;
};
// Throws std::runtime_error when the positions cannot be compressed.
EncodedChunk encode_positions(std::uint32_t icao, std::span<const Position> positions);

// One aircraft's chunks as read, with what names each for a message when it
// turns out damaged (its id, input and member).
struct StoredChunks {
  std::uint32_t icao = 0;
  std::string database;  // the file, for the message
  std::vector<EncodedChunk> chunks;
  std::vector<std::string>
      names;  // one per chunk: "chunk 12 of aircraft a8f007 ... (positions from FILE)"
};
// Decoded, in time order, duplicates removed; a damaged chunk throws
// std::runtime_error naming it and the input to read again.
std::vector<Position> decode_positions(const StoredChunks& chunks);

// What a database holds, in numbers (skywitness status).
struct StoreSummary {
  std::uint64_t inputs = 0, inputs_complete = 0, inputs_partial = 0, inputs_failed = 0;
  std::uint64_t inputs_with_errors = 0;  // complete or partial, with errors
  std::uint64_t positions = 0, aircraft = 0, legs = 0, stops = 0, itinerary_sets = 0;
  std::uint64_t runs = 0, aircraft_db_records = 0, encounter_rows = 0;
  std::vector<std::string> inputs_with_errors_paths;  // the first few (not the failed)
  std::vector<FailedInput> failed_inputs;             // the first few, by path
};

// An alert of `skywitness live` as recorded, before any sink is given it
// (docs/live.md): recorded first, then sent to each sink until it
// acknowledges it, so that none is lost or sent twice across restarts.
struct AlertRecord {
  std::int64_t seq = 0;  // the order alerts were recorded in
  std::string id, type;
  std::uint32_t icao = 0;
  double time = 0;
  std::string record;  // the JSON object the sinks are given
};

// ---------------------------------------------------------------- interfaces
// The store is a set of small interfaces, one per kind of record, in the
// manner of leveldb's: the jobs (ingest, analysis, and later live and serve)
// are written against these, and a backend implements them all. SQLite is the
// embedded one (src/store/sqlite_store.hpp); nothing public names it.

// Ingest runs and the errors they met.
class RunLog {
 public:
  virtual ~RunLog() = default;
  virtual std::int64_t begin_run(std::string_view arguments) = 0;
  virtual void end_run(std::int64_t run, const RunCounts& counts, std::string_view status) = 0;
  // Errors are all counted by the caller, which keeps the first kMaxErrorsPerRun here.
  static constexpr int kMaxErrorsPerRun = 10000;
  virtual void add_error(std::int64_t run, std::string_view input, std::string_view location,
                         std::string_view message) = 0;
  virtual std::vector<RunRecord> runs() = 0;
  virtual std::vector<ErrorRecord> errors(std::int64_t run) = 0;
};

// Inputs and the positions they held, per aircraft (call inside
// begin()/commit()).
class PositionStore {
 public:
  virtual ~PositionStore() = default;
  // Registers an input (a file, or a whole archive) and says what is known of
  // it. A changed input loses its positions; a partial one loses those of its
  // unfinished parts. Either way their aircraft are marked for a rebuild.
  // `selection` names the aircraft filter the input is read with ("" for all):
  // a different filter makes the input changed.
  virtual InputState input(const std::string& path, std::int64_t size, std::int64_t mtime,
                           std::string_view selection, std::string_view kind, std::int64_t run,
                           std::int64_t& id) = 0;
  virtual std::unordered_set<std::string> finished_parts(std::int64_t input) = 0;
  // Positions of one aircraft from one part of an input ("" for a whole file).
  virtual void put_positions(std::int64_t input, std::string_view part, std::uint32_t icao,
                             std::span<const Position> positions) = 0;
  // The same, encoded already (encode_positions, on any thread).
  virtual void put_chunk(std::int64_t input, std::string_view part, const EncodedChunk& chunk) = 0;
  virtual void finish_part(std::int64_t input, std::string_view part, std::uint64_t positions,
                           std::uint64_t errors) = 0;
  virtual void finish_input(std::int64_t input, std::uint64_t positions, std::uint64_t errors) = 0;
  // Records that an input could not be read, with `reason` in words: a new
  // one is registered as failed; a known one becomes failed and loses what
  // was stored of it (positions, finished parts, coverage; their aircraft are
  // marked for a rebuild). Except that a known one holding positions read
  // before is left as it was when nothing says its content changed since:
  // `size` < 0 (the path is not there to look at) or its size and
  // modification time as stored; then this returns false. A failed input is
  // never done: the next run that meets it reads it again.
  virtual bool fail_input(const std::string& path, std::int64_t size, std::int64_t mtime,
                          std::string_view kind, std::int64_t run, std::string_view reason) = 0;
  // Aircraft whose positions changed since their legs were built.
  virtual std::vector<std::uint32_t> aircraft_to_rebuild() = 0;
  // Every stored position of one aircraft, in time order, duplicates removed.
  virtual std::vector<Position> positions(std::uint32_t icao) = 0;
  // The same, read but not decoded: decode_positions() gives positions()'s
  // result from it on any thread (ingest decodes on its workers).
  virtual StoredChunks chunks_of(std::uint32_t icao) = 0;
  // The aircraft's positions in [from, to], in time order, each with the
  // input it came from (the same point from two inputs: the first stored).
  virtual std::vector<SourcedPosition> positions_with_source(std::uint32_t icao, double from,
                                                             double to) = 0;
  // The time of the aircraft's last stored position before `before`, from
  // any input; nullopt when none is stored (to the chunk: a chunk that
  // reaches past `before` is not counted).
  virtual std::optional<double> last_position_before(std::uint32_t icao, double before) = 0;
};

// Legs and unobserved stops, rebuilt per aircraft.
class LegStore {
 public:
  virtual ~LegStore() = default;
  // Replaces the aircraft's legs and stops, clears its rebuild mark, and
  // drops its stored itineraries (they named the legs replaced).
  virtual void replace_legs(std::uint32_t icao, const std::vector<LegRecord>& legs,
                            const std::vector<UnobservedStop>& stops, std::uint64_t positions,
                            std::uint64_t rejected) = 0;
  virtual std::vector<LegRecord> legs(const LegQuery& query) = 0;
  // One leg by its id (LegRecord::id), with its track; nullopt when none has it.
  virtual std::optional<LegRecord> leg(std::int64_t id) = 0;
  virtual std::vector<UnobservedStop> stops(const LegQuery& query) = 0;
  // Every aircraft with at least one leg, by address.
  virtual std::vector<std::uint32_t> aircraft_with_legs() = 0;
  // First takeoff and last landing over every leg; nullopt without legs.
  virtual std::optional<std::pair<double, double>> leg_time_range() = 0;
};

// What is known of each aircraft: from the inputs, and from imported databases.
class AircraftCatalogue {
 public:
  virtual ~AircraftCatalogue() = default;
  // Registration and type as an input gave them; empty values keep what is known.
  virtual void set_aircraft_info(std::uint32_t icao, std::string_view registration,
                                 std::string_view type) = 0;
  virtual void put_aircraft_record(const AircraftRecord& r, std::string_view source) = 0;
  virtual std::optional<AircraftDbEntry> aircraft_record(std::uint32_t icao) = 0;
  // Everything known of an aircraft: imported databases first, then what
  // trace files said (registration, type); fields empty when unknown.
  virtual AircraftDbEntry describe(std::uint32_t icao) = 0;
  // An aircraft's address from its registration (imported databases first,
  // then trace files), or else a callsign seen in its legs.
  virtual std::optional<std::uint32_t> find_aircraft(std::string_view name) = 0;
  // Registration and type of an aircraft, empty when unknown.
  virtual std::pair<std::string, std::string> aircraft_info(std::uint32_t icao) = 0;
};

// Border encounters. An import replaces the months it covers; rows of the
// same month and citizenship add up.
class EncounterStore {
 public:
  virtual ~EncounterStore() = default;
  virtual void replace_encounters(std::span<const EncounterCount> counts,
                                  std::string_view source) = 0;
  // month -> encounters of one country's citizens; and country -> encounters
  // in one month ("" holds the unmapped).
  virtual std::map<std::string, std::uint64_t> encounters_by_month(std::string_view country) = 0;
  virtual std::map<std::string, std::uint64_t> encounters_by_country(std::string_view month) = 0;
};

// Itineraries and leg roles, per aircraft, as one profile made them; gone
// when the aircraft's legs are rebuilt (LegStore::replace_legs).
class ItineraryStore {
 public:
  virtual ~ItineraryStore() = default;
  // Replaces the aircraft's stored itineraries; fills in the itineraries' ids.
  virtual void put_itineraries(StoredItineraries& set) = 0;
  // Every aircraft's stored itineraries made with profile `profile`, by
  // address (those made with another profile, or none, are left out).
  virtual std::vector<StoredItineraries> itineraries(std::string_view profile) = 0;
  // The same for one aircraft; nullopt when it has none for that profile.
  virtual std::optional<StoredItineraries> itineraries_of(std::uint32_t icao,
                                                          std::string_view profile) = 0;
  // Aircraft with legs and no itineraries made with `profile`, by address.
  virtual std::vector<std::uint32_t> aircraft_without_itineraries(std::string_view profile) = 0;
};

// Which times the inputs cover (skywitness/core/coverage.hpp): where there is
// no data, no flight seen is no finding.
class CoverageStore {
 public:
  virtual ~CoverageStore() = default;
  // Replaces the spans of time an input covers (call inside begin()/commit()).
  virtual void set_coverage(std::int64_t input, std::span<const TimeSpan> spans) = 0;
  // The first and last position stored from an input; nullopt without any.
  virtual std::optional<TimeSpan> input_positions_span(std::int64_t input) = 0;
  // Every input's spans, merged, in time order.
  virtual std::vector<TimeSpan> coverage() = 0;
};

// Alerts and their deliveries, per sink.
class AlertStore {
 public:
  virtual ~AlertStore() = default;
  // Records an alert and fills in its seq; false, with nothing written, when
  // one with its id is recorded already.
  virtual bool put_alert(AlertRecord& alert) = 0;
  // The first alert of this aircraft and type recorded with a time in
  // [from, to]: the same event met again (after a restart, or from a second
  // feed), which is not alerted twice.
  virtual std::optional<AlertRecord> find_alert(std::uint32_t icao, std::string_view type,
                                                double from, double to) = 0;
  // Registers a sink by name ("stdout", "file:/abs/path", "webhook:URL"): a
  // new one is owed the alerts recorded from now on, a known one keeps what
  // it is owed.
  virtual void add_alert_sink(std::string_view sink) = 0;
  // Alerts recorded since the sink was added that it has not acknowledged, in order.
  virtual std::vector<AlertRecord> alerts_pending(std::string_view sink) = 0;
  virtual void ack_alert(std::int64_t seq, std::string_view sink) = 0;
  // Alerts recorded after seq `after`, in order, at most `limit` of them.
  virtual std::vector<AlertRecord> alerts(std::int64_t after, std::size_t limit) = 0;
};

// A database: every interface above, transactions, and what it is.
class Store : public RunLog,
              public PositionStore,
              public LegStore,
              public AircraftCatalogue,
              public EncounterStore,
              public ItineraryStore,
              public CoverageStore,
              public AlertStore {
 public:
  enum class Access : std::uint8_t {
    kReadWrite,  // creates the database, or brings its schema up to date
    kReadOnly,   // never writes: the database must exist at the latest schema
  };
  // Opens a database (today a SQLite file). Refuses a file that is not a
  // skywitness database, one from a newer schema, and (read-only) one that
  // does not exist or needs a migration. On failure returns nullptr and sets
  // `error`, which names the file.
  static std::unique_ptr<Store> open(const std::string& path, std::string& error,
                                     Access access = Access::kReadWrite);
  static int latest_schema_version();

  virtual int schema_version() = 0;
  // The version the database had when it was opened, before any migration
  // (0 for a new one).
  virtual int opened_schema_version() const = 0;
  virtual StoreSummary summary() = 0;
  virtual bool read_only() const = 0;
  // The database file's absolute path.
  virtual std::string path() const = 0;

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

// Position chunks as stored: packed records compressed with zstd. The
// address is the chunk row's, so decoding is given it. Exposed for tests and
// the fuzz target.
std::string encode_chunk(std::span<const Position> positions);
bool decode_chunk(std::string_view blob, std::uint32_t icao, std::vector<Position>& out);

}  // namespace skywitness::store
