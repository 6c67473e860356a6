// Spatial index over the airport table: which airports lie within a distance
// of a point, nearest first. A grid of one-degree cells; queries look only at
// the cells a circle of that radius can touch, across the antimeridian and
// the poles.
#pragma once

#include <utility>
#include <vector>

#include "skywitness/geo/airports.hpp"

namespace skywitness::geo {

class AirportIndex {
 public:
  explicit AirportIndex(const Airports& airports);

  struct Hit {
    const Airport* airport;
    double distance_nm;
  };
  // Airports within `radius_nm` of `p`, nearest first.
  std::vector<Hit> within(LatLon p, double radius_nm) const;
  // The nearest airport within `max_nm`, or nullptr.
  const Airport* nearest(LatLon p, double max_nm, double* distance_nm = nullptr) const;

 private:
  static int row(double lat);
  static int col(double lon);
  const Airports& airports_;
  std::vector<std::vector<std::uint32_t>> cells_;  // 180 rows x 360 columns
};

}  // namespace skywitness::geo
