// A leg: one flight of one aircraft from an airport to an airport, with how
// each end is known; and the leg as stored, with its countries and track.
// What the trip stages and the store consume.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace skywitness {

enum class EndHow : std::uint8_t {
  kObserved,  // seen on the ground there, or low and descending to / climbing from it
  kInferred,  // inside a coverage gap whose two ends are low near the airport
  kUnknown,   // the data starts or ends in the air away from any airport
};

enum class EndEvidence : std::uint8_t { kGround, kLowAltitude, kGap, kNone };

struct LegEnd {
  std::string airport;                  // ICAO code, empty when unknown
  std::vector<std::string> candidates;  // when more than one airport fits
  double time = 0;                      // takeoff or landing time, epoch seconds
  EndHow how = EndHow::kUnknown;
  EndEvidence evidence = EndEvidence::kNone;
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
