// What report, timeline, discover and itineraries load before they start:
// the database (read-only), the profile, the bundled tables, the watchlist,
// and the fleet's histories with their itineraries. The commands are a thin
// layer over this; so will the server be.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/analysis/fleet.hpp"
#include "skywitness/core/status.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/geo/countries.hpp"
#include "skywitness/registry/airlines.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/report/monthly.hpp"
#include "skywitness/report/timeline.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::analysis {

struct Inputs {
  std::string db, profile, watchlist;  // profile and watchlist files; "" for none / the default
  std::string aircraft;                // address (6 hex digits) or registration: only its history
  bool all_aircraft = false;           // count every aircraft, not only the profile's
  // Called now and then with the aircraft whose itineraries are loaded, and the total.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct Analysis {
  std::unique_ptr<store::Store> db;
  roles::Profile profile;
  std::optional<geo::Airports> airports;
  std::optional<registry::SeatTable> seats;
  std::optional<registry::Airlines> airlines;  // operators by ICAO designator
  std::optional<geo::CountryNames> names;
  std::optional<watchlist::Watchlist> watchlist;
  report::Fleet fleet;
  std::vector<report::RemovalLeg> removals;
  FleetSources sources;                 // how many itineraries were stored, how many built now
  std::vector<std::string> warnings;    // for the user, in words (no aircraft matches, ...)
  std::string db_path, watchlist_path;  // as given (Inputs::db, Inputs::watchlist)
};

// Loads everything. A bad profile, watchlist or option combination fails
// with kUsage; a missing or foreign database, or a missing table, with kIo,
// kFormat or kDatabase; the message names the file.
Status load(const Inputs& in, Analysis& out);

// One month's report and the timelines of the countries flown to in it, as
// `skywitness report` makes them: `options` gives the month, the baseline
// and the evidence files; the profile, the database and the tables come
// from `a`.
struct MonthReport {
  report::MonthlyReport report;
  std::vector<report::CountryTimeline> timelines;
};
MonthReport month_report(Analysis& a, report::ReportOptions options);

// One country's timeline as `skywitness timeline` makes it, with who is
// counted and the data's range.
report::CountryTimeline country_timeline(Analysis& a, const std::string& country,
                                         const report::TimelineOptions& options = {});

// An aircraft by its address (6 hex digits) or, through the store, its
// registration or a callsign it flew under; nullopt when neither.
std::optional<std::uint32_t> find_aircraft(store::Store& db, std::string_view hex_or_name);

}  // namespace skywitness::analysis
