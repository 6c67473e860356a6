// Inputs that come as messages rather than positions: raw frames (AVR,
// Beast, SBS) through the decoder and its tracking, and the JSON Lines that
// `skywitness decode` writes. Private to the ingest component.
#pragma once

#include <functional>
#include <string>

#include "skywitness/core/position.hpp"
#include "skywitness/core/status.hpp"
#include "skywitness/ingest/ingest.hpp"

namespace skywitness::ingest {

struct FrameInputStats {
  std::uint64_t positions = 0;
  std::uint64_t untimed = 0;  // positions dropped for want of wall-clock time
};

// Positions carry the latest speed, track, vertical rate and callsign heard
// from their aircraft in the 30 s before them. Bad lines and frames go to
// `errors`, located in `path`.
bool read_frames(const std::string& path, bool decode_jsonl, const IngestOptions& options,
                 const std::function<void(const Position&)>& on_position, ErrorReporter& errors,
                 FrameInputStats& stats);

}  // namespace skywitness::ingest
