// The SQLite backend of the store: one file, WAL journal, schema migrations
// numbered by PRAGMA user_version and marked as skywitness's by PRAGMA
// application_id. Private to the store component: the rest of the project
// sees store::Store only.
#pragma once

#include <string>
#include <vector>

#include "skywitness/store/store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace skywitness::store {

class SqliteStore final : public Store {
 public:
  // Opens `path`; nullptr and `error` on failure (Store::open's rules).
  static std::unique_ptr<SqliteStore> open(const std::string& path, Access access,
                                           std::string& error);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  int schema_version() override;
  int opened_schema_version() const override { return opened_version_; }
  StoreSummary summary() override;
  bool read_only() const override { return read_only_; }
  std::string path() const override;
  void begin() override;
  void commit() override;
  void rollback() override;

  std::int64_t begin_run(std::string_view arguments) override;
  void end_run(std::int64_t run, const RunCounts& counts, std::string_view status) override;
  void add_error(std::int64_t run, std::string_view input, std::string_view location,
                 std::string_view message) override;
  std::vector<RunRecord> runs() override;
  std::vector<ErrorRecord> errors(std::int64_t run) override;

  InputState input(const std::string& path, std::int64_t size, std::int64_t mtime,
                   std::string_view selection, std::string_view kind, std::int64_t run,
                   std::int64_t& id) override;
  std::unordered_set<std::string> finished_parts(std::int64_t input) override;
  void put_chunk(std::int64_t input, std::string_view part, const EncodedChunk& chunk) override;
  StoredChunks chunks_of(std::uint32_t icao) override;
  void put_positions(std::int64_t input, std::string_view part, std::uint32_t icao,
                     std::span<const Position> positions) override;
  void finish_part(std::int64_t input, std::string_view part, std::uint64_t positions,
                   std::uint64_t errors) override;
  void finish_input(std::int64_t input, std::uint64_t positions, std::uint64_t errors) override;
  bool fail_input(const std::string& path, std::int64_t size, std::int64_t mtime,
                  std::string_view kind, std::int64_t run, std::string_view reason) override;
  std::vector<std::uint32_t> aircraft_to_rebuild() override;
  std::vector<Position> positions(std::uint32_t icao) override;
  std::vector<SourcedPosition> positions_with_source(std::uint32_t icao, double from,
                                                     double to) override;
  std::optional<double> last_position_before(std::uint32_t icao, double before) override;

  void replace_legs(std::uint32_t icao, const std::vector<LegRecord>& legs,
                    const std::vector<UnobservedStop>& stops, std::uint64_t positions,
                    std::uint64_t rejected) override;
  std::vector<LegRecord> legs(const LegQuery& query) override;
  std::optional<LegRecord> leg(std::int64_t id) override;
  std::vector<UnobservedStop> stops(const LegQuery& query) override;
  std::vector<std::uint32_t> aircraft_with_legs() override;
  std::optional<std::pair<double, double>> leg_time_range() override;

  void set_aircraft_info(std::uint32_t icao, std::string_view registration,
                         std::string_view type) override;
  void put_aircraft_record(const AircraftRecord& r, std::string_view source) override;
  std::optional<AircraftDbEntry> aircraft_record(std::uint32_t icao) override;
  AircraftDbEntry describe(std::uint32_t icao) override;
  std::optional<std::uint32_t> find_aircraft(std::string_view name) override;
  std::pair<std::string, std::string> aircraft_info(std::uint32_t icao) override;

  void replace_encounters(std::span<const EncounterCount> counts, std::string_view source) override;
  std::map<std::string, std::uint64_t> encounters_by_month(std::string_view country) override;
  std::map<std::string, std::uint64_t> encounters_by_country(std::string_view month) override;

  void put_itineraries(StoredItineraries& set) override;
  std::vector<StoredItineraries> itineraries(std::string_view profile) override;
  std::optional<StoredItineraries> itineraries_of(std::uint32_t icao,
                                                  std::string_view profile) override;
  std::vector<std::uint32_t> aircraft_without_itineraries(std::string_view profile) override;

  void set_coverage(std::int64_t input, std::span<const TimeSpan> spans) override;
  std::optional<TimeSpan> input_positions_span(std::int64_t input) override;
  std::vector<TimeSpan> coverage() override;

  bool put_alert(AlertRecord& alert) override;
  std::optional<AlertRecord> find_alert(std::uint32_t icao, std::string_view type, double from,
                                        double to) override;
  void add_alert_sink(std::string_view sink) override;
  std::vector<AlertRecord> alerts_pending(std::string_view sink) override;
  void ack_alert(std::int64_t seq, std::string_view sink) override;
  std::vector<AlertRecord> alerts(std::int64_t after, std::size_t limit) override;

 private:
  SqliteStore(sqlite3* db, bool read_only);
  void exec(const char* sql);
  sqlite3_stmt* prepare(const char* sql);
  void mark_dirty(std::uint32_t icao);
  void drop_chunks(const char* where_sql, std::int64_t input);
  void drop_itineraries(std::uint32_t icao);
  // Decodes the aircraft's chunks overlapping [from, to], in time order,
  // appending each one's positions to `into` and then calling
  // take(first index it appended, the row: 2 its input, 3 its member); a
  // damaged chunk ends the read, naming its input.
  template <typename Take>
  void each_chunk(std::uint32_t icao, double from, double to, std::vector<Position>& into,
                  Take&& take);
  // key -> sum for a two-column query with one text parameter.
  std::map<std::string, std::uint64_t> encounter_sums(const char* sql, std::string_view key);
  // The itineraries made with `profile`, of one aircraft or (icao < 0) all.
  std::vector<StoredItineraries> read_itineraries(std::string_view profile, std::int64_t icao);

  sqlite3* db_;
  bool read_only_;
  int opened_version_ = 0;
  std::vector<sqlite3_stmt*> statements_;
  std::string scratch_;
};

}  // namespace skywitness::store
