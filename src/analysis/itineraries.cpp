#include "skywitness/analysis/itineraries.hpp"

#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace skywitness::analysis {
namespace {

using nlohmann::json;

// FNV-1a, 64 bits: a fingerprint that stays the same across builds and
// machines (std::hash does not promise to).
std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (const unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string joined(const std::set<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + ',';
  return out;
}

// Stop guesses as JSON that reads back to the same doubles (nlohmann writes
// the shortest text that round-trips).
json guess_json(const roles::StopGuess& g) {
  json candidates = json::array();
  for (const auto& c : g.candidates)
    candidates.push_back({{"airport", c.airport},
                          {"country", c.country},
                          {"share", c.share},
                          {"from_entry_nm", c.from_entry_nm},
                          {"to_exit_nm", c.to_exit_nm},
                          {"course_in_error", c.course_in_error},
                          {"course_out_error", c.course_out_error},
                          {"ground_minutes", c.ground_minutes},
                          {"evidence", c.evidence}});
  return {{"icao", g.icao},
          {"from_time", g.from_time},
          {"to_time", g.to_time},
          {"airport", g.airport},
          {"country", g.country},
          {"country_share", g.country_share},
          {"candidates", std::move(candidates)},
          {"course_in", g.course_in},
          {"course_out", g.course_out},
          {"climbing_out", g.climbing_out},
          {"descending_in", g.descending_in},
          {"reason", g.reason}};
}

roles::StopGuess guess_from(const json& j) {
  roles::StopGuess g;
  g.icao = j.at("icao").get<std::uint32_t>();
  g.from_time = j.at("from_time").get<double>();
  g.to_time = j.at("to_time").get<double>();
  g.airport = j.at("airport").get<std::string>();
  g.country = j.at("country").get<std::string>();
  g.country_share = j.at("country_share").get<double>();
  for (const auto& c : j.at("candidates")) {
    roles::StopCandidate x;
    x.airport = c.at("airport").get<std::string>();
    x.country = c.at("country").get<std::string>();
    x.share = c.at("share").get<double>();
    x.from_entry_nm = c.at("from_entry_nm").get<double>();
    x.to_exit_nm = c.at("to_exit_nm").get<double>();
    x.course_in_error = c.at("course_in_error").get<double>();
    x.course_out_error = c.at("course_out_error").get<double>();
    x.ground_minutes = c.at("ground_minutes").get<double>();
    x.evidence = c.at("evidence").get<std::string>();
    g.candidates.push_back(std::move(x));
  }
  g.course_in = j.at("course_in").get<double>();
  g.course_out = j.at("course_out").get<double>();
  g.climbing_out = j.at("climbing_out").get<bool>();
  g.descending_in = j.at("descending_in").get<bool>();
  g.reason = j.at("reason").get<std::string>();
  return g;
}

int index_in(const std::vector<roles::StopGuess>& guesses, const roles::StopGuess* g) {
  if (!g) return -1;
  return static_cast<int>(g - guesses.data());
}

}  // namespace

std::string profile_key(const roles::Profile& p, const geo::Airports& airports) {
  const std::string settings = fmt::format(
      "rules {}\nairports {}\nname {}\nhome {}\nhubs {}\nborder {}\ntechnical {}\n"
      "technical_hours {}\nbase_stay_hours {}\nsleeps {}\nreturn_detour {}\noperators {}\n"
      "registrations {}\nscheduled {}\n",
      kRulesVersion, airports.all().size(), p.name, p.home_country, joined(p.hubs),
      joined(p.border_airports), joined(p.technical_stops), p.technical_stop_hours,
      p.base_stay_hours, p.sleeps_for_base, p.return_detour, joined(p.operator_prefixes),
      joined(p.operator_registrations), joined(p.scheduled_airlines));
  return fmt::format("{}#{:016x}", p.name, fnv1a(settings));
}

AircraftItineraries build_aircraft_itineraries(store::Store& db, std::uint32_t icao,
                                               const std::vector<LegRecord>& legs,
                                               const roles::Profile& profile,
                                               const geo::Airports& airports) {
  AircraftItineraries out;
  store::LegQuery q;
  q.icao = icao;
  if (const auto stops = db.stops(q); !stops.empty())
    out.guesses = roles::guess_stops(stops, db.positions(icao), airports);
  out.itineraries = roles::build_itineraries(legs, profile, airports, out.guesses);
  return out;
}

store::StoredItineraries to_stored(std::uint32_t icao, const AircraftItineraries& a,
                                   const std::string& key) {
  store::StoredItineraries s;
  s.icao = icao;
  s.profile = key;
  json guesses = json::array();
  for (const auto& g : a.guesses) guesses.push_back(guess_json(g));
  s.guesses = guesses.dump();
  for (const auto& it : a.itineraries) {
    store::StoredItinerary x;
    x.base = it.base;
    x.back_at_base = it.back_at_base;
    if (!it.legs.empty()) {
      x.start = it.legs.front().leg.leg.origin.time;
      x.end = it.legs.back().leg.leg.destination.time;
    }
    for (const auto& r : it.legs)
      x.legs.push_back({r.leg.id, roles::role_name(r.role), r.country, r.counted, r.reason,
                        index_in(a.guesses, r.guess), index_in(a.guesses, r.origin_guess)});
    s.itineraries.push_back(std::move(x));
  }
  return s;
}

std::optional<AircraftItineraries> from_stored(const store::StoredItineraries& stored,
                                               const std::vector<LegRecord>& legs) {
  AircraftItineraries out;
  const auto guesses = json::parse(stored.guesses, nullptr, false);
  if (!guesses.is_array()) return std::nullopt;
  try {
    for (const auto& g : guesses) out.guesses.push_back(guess_from(g));
  } catch (const json::exception&) {
    return std::nullopt;
  }
  std::unordered_map<std::int64_t, const LegRecord*> by_id;
  for (const auto& l : legs) by_id[l.id] = &l;
  auto guess_at = [&](int i, const roles::StopGuess*& to) {
    if (i < 0) return true;
    if (static_cast<std::size_t>(i) >= out.guesses.size()) return false;
    to = &out.guesses[static_cast<std::size_t>(i)];
    return true;
  };
  std::size_t legs_named = 0;
  for (const auto& it : stored.itineraries) {
    roles::Itinerary x;
    x.icao = stored.icao;
    x.base = it.base;
    x.back_at_base = it.back_at_base;
    for (const auto& r : it.legs) {
      const auto leg = by_id.find(r.leg);
      const auto role = roles::role_from_name(r.role);
      if (leg == by_id.end() || !role) return std::nullopt;
      roles::RoledLeg y;
      y.leg = *leg->second;
      y.role = *role;
      y.country = r.country;
      y.counted = r.counted;
      y.reason = r.reason;
      if (!guess_at(r.guess, y.guess) || !guess_at(r.origin_guess, y.origin_guess))
        return std::nullopt;
      x.legs.push_back(std::move(y));
      ++legs_named;
    }
    out.itineraries.push_back(std::move(x));
  }
  // Every leg is in one itinerary: a record naming fewer is not this set of legs.
  if (legs_named != legs.size()) return std::nullopt;
  return out;
}

AircraftItineraries aircraft_itineraries(store::Store& db, std::uint32_t icao,
                                         const std::vector<LegRecord>& legs,
                                         const roles::Profile& profile,
                                         const geo::Airports& airports, const std::string& key,
                                         bool* stored) {
  std::optional<AircraftItineraries> made;
  if (const auto s = db.itineraries_of(icao, key)) made = from_stored(*s, legs);
  if (stored) *stored = made.has_value();
  if (!made) made = build_aircraft_itineraries(db, icao, legs, profile, airports);
  return std::move(*made);
}

RefreshCounts refresh_itineraries(store::Store& db, const roles::Profile& profile,
                                  const geo::Airports& airports,
                                  const std::function<void(std::size_t, std::size_t)>& progress) {
  RefreshCounts counts;
  const std::string key = profile_key(profile, airports);
  const auto todo = db.aircraft_without_itineraries(key);
  counts.aircraft = db.aircraft_with_legs().size();
  constexpr std::size_t kPerTransaction = 500;
  for (std::size_t i = 0; i < todo.size(); i += kPerTransaction) {
    db.begin();
    try {
      for (std::size_t k = i; k < std::min(todo.size(), i + kPerTransaction); ++k) {
        store::LegQuery q;
        q.icao = todo[k];
        const auto legs = db.legs(q);
        auto stored = to_stored(
            todo[k], build_aircraft_itineraries(db, todo[k], legs, profile, airports), key);
        db.put_itineraries(stored);
        ++counts.built;
      }
      db.commit();
    } catch (...) {
      db.rollback();
      throw;
    }
    if (progress) progress(counts.built, todo.size());
  }
  return counts;
}

}  // namespace skywitness::analysis
