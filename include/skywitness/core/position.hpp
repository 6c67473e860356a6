// One position of one aircraft, whatever it came from: decoded frames, readsb
// traces, OpenSky state vectors. What the flight stages consume.
#pragma once

#include <array>
#include <cstdint>

namespace skywitness {

struct Position {
  enum Has : std::uint8_t { kAlt = 1, kGs = 2, kTrack = 4, kVrate = 8, kCallsign = 16 };
  enum Flag : std::uint8_t { kStale = 1, kNewLeg = 2 };  // readsb's own point flags

  std::uint32_t icao = 0;
  bool non_icao = false;
  double t = 0;  // epoch seconds, UTC
  double lat = 0, lon = 0;
  std::int32_t alt_baro = 0;  // feet, when has & kAlt and not on the ground
  bool on_ground = false;
  float gs = 0, track = 0;  // knots, degrees
  std::int32_t vrate = 0;   // feet/minute
  std::uint8_t has = 0;
  std::uint8_t flags = 0;
  std::array<char, 9> callsign{};
};

}  // namespace skywitness
