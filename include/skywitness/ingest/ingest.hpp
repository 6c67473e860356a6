// The ingest job: inputs of every supported kind -> positions per aircraft ->
// the store -> legs rebuilt for the aircraft whose positions changed.
//
// Inputs are found by content, not by name: readsb trace files (plain or
// gzip, alone or in archive trees), readsb daily archive releases (a tar, or
// a tar split into parts .tar.aa, .tar.ab, ... read as one stream without
// extracting), readsb / tar1090 aircraft.json snapshots and the aggregators'
// v2 API JSON, OpenSky state-vector CSV, JSON Lines from `skywitness decode`,
// and raw frames (AVR, Beast, SBS, hex, timestamp,hex CSV) through the
// decoder and its tracking.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "skywitness/core/coverage.hpp"
#include "skywitness/core/status.hpp"
#include "skywitness/flights/segmenter.hpp"
#include "skywitness/framing/framer.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::ingest {

enum class InputKind : std::uint8_t {
  kTrace,         // readsb trace_full JSON
  kArchive,       // tar (possibly split into parts) of trace files
  kOpensky,       // OpenSky state-vector CSV
  kAircraftJson,  // aircraft.json snapshots, aggregator v2 API JSON
  kDecodeJsonl,   // JSON Lines from skywitness decode
  kFrames,        // AVR, Beast, SBS, hex lines or timestamp,hex CSV
  kUnknown,
};

const char* input_kind_name(InputKind k);

// What a file holds, from its first bytes (decompressed when gzip or zstd)
// and, for split tar parts, its name.
InputKind sniff(const std::string& path);
// The same; for kUnknown, `why` says what the file is instead, in words
// (describe_content), or why it could not be read (then `unreadable`). Raw
// frames are kFrames only when the framer could tell their format from
// these bytes, unless `frames_format_given` (--format) says to read them so.
InputKind sniff(const std::string& path, bool frames_format_given, std::string& why,
                bool& unreadable);

// What the first bytes of a file that is no input look like, for the user:
// "looks like a PNG image, not an input skywitness reads", "binary data, not
// frames of any format skywitness reads", "text that is not CSV, JSON or
// frames: first line 'hello'", "an empty file".
std::string describe_content(std::string_view head);

struct IngestOptions {
  // Addresses to keep (--aircraft-file); empty keeps every aircraft.
  std::unordered_set<std::uint32_t> only;
  // Wall-clock time of receiver clock tick 1 for AVR and Beast input, which
  // carry only a 12 MHz receiver clock (the simulator's scenario start).
  std::optional<double> clock_epoch;
  // The format of raw-frame inputs (--format); detected from each input's
  // first bytes when empty. Traces, archives, OpenSky CSV and decode JSON
  // Lines are still told by their content.
  std::optional<framing::Format> format;
  // Threads that read inputs and rebuild legs (--jobs); 0: one a core. The
  // store is written by the calling thread alone, in the order that one
  // thread would write it: the database is the same whatever this is.
  unsigned jobs = 0;
  flights::SegmenterOptions segmenter;
  double simplify_m = 250;                   // track tolerance
  std::size_t commit_positions = 4'000'000;  // commit a transaction past this many
  double progress_s = 5;                     // seconds between progress lines; 0: none
  std::function<void(const std::string&)> progress;
  // Called after each commit with the number of commits so far (tests use it
  // to stop a run at a chosen point, as a crash would).
  std::function<void(std::uint64_t commits)> on_commit;
  // Every error, as it happens: where.file is the input (an archive member
  // as "ARCHIVE:MEMBER"), and the rest of `where` is what the store keeps
  // as the error's location (position_text). Also stored, the first
  // store::Store::kMaxErrorsPerRun of a run.
  ErrorReporter* errors = nullptr;
};

struct IngestResult {
  std::int64_t run = 0;
  store::RunCounts counts;
  std::string fatal;  // set when the run stopped (database error); counts say how far it got
};

// Reads every path (files, or folders searched recursively) into the store
// and rebuilds the legs of the aircraft whose positions changed. With
// options.jobs > 1, worker threads decompress and parse the inputs (and the
// members of an archive) ahead of the writer, at most 2 a thread at a time,
// and find the legs; the store, the progress callback and the error
// reporter are called from the calling thread only, in input order.
IngestResult ingest(store::Store& db, const geo::Airports& airports,
                    const std::vector<std::string>& paths, std::string_view arguments,
                    const IngestOptions& options);

// Rebuilds the legs of those of `aircraft` whose positions changed since
// their legs were built, from every stored position, as ingest does after
// reading its inputs (the same legs, stops and tracks), in transactions of
// its own; what `skywitness live` calls as legs close. Throws on a database
// error, with what it began rolled back.
store::RunCounts rebuild_legs(store::Store& db, const geo::Airports& airports,
                              const IngestOptions& options,
                              const std::vector<std::uint32_t>& aircraft);

// Reads a file of addresses, one a line (6 hex digits; '#' starts a comment).
Status read_aircraft_file(const std::string& path, std::unordered_set<std::uint32_t>& out);

// The day or hour an input's name says it covers: a globe_history folder
// .../YYYY/MM/DD/..., a daily release vYYYY.MM.DD-..., an OpenSky hourly file
// states_YYYY-MM-DD-HH; nullopt when the name gives none. An input read to
// its end covers that period; any other covers its first to last position.
std::optional<TimeSpan> period_named_by(std::string_view path);

}  // namespace skywitness::ingest
