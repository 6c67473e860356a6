// OpenSky state-vector CSV (the hourly "states" files of the OpenSky
// historical data; plain or gzip): one row per aircraft every 10 s. Rows
// repeat a state for up to 300 s after the last contact; rows more than 15 s
// after `lastcontact` are dropped as stale.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "skywitness/core/position.hpp"
#include "skywitness/core/status.hpp"

namespace skywitness::tracks {

struct CsvStats {
  std::uint64_t rows = 0, positions = 0, stale = 0, no_position = 0, bad_rows = 0;
};

class OpenskyReader {
 public:
  using PositionSink = std::function<void(const Position&)>;
  // Errors are located by file and line; `errors` must outlive the reader.
  OpenskyReader(PositionSink on_position, ErrorReporter& errors);
  OpenskyReader(const OpenskyReader&) = delete;
  OpenskyReader& operator=(const OpenskyReader&) = delete;

  // Reads a file; false when it could not be read to the end (rows before the
  // fault are kept) or has no usable header.
  bool read_file(const std::string& path);
  // Reads CSV text in memory, header first.
  bool read_text(std::string_view text, std::string_view name);

  const CsvStats& stats() const { return stats_; }

 private:
  bool header(std::string_view line, std::string_view name);
  void row(std::string_view line, std::uint64_t line_no, std::string_view name);

  void report(ErrorKind kind, std::string_view file, std::uint64_t line, std::string_view message);

  PositionSink on_position_;
  ErrorReporter* errors_;
  Error error_;  // reused: no allocation per error once warm
  CsvStats stats_;
  // Column of each field we use, -1 when absent.
  int time_ = -1, icao_ = -1, lat_ = -1, lon_ = -1, velocity_ = -1, heading_ = -1, vertrate_ = -1,
      callsign_ = -1, onground_ = -1, baroalt_ = -1, lastcontact_ = -1;
  int columns_ = 0;
};

}  // namespace skywitness::tracks
