// Legs found against the simulator's ground truth: precision and recall of
// legs, and how many observed airports were named right.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/sim/simulator.hpp"

namespace skywitness::sim {

struct LegAccuracy {
  std::size_t found = 0, truth = 0, matched = 0;
  std::size_t ends = 0,
              ends_right = 0;  // observed true ends of matched legs, and those named right
  double precision() const { return found ? double(matched) / double(found) : 0.0; }
  double recall() const { return truth ? double(matched) / double(truth) : 0.0; }
  double airports() const { return ends ? double(ends_right) / double(ends) : 0.0; }
};

// A found leg matches the true leg of the same address whose flight (takeoff
// to landing) it overlaps most, each true leg matched once. An end counts
// for the airport figure when the truth says it was observed.
LegAccuracy evaluate_legs(const std::vector<Leg>& found, const Plan& plan);

// A removal in the ground truth: the first leg of a planned trip to another
// country than `home` (the scenarios' trips go out from a hub and back).
struct TrueRemoval {
  std::size_t leg = 0;  // index into Plan::legs
  std::string country;  // ISO 3166-1 alpha-2 of the destination
};
std::vector<TrueRemoval> true_removals(const Plan& plan, const geo::Airports& airports,
                                       const std::string& home);

}  // namespace skywitness::sim
