#include "skywitness/analysis/fleet.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "skywitness/analysis/itineraries.hpp"

namespace skywitness::analysis {

report::Fleet load_fleet(store::Store& db, const roles::Profile& profile,
                         const geo::Airports& airports, const registry::SeatTable& seats,
                         const watchlist::Watchlist* watchlist,
                         const std::function<void(std::size_t, std::size_t)>& progress,
                         std::optional<std::uint32_t> only, bool all_aircraft,
                         FleetSources* sources) {
  using report::Scope;
  report::Fleet fleet;
  fleet.scope = watchlist ? Scope::kWatchlist : all_aircraft ? Scope::kAll : Scope::kProfile;
  fleet.whole_database = fleet.scope == Scope::kAll;
  fleet.coverage = db.coverage();
  std::map<std::uint32_t, std::vector<LegRecord>> by_aircraft;
  store::LegQuery query;
  query.icao = only;
  for (auto& l : db.legs(query)) {
    if (fleet.first_time == 0 || l.leg.origin.time < fleet.first_time)
      fleet.first_time = l.leg.origin.time;
    fleet.last_time = std::max(fleet.last_time, l.leg.destination.time);
    by_aircraft[l.leg.icao].push_back(std::move(l));
  }
  // What the store holds for this profile, by address.
  const std::string key = profile_key(profile, airports);
  std::unordered_map<std::uint32_t, store::StoredItineraries> stored;
  if (only) {
    if (auto s = db.itineraries_of(*only, key)) stored.emplace(*only, std::move(*s));
  } else {
    for (auto& s : db.itineraries(key)) stored.emplace(s.icao, std::move(s));
  }
  FleetSources counts;
  std::size_t done = 0;
  std::vector<bool> rule_matched(watchlist ? watchlist->rules().size() : 0);
  for (auto& [icao, legs] : by_aircraft) {
    if (progress && ++done % 1000 == 0) progress(done, by_aircraft.size());
    report::AircraftHistory h;
    h.icao = icao;
    h.who = db.describe(icao);
    h.facts.icao = icao;
    h.facts.registration = h.who.record.registration;
    h.facts.type = h.who.record.type;
    std::map<std::string, int> prefixes;
    for (const auto& l : legs)
      if (!l.leg.callsign.empty()) {
        h.facts.callsigns.insert(l.leg.callsign);
        if (auto p = watchlist::operator_prefix(l.leg.callsign); !p.empty()) ++prefixes[p];
      }
    if (watchlist) {
      // Every rule is tried (to say which match nothing); the first that
      // matches is why the aircraft is watched, as Watchlist::match gives it.
      const watchlist::Rule* rule = nullptr;
      for (std::size_t i = 0; i < watchlist->rules().size(); ++i)
        if (watchlist::matches(watchlist->rules()[i], h.facts)) {
          rule_matched[i] = true;
          if (!rule) rule = &watchlist->rules()[i];
        }
      if (rule) {
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
    if (const auto* s = seats.find(h.facts.type)) {
      h.seats = s->seats;
      h.seats_max = std::max(s->seats, s->max);
    }
    h.legs = std::move(legs);
    std::optional<AircraftItineraries> made;
    if (const auto s = stored.find(icao); s != stored.end()) made = from_stored(s->second, h.legs);
    if (made) {
      ++counts.stored;
    } else {
      made = build_aircraft_itineraries(db, icao, h.legs, profile, airports);
      ++counts.built;
    }
    h.guesses = std::move(made->guesses);  // the itineraries' pointers move with them
    h.itineraries = std::move(made->itineraries);
    if (fleet.scope == Scope::kProfile)
      std::tie(h.watched_because, h.counted_as) =
          report::counted_by_profile(h.facts, h.itineraries, profile);
    fleet.aircraft.push_back(std::move(h));
  }
  for (std::size_t i = 0; i < rule_matched.size(); ++i)
    if (!rule_matched[i]) fleet.unmatched_rules.push_back(watchlist->rules()[i]);
  if (sources) *sources = counts;
  return fleet;
}

}  // namespace skywitness::analysis
