// readsb "trace_full" files (gzip or plain JSON), as readsb writes them and
// adsb.lol and ADS-B Exchange publish them: one aircraft, a start timestamp,
// and points of [dt, lat, lon, alt|"ground"|null, gs, track, flags, vrate,
// details|null, ...]. Grammar: docs/formats.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "skywitness/core/position.hpp"
#include "skywitness/core/status.hpp"

namespace skywitness::tracks {

struct TraceStats {
  std::uint64_t files = 0, files_failed = 0;
  std::uint64_t points = 0;      // handed to the sink
  std::uint64_t bad_points = 0;  // malformed or out of range, skipped
  std::uint64_t backwards = 0;   // time going backwards, skipped
};

// What a trace file says about its aircraft besides positions.
struct TraceInfo {
  std::uint32_t icao = 0;
  std::string registration, type;  // "r" and "t", empty when absent
};

class TraceReader {
 public:
  using PositionSink = std::function<void(const Position&)>;

  // Errors are located by file and, for one bad point, "point N" (its index
  // in the trace array) in where.detail; `errors` must outlive the reader.
  TraceReader(PositionSink on_position, ErrorReporter& errors);
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  // Reads a file (gzip detected by content). Points before a fault are kept;
  // returns false when the file could not be read or parsed to the end.
  bool read_file(const std::string& path);
  // Reads JSON text already in memory; `name` locates errors.
  bool read_text(std::string_view json, std::string_view name);

  const TraceStats& stats() const { return stats_; }
  // The aircraft of the file read last.
  const TraceInfo& info() const { return info_; }

 private:
  // `point` -1 for the file as a whole.
  void report(ErrorKind kind, std::string_view file, std::int64_t point, std::string_view message);

  struct Impl;
  Impl* impl_;
  PositionSink on_position_;
  ErrorReporter* errors_;
  Error error_;  // reused: no allocation per error once warm
  TraceStats stats_;
  TraceInfo info_;
  bool salvaging_ = false;
};

}  // namespace skywitness::tracks
