// The watched fleet as the report and the timelines see it: every aircraft
// with its legs, its unobserved stops' guesses and its itineraries, whether
// it is on the watchlist and why; and the removal legs they flew. Loaded from
// the store by analysis::load_fleet (skywitness/analysis/fleet.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "skywitness/core/aircraft.hpp"
#include "skywitness/core/coverage.hpp"
#include "skywitness/core/leg.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/roles/itineraries.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::report {

struct AircraftHistory {
  std::uint32_t icao = 0;
  AircraftDbEntry who;
  watchlist::AircraftFacts facts;
  // The imported operator, else the ICAO prefix of its callsigns ("GXA"),
  // else empty.
  std::string operator_name;
  // operator_name, or "unknown": how the report keys and shows it.
  std::string operator_key() const { return operator_name.empty() ? "unknown" : operator_name; }
  // Seats of its type: the typical layout, and the largest layout known
  // (data/aircraft_types/seats.csv). Seats are not people: the people aboard
  // are at most `seats_max`.
  std::optional<int> seats, seats_max;
  std::vector<LegRecord> legs;
  std::vector<roles::StopGuess> guesses;  // itineraries point into it
  std::vector<roles::Itinerary> itineraries;
  // Why it is counted, empty when it is not: "watchlist line 3: callsign
  // prefix GXA (GXA4021)", "operator GXA (GXA4021) in the profile",
  // "behaviour: ...", "every aircraft (--all-aircraft)".
  std::string watched_because;
  std::string counted_as;  // "watchlist", "operator", "registration", "behaviour", "all"
};

// Who is counted: the aircraft on a watchlist; without one, the profile's
// removal operators and the aircraft that fly like them; or every aircraft.
enum class Scope : std::uint8_t { kWatchlist, kProfile, kAll };

struct Fleet {
  std::deque<AircraftHistory> aircraft;  // by address; a deque keeps addresses stable
  Scope scope = Scope::kProfile;
  bool whole_database = false;           // every aircraft is counted (Scope::kAll)
  double first_time = 0, last_time = 0;  // over every leg in the store
  std::vector<TimeSpan> coverage;        // the times the inputs cover, merged (core/coverage.hpp)
  // With a watchlist: its rules that match no aircraft with legs here, in
  // the file's order (a rule matched only after an earlier one did counts
  // as matched).
  std::vector<watchlist::Rule> unmatched_rules;
};

// Why the profile counts an aircraft off every watchlist ("operator GXA
// (GXA4021) in the profile us-removal", "behaviour: ..."), with what kind of
// reason; empty when it does not.
std::pair<std::string, std::string> counted_by_profile(
    const watchlist::AircraftFacts& facts, const std::vector<roles::Itinerary>& itineraries,
    const roles::Profile& profile);

using watchlist::operator_prefix;  // "GXA1234" -> "GXA" (watchlist.hpp)

// A removal leg counted for a country: the first leg of an itinerary to it.
struct RemovalLeg {
  const AircraftHistory* aircraft = nullptr;
  const roles::Itinerary* itinerary = nullptr;
  const roles::RoledLeg* leg = nullptr;
  std::string country;
  std::string destination;  // the airport, or the guess for an unobserved stop
  // The landing, when it was observed; else the destination's LegEnd::time,
  // which orders the legs and gives the month but is no landing time.
  double time = 0;
  bool inferred = false;  // the destination was not seen: a guess
  // "takeoff observed (ground), landing inferred (gap)": how each end is known
  std::string evidence;
};

// Every counted removal of the watched aircraft, in time order.
std::vector<RemovalLeg> counted_removals(const Fleet& fleet);
// Who is counted, in words: "the aircraft on the watchlist FILE", "no
// watchlist: the removal operators of the profile ...", "every aircraft ...".
std::string scope_text(const Fleet& fleet, const roles::Profile& profile,
                       const std::string& watchlist_name);
// The span the data cover: the inputs' first to last covered time, else
// (no input says) the legs'; 0 and 0 for a database without data.
std::pair<double, double> data_range(const Fleet& fleet);

// One leg as a RemovalLeg (its country, destination or guess, evidence).
RemovalLeg removal_leg(const AircraftHistory& h, const roles::Itinerary& it,
                       const roles::RoledLeg& r);

// "2024-03" of an epoch time, and the epoch range of a "YYYY-MM".
std::string month_of(double t);
std::optional<std::pair<double, double>> month_range(std::string_view month);
// The month `n` months after `month` (n may be negative); empty when
// `month` is not a valid YYYY-MM.
std::string add_months(std::string_view month, int n);

}  // namespace skywitness::report
