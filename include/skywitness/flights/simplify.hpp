// A leg's track, thinned for storage and maps: the positions that keep the
// drawn line within a tolerance of the full one (Ramer-Douglas-Peucker on a
// local flat projection), always with the first and last.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "skywitness/core/position.hpp"

namespace skywitness::flights {

// Indices into `track` of the positions to keep, ascending. Tolerance in metres.
std::vector<std::size_t> simplify(std::span<const Position> track, double tolerance_m);

}  // namespace skywitness::flights
