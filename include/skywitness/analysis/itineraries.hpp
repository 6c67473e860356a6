// Itineraries and leg roles kept in the store, so that report, timeline and
// serve read them instead of rebuilding the fleet's: made once per aircraft
// and profile, and made again only when the aircraft's legs were rebuilt (the
// store drops them then) or the profile changed (its key differs).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/roles/itineraries.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/roles/stops.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::analysis {

// Raised when the rules in roles change what they give for the same legs
// and profile: every stored itinerary is then made again.
inline constexpr int kRulesVersion = 1;

// "us-removal#3f09c2d1a4b5e6f7": the profile's name and a fingerprint of
// every setting in it, of the rules' version and of the airport table. Two
// profiles with the same key give the same itineraries.
std::string profile_key(const roles::Profile& profile, const geo::Airports& airports);

// One aircraft's stop guesses and itineraries; the itineraries' legs point
// into `guesses`, so the two move together (a vector's move keeps its
// elements where they are).
struct AircraftItineraries {
  std::vector<roles::StopGuess> guesses;
  std::vector<roles::Itinerary> itineraries;
};

// Builds them from the store: the aircraft's stops, and its positions when
// it has any (the guesses need them). `legs` are the aircraft's, in time order.
AircraftItineraries build_aircraft_itineraries(store::Store& db, std::uint32_t icao,
                                               const std::vector<LegRecord>& legs,
                                               const roles::Profile& profile,
                                               const geo::Airports& airports);

// As the store keeps them, and back. from_stored gives nullopt when the
// record does not fit `legs` (a leg it names is gone, a role it does not
// know): then they are built again.
store::StoredItineraries to_stored(std::uint32_t icao, const AircraftItineraries& a,
                                   const std::string& profile_key);
std::optional<AircraftItineraries> from_stored(const store::StoredItineraries& stored,
                                               const std::vector<LegRecord>& legs);

// One aircraft's itineraries for the profile whose key is `key`: those the
// store holds when they fit `legs` (the aircraft's every leg, in time order),
// else built now; nothing is written. `stored`, when given, says which.
AircraftItineraries aircraft_itineraries(store::Store& db, std::uint32_t icao,
                                         const std::vector<LegRecord>& legs,
                                         const roles::Profile& profile,
                                         const geo::Airports& airports, const std::string& key,
                                         bool* stored = nullptr);

struct RefreshCounts {
  std::size_t aircraft = 0;  // with legs
  std::size_t built = 0;     // whose itineraries were made and stored now
};

// Makes and stores the itineraries of every aircraft that has none for this
// profile, in transactions of a few hundred aircraft. `progress` is called
// now and then with the aircraft done and the total to do.
RefreshCounts refresh_itineraries(
    store::Store& db, const roles::Profile& profile, const geo::Airports& airports,
    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace skywitness::analysis
