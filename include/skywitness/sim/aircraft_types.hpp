// Performance and cabin figures by ICAO type designator, for the simulator
// (and later the seat estimates). Approximate public figures.
#pragma once

#include <string_view>

namespace skywitness::sim {

struct TypePerformance {
  const char* type;
  double cruise_tas_kt;    // typical cruise true airspeed
  int cruise_ft;           // typical cruise altitude
  double climb_fpm;        // average climb rate to cruise
  double liftoff_kt;       // speed at liftoff
  double approach_kt;      // final approach speed
  double max_range_nm;     // typical still-air range with reserves
  unsigned char category;  // ADS-B emitter category (0xA3: large, 0xA5: heavy, 0xA2: small)
};

// Falls back to a generic narrow-body for unknown types.
const TypePerformance& type_performance(std::string_view icao_type);

}  // namespace skywitness::sim
