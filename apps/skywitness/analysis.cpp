#include "analysis.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

namespace skywitness::cli {

void add_counting_options(CLI::App& app, AnalysisInputs& in) {
  app.add_option("--profile", in.profile, "Profile TOML; default data/profiles/us-removal.toml");
  app.add_option("--watchlist", in.watchlist,
                 "Watchlist file (docs/watchlists.md); without one the profile's removal "
                 "operators and aircraft that fly like them count");
  app.add_flag("--all-aircraft", in.all_aircraft,
               "Count every aircraft in the database, airliners included (no watchlist)");
}

int load_analysis(const char* command, const AnalysisInputs& in, Analysis& out) {
  std::string error;
  auto fail = [&](int rc) {
    fmt::print(stderr, "skywitness {}: {}\n", command, error);
    return rc;
  };
  auto profile = in.profile.empty() ? roles::load_default_profile(error)
                                    : roles::load_profile(in.profile, error);
  if (!profile) return fail(2);
  out.profile = std::move(*profile);
  if (!in.watchlist.empty() && in.all_aircraft) {
    error = "give --watchlist or --all-aircraft, not both";
    return fail(2);
  }
  if (!in.watchlist.empty()) {
    out.watchlist = watchlist::Watchlist::load(in.watchlist, error);
    if (!out.watchlist) return fail(2);
  }
  out.airports = geo::Airports::load_bundled(error);
  if (out.airports) out.seats = registry::SeatTable::load_bundled(error);
  if (out.seats) out.names = geo::CountryNames::load_bundled(error);
  if (!out.names) return fail(1);
  if (!std::filesystem::exists(in.db)) {
    error = fmt::format("{}: no such database (skywitness ingest writes one)", in.db);
    return fail(1);
  }
  out.db = store::Store::open(in.db, error);
  if (!out.db) return fail(1);
  std::optional<std::uint32_t> only;
  if (!in.aircraft.empty()) {
    std::uint32_t a = 0;
    const auto* end = in.aircraft.data() + in.aircraft.size();
    if (in.aircraft.size() == 6 && std::from_chars(in.aircraft.data(), end, a, 16).ptr == end)
      only = a;
    else if (auto found = out.db->find_aircraft(in.aircraft))
      only = *found;
    else {
      error = fmt::format("no aircraft '{}' in {}", in.aircraft, in.db);
      return fail(1);
    }
  }
  out.fleet = report::load_fleet(
      *out.db, out.profile, *out.airports, *out.seats, out.watchlist ? &*out.watchlist : nullptr,
      [&](std::size_t done, std::size_t total) {
        if (!in.quiet) fmt::print(stderr, "itineraries: {} of {} aircraft\n", done, total);
      },
      only, in.all_aircraft);
  out.removals = report::counted_removals(out.fleet);
  if (out.watchlist) {
    std::size_t watched = 0;
    for (const auto& h : out.fleet.aircraft) watched += h.watched_because.empty() ? 0 : 1;
    if (watched == 0 && !in.quiet)
      fmt::print(stderr,
                 "skywitness {}: warning: no aircraft in {} matches the watchlist {} "
                 "({} rules)\n",
                 command, in.db, in.watchlist, out.watchlist->rules().size());
  }
  return 0;
}

}  // namespace skywitness::cli
