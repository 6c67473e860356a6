// A leg: one flight of one aircraft from an airport to an airport, with how
// each end is known; and the leg as stored, with its countries and track.
// What the trip stages and the store consume.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace skywitness {

enum class EndHow : std::uint8_t {
  kObserved,  // seen on the ground there, or low and descending to / climbing from it
  kInferred,  // inside a coverage gap whose two ends are low near the airport, or
              // with a ground position there on one side of it
  kUnknown,   // the data starts or ends in the air away from any airport
};

enum class EndEvidence : std::uint8_t { kGround, kLowAltitude, kGap, kNone };

// One end of a leg, its takeoff or landing. Only an observed end has a
// takeoff or landing time; of one not observed the data give a sighting and,
// where the gap allows, a window the end lies in, and nothing more.
struct LegEnd {
  std::string airport;                  // ICAO code, empty when unknown
  std::vector<std::string> candidates;  // when more than one airport fits
  // Epoch seconds. Observed: the takeoff or landing time. Not observed: the
  // time the legs are ordered and queried by, near the end but never its
  // time (the sighting, or, low near a field on both sides of a gap, an
  // estimate from the distance to the field); show `seen` and `window`.
  double time = 0;
  EndHow how = EndHow::kUnknown;
  EndEvidence evidence = EndEvidence::kNone;
  // The sighting the end rests on, epoch seconds: for an origin the first
  // position of the leg (or the last on the ground before a gap), for a
  // destination the last (or the first on the ground after a gap). Equal to
  // `time` for an observed end; none: `time` is the sighting (sighting()).
  std::optional<double> seen;
  // Not observed: the earliest and latest times the takeoff or landing can
  // have been, from what the gap around it allows (SegmenterOptions); none
  // when the data start or end in the air.
  std::optional<std::pair<double, double>> window;

  bool observed() const { return how == EndHow::kObserved; }
  double sighting() const { return seen.value_or(time); }
};

struct Leg {
  std::uint32_t icao = 0;
  std::string callsign;
  LegEnd origin, destination;
  std::uint64_t positions = 0;
};

// The aircraft stopped somewhere unseen: a gap far longer than a direct flight.
struct UnobservedStop {
  std::uint32_t icao = 0;
  double from_time = 0, to_time = 0;  // the gap
  double from_lat = 0, from_lon = 0, to_lat = 0, to_lon = 0;
  double reach_nm = 0;  // how far from the gap's ends the stop can lie
};

// One point of a leg's simplified track.
struct TrackPoint {
  double t = 0;
  double lat = 0, lon = 0;
  std::int32_t alt = 0;  // feet; 0 on the ground or unknown
  bool ground = false;
};

// A leg as stored: the leg, the countries of its airports, and its track.
struct LegRecord {
  std::int64_t id = 0;
  Leg leg;
  std::string origin_country, destination_country;
  std::vector<TrackPoint> track;
};

const char* end_how_name(EndHow h);
const char* end_evidence_name(EndEvidence e);

}  // namespace skywitness
