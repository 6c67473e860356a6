// Legs found against the simulator's ground truth: which found leg is which
// true leg, how far off its times are, precision and recall of legs, and how
// many observed airports were named right; and the true removals.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/sim/simulator.hpp"

namespace skywitness::sim {

struct MatchOptions {
  // How far (s) a found takeoff or landing time may lie from the true one.
  // An observed end is held to it on both sides; an inferred or unknown end
  // only has to lie inside the gap it was inferred across, widened by it.
  double tolerance_s = 600;
};

// One found leg taken for one true leg.
struct LegMatch {
  std::size_t found = 0;                            // index into the found legs
  std::size_t truth = 0;                            // index into Plan::legs
  double takeoff_error_s = 0, landing_error_s = 0;  // found time minus true time
  EndHow takeoff_how = EndHow::kUnknown, landing_how = EndHow::kUnknown;  // of the found leg
};

struct LegAccuracy {
  std::size_t found = 0, truth = 0, matched = 0;
  std::size_t ends = 0,
              ends_right = 0;       // observed true ends of matched legs, and those named right
  std::vector<LegMatch> matches;    // in the order of the found legs
  std::vector<std::size_t> missed;  // true legs no found leg matched
  std::vector<std::size_t> extra;   // found legs that match no true leg
  double precision() const { return found ? double(matched) / double(found) : 0.0; }
  double recall() const { return truth ? double(matched) / double(truth) : 0.0; }
  double airports() const { return ends ? double(ends_right) / double(ends) : 0.0; }
  // The largest time error (s, absolute) over the matched ends the found
  // legs observed; 0 without any.
  double worst_observed_error_s() const;
};

// A found leg matches a true leg of the same address when both its takeoff
// and its landing fit the truth's (MatchOptions says how); each found and
// each true leg is matched once, the closest pairs first. An inferred end's
// gap runs from the aircraft's previous found landing to this leg's landing
// (a takeoff), or from this leg's takeoff to its next found takeoff (a
// landing). An end counts for the airport figure when the truth says it was
// observed.
LegAccuracy evaluate_legs(const std::vector<Leg>& found, const Plan& plan,
                          const MatchOptions& options = {});

// A removal in the ground truth: a leg of a planned trip to a country the
// scenario names for that trip (ItinerarySpec::removal_countries).
struct TrueRemoval {
  std::size_t leg = 0;  // index into Plan::legs
  std::string country;  // ISO 3166-1 alpha-2 of the destination
};
// Every removal the scenario names, trip by trip. Empty, with a message
// naming the trip, when a trip of the plan has no removal_countries: the
// truth is what the scenario says, never a rule applied in its place.
// Background flights are no trips and never removals.
std::optional<std::vector<TrueRemoval>> true_removals(const Plan& plan, std::string& error);

}  // namespace skywitness::sim
