#include "skywitness/report/fleet.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"
#include "skywitness/roles/stops.hpp"
#include "skywitness/watchlist/discover.hpp"

namespace skywitness::report {
namespace {

std::string end_evidence(const LegEnd& e) {
  return fmt::format("{} ({})", end_how_name(e.how), end_evidence_name(e.evidence));
}

}  // namespace

std::pair<std::string, std::string> counted_by_profile(
    const watchlist::AircraftFacts& facts, const std::vector<roles::Itinerary>& itineraries,
    const roles::Profile& profile) {
  if (!facts.registration.empty() && profile.operator_registrations.contains(facts.registration))
    return {fmt::format("registration {} in the profile {}", facts.registration, profile.name),
            "registration"};
  for (const auto& cs : facts.callsigns)
    if (const auto p = operator_prefix(cs); !p.empty() && profile.operator_prefixes.contains(p))
      return {fmt::format("operator {} ({}) in the profile {}", p, cs, profile.name), "operator"};
  if (auto why = watchlist::counted_by_behaviour(facts, itineraries, profile))
    return {*why, "behaviour"};
  return {};
}

Fleet load_fleet(store::Store& db, const roles::Profile& profile, const geo::Airports& airports,
                 const registry::SeatTable& seats, const watchlist::Watchlist* watchlist,
                 const std::function<void(std::size_t, std::size_t)>& progress,
                 std::optional<std::uint32_t> only, bool all_aircraft) {
  Fleet fleet;
  fleet.scope = watchlist ? Scope::kWatchlist : all_aircraft ? Scope::kAll : Scope::kProfile;
  fleet.whole_database = fleet.scope == Scope::kAll;
  std::map<std::uint32_t, std::vector<LegRecord>> by_aircraft;
  store::LegQuery query;
  query.icao = only;
  for (auto& l : db.legs(query)) {
    if (fleet.first_time == 0 || l.leg.origin.time < fleet.first_time)
      fleet.first_time = l.leg.origin.time;
    fleet.last_time = std::max(fleet.last_time, l.leg.destination.time);
    by_aircraft[l.leg.icao].push_back(std::move(l));
  }
  std::size_t done = 0;
  for (auto& [icao, legs] : by_aircraft) {
    if (progress && ++done % 1000 == 0) progress(done, by_aircraft.size());
    AircraftHistory h;
    h.icao = icao;
    h.who = db.describe(icao);
    h.facts.icao = icao;
    h.facts.registration = h.who.record.registration;
    h.facts.type = h.who.record.type;
    std::map<std::string, int> prefixes;
    for (const auto& l : legs)
      if (!l.leg.callsign.empty()) {
        h.facts.callsigns.insert(l.leg.callsign);
        if (auto p = operator_prefix(l.leg.callsign); !p.empty()) ++prefixes[p];
      }
    if (watchlist) {
      if (const auto* rule = watchlist->match(h.facts)) {
        h.watched_because = watchlist::describe_match(*rule, h.facts);
        h.counted_as = "watchlist";
      }
    } else if (all_aircraft) {
      h.watched_because = "every aircraft (--all-aircraft)";
      h.counted_as = "all";
    }
    h.operator_name = h.who.record.operator_name;
    if (h.operator_name.empty() && !prefixes.empty())
      h.operator_name = std::max_element(prefixes.begin(), prefixes.end(), [](auto& a, auto& b) {
                          return a.second < b.second;
                        })->first;
    if (const auto* s = seats.find(h.facts.type)) h.seats = s->seats;
    h.legs = std::move(legs);
    fleet.aircraft.push_back(std::move(h));
    auto& stored = fleet.aircraft.back();
    store::LegQuery q;
    q.icao = icao;
    if (const auto stops = db.stops(q); !stops.empty())
      stored.guesses = roles::guess_stops(stops, db.positions(icao), airports);
    stored.itineraries = roles::build_itineraries(stored.legs, profile, airports, stored.guesses);
    if (fleet.scope == Scope::kProfile)
      std::tie(stored.watched_because, stored.counted_as) =
          counted_by_profile(stored.facts, stored.itineraries, profile);
  }
  return fleet;
}

std::vector<RemovalLeg> counted_removals(const Fleet& fleet) {
  std::vector<RemovalLeg> out;
  for (const auto& h : fleet.aircraft) {
    if (h.watched_because.empty()) continue;
    for (const auto& it : h.itineraries)
      for (const auto& r : it.legs) {
        if (!r.counted) continue;
        const auto& l = r.leg.leg;
        RemovalLeg x;
        x.aircraft = &h;
        x.itinerary = &it;
        x.leg = &r;
        x.country = r.country;
        x.inferred = r.guess != nullptr;
        x.destination = x.inferred ? r.guess->airport : l.destination.airport;
        x.time = l.destination.time;
        x.evidence = fmt::format("takeoff {}, landing {}", end_evidence(l.origin),
                                 x.inferred ? fmt::format("not seen; {} is a guess ({})",
                                                          r.guess->airport, r.guess->reason)
                                            : end_evidence(l.destination));
        out.push_back(std::move(x));
      }
  }
  std::sort(out.begin(), out.end(), [](const RemovalLeg& a, const RemovalLeg& b) {
    return a.time != b.time ? a.time < b.time : a.aircraft->icao < b.aircraft->icao;
  });
  return out;
}

std::string month_of(double t) {
  return format_iso8601(t).substr(0, 7);
}

std::optional<std::pair<double, double>> month_range(std::string_view month) {
  int y = 0, m = 0;
  if (month.size() != 7 || month[4] != '-' ||
      std::from_chars(month.data(), month.data() + 4, y).ptr != month.data() + 4 ||
      std::from_chars(month.data() + 5, month.data() + 7, m).ptr != month.data() + 7 || m < 1 ||
      m > 12 || y < 1970)
    return std::nullopt;
  const auto from = parse_iso8601(fmt::format("{:04}-{:02}-01", y, m));
  const auto to = parse_iso8601(m == 12 ? fmt::format("{:04}-01-01", y + 1)
                                        : fmt::format("{:04}-{:02}-01", y, m + 1));
  if (!from || !to) return std::nullopt;
  return std::pair{*from, *to};
}

std::string add_months(std::string_view month, int n) {
  // Only for a month month_range accepts; anything else has no month after it.
  if (!month_range(month)) return {};
  int y = 0, m = 0;
  std::from_chars(month.data(), month.data() + 4, y);
  std::from_chars(month.data() + 5, month.data() + 7, m);
  int idx = y * 12 + (m - 1) + n;
  return fmt::format("{:04}-{:02}", idx / 12, idx % 12 + 1);
}

}  // namespace skywitness::report
