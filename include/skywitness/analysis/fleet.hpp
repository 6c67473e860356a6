// The fleet loaded from the store for report, timeline, discover and
// itineraries: every aircraft with legs, with what is known of it, its
// itineraries (read from the store when it holds them for this profile,
// built in memory otherwise), and whether and why it is counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

#include "skywitness/geo/airports.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::analysis {

// Where each aircraft's itineraries came from.
struct FleetSources {
  std::size_t stored = 0;  // read from the store, made earlier with this profile
  std::size_t built = 0;   // built now: none stored for this profile (or legs rebuilt since)
};

// Loads every aircraft that has legs, or only `only` when given (its whole
// history: an itinerary needs the legs around any window). `progress` is
// called now and then with the number of aircraft done and the total. With
// a watchlist its aircraft are counted; without one, those the profile's
// [counting] names or that fly like them, or every aircraft when
// `all_aircraft` is set. Never writes to the store.
report::Fleet load_fleet(store::Store& db, const roles::Profile& profile,
                         const geo::Airports& airports, const registry::SeatTable& seats,
                         const watchlist::Watchlist* watchlist,
                         const std::function<void(std::size_t, std::size_t)>& progress = {},
                         std::optional<std::uint32_t> only = {}, bool all_aircraft = false,
                         FleetSources* sources = nullptr);

}  // namespace skywitness::analysis
