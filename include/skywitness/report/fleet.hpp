// The watched fleet as the report and the timelines see it: every aircraft in
// the store with its legs, its unobserved stops' guesses and its itineraries,
// whether it is on the watchlist and why; and the removal legs they flew.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "skywitness/geo/airports.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/roles/itineraries.hpp"
#include "skywitness/store/store.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::report {

struct AircraftHistory {
  std::uint32_t icao = 0;
  store::AircraftDbEntry who;
  watchlist::AircraftFacts facts;
  // The imported operator, else the ICAO prefix of its callsigns ("GXA"),
  // else empty.
  std::string operator_name;
  std::optional<int> seats;  // from the type; an upper bound on people aboard
  std::vector<store::LegRecord> legs;
  std::vector<roles::StopGuess> guesses;  // itineraries point into it
  std::vector<roles::Itinerary> itineraries;
  std::string watched_because;  // empty when not watched
};

struct Fleet {
  std::deque<AircraftHistory> aircraft;  // by address; a deque keeps addresses stable
  bool whole_database = true;            // no watchlist: every aircraft is watched
  double first_time = 0, last_time = 0;  // over every leg in the store
};

// Loads every aircraft that has legs, or only `only` when given (its whole
// history: an itinerary needs the legs around any window). `progress` is
// called now and then with the number of aircraft done and the total.
Fleet load_fleet(store::Store& db, const roles::Profile& profile, const geo::Airports& airports,
                 const registry::SeatTable& seats, const watchlist::Watchlist* watchlist,
                 const std::function<void(std::size_t, std::size_t)>& progress = {},
                 std::optional<std::uint32_t> only = {});

// "GXA1234" -> "GXA": three letters and then a digit; empty otherwise.
std::string operator_prefix(std::string_view callsign);

// A removal leg counted for a country: the first leg of an itinerary to it.
struct RemovalLeg {
  const AircraftHistory* aircraft = nullptr;
  const roles::Itinerary* itinerary = nullptr;
  const roles::RoledLeg* leg = nullptr;
  std::string country;
  std::string destination;  // the airport, or the guess for an unobserved stop
  double time = 0;          // the landing (the last position, when it was not seen)
  bool inferred = false;    // the destination was not seen: a guess
  // "takeoff observed (ground), landing inferred (gap)": how each end is known
  std::string evidence;
};

// Every counted removal of the watched aircraft, in time order.
std::vector<RemovalLeg> counted_removals(const Fleet& fleet);

// "2024-03" of an epoch time, and the epoch range of a "YYYY-MM".
std::string month_of(double t);
std::optional<std::pair<double, double>> month_range(std::string_view month);
// The month `n` months after `month` (n may be negative).
std::string add_months(std::string_view month, int n);

}  // namespace skywitness::report
