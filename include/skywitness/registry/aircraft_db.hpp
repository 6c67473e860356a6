// Aircraft databases in the formats people have: the FAA releasable aircraft
// database (MASTER.txt), the readsb/tar1090 aircraft CSV (aircraft.csv), and
// the OpenSky aircraft database CSV. Each gives, per address, what is known
// of the aircraft. Grammars: docs/formats.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "skywitness/core/aircraft.hpp"
#include "skywitness/core/status.hpp"

namespace skywitness::registry {

enum class DbFormat : std::uint8_t { kFaaMaster, kTar1090, kOpensky, kUnknown };

const char* db_format_name(DbFormat f);

struct DbStats {
  std::uint64_t rows = 0, records = 0, bad_rows = 0;
};

class AircraftDbReader {
 public:
  using RecordSink = std::function<void(const AircraftRecord&)>;
  // Errors are located by file and line; `errors` must outlive the reader.
  AircraftDbReader(RecordSink on_record, ErrorReporter& errors);

  // Reads a file (plain, gzip or zstd), its format told from its first line.
  // False when it cannot be read or its format is unknown; bad rows are
  // reported and skipped.
  bool read_file(const std::string& path);
  // Reads text already in memory.
  bool read_text(std::string_view text, std::string_view name);

  DbFormat format() const { return format_; }
  const DbStats& stats() const { return stats_; }

 private:
  void report(ErrorKind kind, std::string_view file, std::uint64_t line, std::string_view message);

  RecordSink on_record_;
  ErrorReporter& errors_;
  DbFormat format_ = DbFormat::kUnknown;
  DbStats stats_;
};

}  // namespace skywitness::registry
