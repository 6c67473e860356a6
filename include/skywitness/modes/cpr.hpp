// Compact Position Reporting (ICAO Annex 10 Vol IV / DO-260B A.1.7).
// 17-bit encoding for airborne and surface positions, decoded globally from an
// even/odd pair or locally from a reference position.
#pragma once

#include <cstdint>
#include <optional>

namespace skywitness::modes::cpr {

struct LatLon {
  double lat = 0, lon = 0;
};

struct Encoded {
  std::uint32_t lat = 0, lon = 0;  // 17-bit values
};

// Number of longitude zones at a latitude, by the exact formula (computed once
// into a table of transition latitudes).
int nl(double lat);

// The latitude at which NL drops from n to n-1 (2 <= n <= 59).
double nl_transition(int n);

// Global airborne decoding; `latest_odd` says which of the two is the newer.
// Empty when the pair straddles a latitude-zone boundary.
std::optional<LatLon> global_airborne(Encoded even, Encoded odd, bool latest_odd);

// Global surface decoding. A surface pair fixes the position only up to a
// quadrant; the reference (receiver or last known position) picks the one
// closest to it.
std::optional<LatLon> global_surface(Encoded even, Encoded odd, bool latest_odd, LatLon ref);

// Local decoding from one message and a reference within half a zone
// (about 180 NM airborne, 45 NM on the surface).
LatLon local(Encoded e, bool odd, bool surface, LatLon ref);

// Encoding, for the encoder and the simulator.
Encoded encode(LatLon p, bool odd, bool surface);

}  // namespace skywitness::modes::cpr
