// Snapshots of every aircraft a receiver or an aggregator sees at one moment,
// as people save them: readsb / tar1090 / dump1090 `aircraft.json`
// ({"now": seconds, "aircraft": [...]}, also tar1090's history files) and
// the aggregators' v2 API JSON as adsb.lol, airplanes.live and ADS-B
// Exchange serve it ({"ac": [...], "now": milliseconds, ...}). Each aircraft
// object gives at most one position, taken at `now - seen_pos`. A folder of
// snapshots, one every few seconds, is a common archive. Grammar:
// docs/formats.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "skywitness/core/position.hpp"
#include "skywitness/core/status.hpp"

namespace skywitness::tracks {

struct SnapshotStats {
  std::uint64_t files = 0, files_failed = 0;
  std::uint64_t aircraft = 0;      // aircraft objects met
  std::uint64_t positions = 0;     // handed to the sink
  std::uint64_t no_position = 0;   // aircraft heard without a position (Mode S only)
  std::uint64_t bad_aircraft = 0;  // malformed or out of range, skipped
};

// Whether the first bytes of a text look like a snapshot: a JSON object
// whose "aircraft" or "ac" key holds an array, with "now" or "hex" in sight.
// What ingest tells these files apart by.
bool looks_like_aircraft_json(std::string_view head);

class AircraftJsonReader {
 public:
  using PositionSink = std::function<void(const Position&)>;
  // Registration and type ("r" and "t") of an aircraft that has them, as the
  // aggregators add them from their databases; called for each aircraft object.
  using InfoSink =
      std::function<void(std::uint32_t icao, std::string_view registration, std::string_view type)>;

  // Errors are located by file and, for one bad aircraft, "aircraft N" (its
  // index in the array) in where.detail; `errors` must outlive the reader.
  AircraftJsonReader(PositionSink on_position, ErrorReporter& errors, InfoSink on_info = {});
  ~AircraftJsonReader();
  AircraftJsonReader(const AircraftJsonReader&) = delete;
  AircraftJsonReader& operator=(const AircraftJsonReader&) = delete;

  // Reads a file (plain, gzip or zstd, told by content). False when it could
  // not be read or is no snapshot; bad aircraft are skipped, not failures.
  bool read_file(const std::string& path);
  // Reads JSON text in memory; `name` locates errors.
  bool read_text(std::string_view json, std::string_view name);

  const SnapshotStats& stats() const { return stats_; }

 private:
  // `index` -1 for the file as a whole.
  void report(ErrorKind kind, std::string_view file, std::int64_t index, std::string_view message);

  struct Impl;
  std::unique_ptr<Impl> impl_;  // the parser and file buffer, kept between files
  PositionSink on_position_;
  InfoSink on_info_;
  ErrorReporter* errors_;
  Error error_;  // reused: no allocation per error once warm
  SnapshotStats stats_;
};

}  // namespace skywitness::tracks
