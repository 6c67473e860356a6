// What report, timeline and discover load before they start: the database,
// the profile, the bundled tables, the watchlist, and the fleet's histories.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "skywitness/geo/airports.hpp"
#include "skywitness/geo/countries.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::cli {

struct AnalysisInputs {
  std::string db, profile, watchlist;
  std::string aircraft;  // address (6 hex digits) or registration: load only its history
  bool quiet = false;
  bool all_aircraft = false;  // count every aircraft, not only the profile's (no watchlist)
};

struct Analysis {
  std::unique_ptr<store::Store> db;
  roles::Profile profile;
  std::optional<geo::Airports> airports;
  std::optional<registry::SeatTable> seats;
  std::optional<geo::CountryNames> names;
  std::optional<watchlist::Watchlist> watchlist;
  report::Fleet fleet;
  std::vector<report::RemovalLeg> removals;
};

// The options that say who is counted, shared by report and timeline:
// --profile, --watchlist, --all-aircraft.
void add_counting_options(CLI::App& app, AnalysisInputs& in);

// Loads everything; on failure prints "skywitness CMD: what" and returns the
// exit code (1, or 2 for a bad profile or watchlist); 0 when loaded.
int load_analysis(const char* command, const AnalysisInputs& in, Analysis& out);

}  // namespace skywitness::cli
