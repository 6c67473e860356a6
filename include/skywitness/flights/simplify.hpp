// A leg's track, thinned for storage and maps: the positions that keep the
// drawn line within a tolerance of the full one (Ramer-Douglas-Peucker on a
// local flat projection), always with the first and last.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/core/position.hpp"

namespace skywitness::flights {

// Indices into `track` of the positions to keep, ascending. Tolerance in metres.
std::vector<std::size_t> simplify(std::span<const Position> track, double tolerance_m);

// A leg's track as the store keeps it (docs/store.md): the aircraft's
// positions (`track`, in time order) from the runway the roll began on to the
// landing, without those the segmenter rejected (`rejected`: indices into
// `track`, ascending), thinned to within `tolerance_m`. `scratch` is reused
// from one call to the next.
std::vector<TrackPoint> leg_track(std::span<const Position> track,
                                  std::span<const std::size_t> rejected, const Leg& leg,
                                  double tolerance_m, std::vector<Position>& scratch);

}  // namespace skywitness::flights
