// Where an unobserved stop most likely was: the airport that both the course
// flown into the coverage gap and the course flown out of it point at, within
// the distance the gap's time allows. A guess, always marked as inferred.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/core/position.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::roles {

struct StopGuess {
  std::uint32_t icao = 0;
  double from_time = 0, to_time = 0;  // the gap, as in UnobservedStop
  std::string airport, country;       // the best candidate
  // Every airport that fits, best first, and whether they all lie in one
  // country (then the country is likely even if the airport is not).
  std::vector<std::string> candidates;
  bool one_country = false;
  double course_in = 0, course_out = 0;  // degrees, as flown
  std::string reason;                    // in words
};

struct StopGuessOptions {
  double max_course_error_deg = 15;  // course in, or out, against the airport's bearing
  double course_span_s = 600;        // positions this long before or after the gap give the course
};

// `positions` are the aircraft's, in time order (around the gap is enough).
// Empty when no scheduled-service airport fits both courses.
std::optional<StopGuess> guess_stop(const UnobservedStop& stop, std::span<const Position> positions,
                                    const geo::Airports& airports,
                                    const StopGuessOptions& options = {});

// Guesses for every unobserved stop of one aircraft in the store (those with
// no fitting airport are left out).
std::vector<StopGuess> guess_stops(store::Store& db, std::uint32_t icao,
                                   const geo::Airports& airports);

}  // namespace skywitness::roles
