// Where an unobserved stop most likely was. Every airport the time budget of
// the gap allows is weighed against what the two ends of the gap show:
//   - the way out, traced back from where the aircraft reappears: its course,
//     and, when it reappears climbing, how far it can have flown since its
//     takeoff (the strongest evidence there is);
//   - the way in: its course (weak after thousands of miles), and, when it was
//     lost descending, how far it can have flown before touching down;
//   - the time budget: flying in, a turnaround and flying out at the fastest
//     speed seen (or the type's) must fit in the gap.
// The result is a ranked list of candidates, each with its share of the
// evidence and the figures behind it. The country is stated only when one
// country holds most of the evidence; otherwise it is unknown, with the
// candidates. Always a guess, always marked as inferred. Rules: docs/roles.md.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/core/position.hpp"
#include "skywitness/geo/airports.hpp"

namespace skywitness::roles {

// The country of a removal to an unobserved stop that the evidence does not
// place in one country (the candidates are in its guess).
inline constexpr const char* kUnknownCountry = "unknown";

struct StopCandidate {
  std::string airport, country;
  double share = 0;                          // of the evidence, 0..1; shares sum to 1
  double from_entry_nm = 0, to_exit_nm = 0;  // from where the gap began, to where it ended
  // Angle between the course flown and the airport's direction (degrees):
  // into the gap, and out of it traced back.
  double course_in_error = 0, course_out_error = 0;
  double ground_minutes = 0;  // the most time on the ground the budget leaves
  std::string evidence;       // the figures, in words
};

struct StopGuess {
  std::uint32_t icao = 0;
  double from_time = 0, to_time = 0;      // the gap, as in UnobservedStop
  std::string airport;                    // the best candidate
  std::string country;                    // its country, or empty when the evidence does not decide
  double country_share = 0;               // the best candidate's country's share of the evidence
  std::vector<StopCandidate> candidates;  // best first
  double course_in = 0, course_out = 0;   // degrees, as flown
  bool climbing_out = false;              // reappeared climbing: traced back to a takeoff
  bool descending_in = false;             // lost descending: traced on to a landing
  std::string reason;                     // in words

  bool country_known() const { return !country.empty(); }
  // The country, or roles::kUnknownCountry ("unknown") when the evidence does not decide.
  const std::string& country_or_unknown() const;
};

// Whether a leg is from or to `airport` in `country` (either empty: any), at
// an end seen there, or at an end not seen with a candidate there: what
// `flights --airport/--country` and the dashboard's leg filters let through.
// `origin_guess` and `guess` are the guesses of its unseen ends, if any.
bool leg_touches(const LegRecord& r, const StopGuess* origin_guess, const StopGuess* guess,
                 std::string_view airport, std::string_view country);

struct StopGuessOptions {
  double course_span_s = 600;  // positions this long before or after the gap give the course
  double cruise_kt = 0;        // the type's cruise speed, when known (else the speeds seen)
  double turnaround_s = 1200;  // the shortest stop: landing, turnaround, takeoff
  double country_share = 0.8;  // a country holding this share of the evidence is stated
  double min_fit = -6;         // candidates fitting worse (log-likelihood) are dropped
  std::size_t max_candidates = 8;
};

// `positions` are the aircraft's, in time order (around the gap is enough).
// Empty when no airport fits the evidence at all.
std::optional<StopGuess> guess_stop(const UnobservedStop& stop, std::span<const Position> positions,
                                    const geo::Airports& airports,
                                    const StopGuessOptions& options = {});

// Guesses for every unobserved stop of one aircraft, given its positions in
// time order (stops with no fitting airport are left out).
std::vector<StopGuess> guess_stops(std::span<const UnobservedStop> stops,
                                   std::span<const Position> positions,
                                   const geo::Airports& airports);

}  // namespace skywitness::roles
