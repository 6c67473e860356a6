// Planning: from a scenario to a list of legs with their times.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "skywitness/sim/flight.hpp"
#include "skywitness/sim/simulator.hpp"

namespace skywitness::sim {
namespace {

struct Busy {
  double from, to;
};

class Planner {
 public:
  Planner(const Scenario& s, const geo::Airports& airports, std::uint64_t seed, Plan& out)
      : s_(s), airports_(airports), rng_(seed), out_(out) {}

  bool run(std::string& error) {
    for (const auto& a : s_.aircraft)
      out_.aircraft.push_back({a.icao, a.registration, a.type, a.operator_name, a.callsign, false});
    busy_.resize(out_.aircraft.size());
    for (const auto& it : s_.itineraries)
      if (!itinerary(it, error)) return false;
    for (const auto& sc : s_.schedules)
      if (!schedule(sc, error)) return false;
    if (!background(error)) return false;
    std::vector<std::size_t> order(out_.legs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return out_.legs[a].off_block < out_.legs[b].off_block;
    });
    std::vector<std::size_t> where(order.size());
    std::vector<PlannedLeg> sorted;
    sorted.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      where[order[i]] = i;
      sorted.push_back(std::move(out_.legs[order[i]]));
    }
    out_.legs = std::move(sorted);
    for (auto& it : out_.itineraries) {
      for (auto& l : it.legs) l = where[l];
      for (auto& l : it.removal_legs) l = where[l];
    }
    apply_address_changes();
    return true;
  }

 private:
  bool find_aircraft(const std::string& key, std::size_t& index, std::string& error) {
    for (std::size_t i = 0; i < out_.aircraft.size(); ++i) {
      const auto& a = out_.aircraft[i];
      if (a.registration == key || fmt::format("{:06x}", a.icao) == key) {
        index = i;
        return true;
      }
    }
    error = fmt::format("unknown aircraft '{}' (give its registration or hex address)", key);
    return false;
  }

  const geo::Airport* airport(const std::string& code, std::string& error) {
    const auto* a = airports_.find(code);
    if (!a) error = fmt::format("unknown airport '{}' (not in data/airports/airports.csv)", code);
    return a;
  }

  std::string flight_number(const std::string& prefix) {
    std::uniform_int_distribution<int> n(100, 9899);
    return fmt::format("{}{}", prefix, n(rng_));
  }

  bool overlaps(std::size_t aircraft, double from, double to) const {
    for (const auto& b : busy_[aircraft])
      if (from < b.to && b.from < to) return true;
    return false;
  }

  // Chains legs through `codes`, returning false on an unknown airport.
  bool chain(std::size_t aircraft, const std::vector<std::string>& codes, double depart,
             const std::vector<double>& ground_minutes, const std::string& label,
             const std::optional<std::vector<std::string>>& removal_countries, bool check_busy,
             std::string& error) {
    const auto& perf = type_performance(out_.aircraft[aircraft].type);
    std::vector<PlannedLeg> legs;
    double t = depart;
    for (std::size_t i = 0; i + 1 < codes.size(); ++i) {
      const auto* from = airport(codes[i], error);
      const auto* to = airport(codes[i + 1], error);
      if (!from || !to) return false;
      FlightPath path(*from, *to, perf, t);
      PlannedLeg leg;
      leg.aircraft = aircraft;
      leg.origin = from->ident;
      leg.destination = to->ident;
      // Private jets fly under their registration; charters under a flight number.
      const auto& prefix = out_.aircraft[aircraft].callsign_prefix;
      leg.callsign = prefix.empty() ? out_.aircraft[aircraft].registration : flight_number(prefix);
      leg.off_block = path.off_block();
      leg.takeoff = path.takeoff_time();
      leg.landing = path.landing_time();
      leg.on_block = path.on_block();
      leg.icao = out_.aircraft[aircraft].icao;
      legs.push_back(leg);
      const double ground =
          ground_minutes.empty() ? 75.0 : ground_minutes[std::min(i, ground_minutes.size() - 1)];
      t = path.on_block() + ground * 60.0;
    }
    // Each named country is where the trip first lands in it; a country it
    // never lands in is a mistake in the scenario, not a removal to find.
    std::vector<std::size_t> removal_legs;
    if (removal_countries)
      for (const auto& country : *removal_countries) {
        std::size_t i = 0;
        while (i < legs.size() && airports_.find(legs[i].destination)->country != country) ++i;
        if (i == legs.size()) {
          error =
              fmt::format("trip {} of {}: removal country '{}' is not a country the trip lands in",
                          fmt::join(codes, "-"), out_.aircraft[aircraft].registration, country);
          return false;
        }
        removal_legs.push_back(out_.legs.size() + i);
      }
    if (check_busy && overlaps(aircraft, depart, t)) return true;  // skip a trip that collides
    busy_[aircraft].push_back({depart, t});
    PlannedItinerary it;
    it.aircraft = aircraft;
    it.label = label;
    it.removal_countries = removal_countries;
    it.removal_legs = std::move(removal_legs);
    for (auto& l : legs) {
      l.itinerary = static_cast<int>(out_.itineraries.size());
      it.legs.push_back(out_.legs.size());
      out_.legs.push_back(std::move(l));
    }
    out_.itineraries.push_back(std::move(it));
    return true;
  }

  bool itinerary(const ItinerarySpec& spec, std::string& error) {
    std::size_t a = 0;
    if (!find_aircraft(spec.aircraft, a, error)) return false;
    return chain(a, spec.airports, spec.depart, spec.ground_minutes, spec.label,
                 spec.removal_countries, false, error);
  }

  bool schedule(const ScheduleSpec& spec, std::string& error) {
    std::uniform_real_distribution<double> u(0, 1);
    std::uniform_int_distribution<std::size_t> pick(
        0, spec.patterns.empty() ? 0 : spec.patterns.size() - 1);
    if (spec.patterns.empty()) {
      error = "schedule without patterns";
      return false;
    }
    // Every pattern's removal countries, checked once whether or not the
    // dice ever pick it.
    if (spec.removal_countries)
      for (std::size_t p = 0; p < spec.patterns.size(); ++p)
        for (const auto& country : (*spec.removal_countries)[p]) {
          bool lands = false;
          for (std::size_t i = 1; i < spec.patterns[p].size(); ++i) {
            const auto* to = airport(spec.patterns[p][i], error);
            if (!to) return false;
            lands = lands || to->country == country;
          }
          if (!lands) {
            error = fmt::format(
                "schedule pattern {}: removal country '{}' is not a country it lands in",
                fmt::join(spec.patterns[p], "-"), country);
            return false;
          }
        }
    for (const auto& key : spec.aircraft) {
      std::size_t a = 0;
      if (!find_aircraft(key, a, error)) return false;
      for (double day = std::floor(spec.from / 86400) * 86400; day < spec.to; day += 86400) {
        if (u(rng_) >= spec.trips_per_week / 7.0) continue;
        const double hour = spec.earliest_hour + u(rng_) * (spec.latest_hour - spec.earliest_hour);
        const double depart = day + std::round(hour * 12) * 300;  // on a five-minute mark
        if (depart < spec.from || depart >= spec.to) continue;
        const auto p = pick(rng_);
        const std::optional<std::vector<std::string>> removals =
            spec.removal_countries ? std::optional((*spec.removal_countries)[p]) : std::nullopt;
        if (!chain(a, spec.patterns[p], depart, {spec.ground_minutes}, "", removals, true, error))
          return false;
      }
    }
    return true;
  }

  bool background(std::string& error) {
    const auto& b = s_.background;
    if (b.flights_per_day <= 0) return true;
    std::vector<const geo::Airport*> pool;
    std::vector<double> weights;
    for (const auto& a : airports_.all()) {
      if (a.ident.size() != 4) continue;  // ICAO-coded airports only
      pool.push_back(&a);
      weights.push_back(a.large ? b.large_weight : 1.0);
    }
    if (pool.size() < 2) {
      error = "no airports for background traffic";
      return false;
    }
    std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
    std::uniform_real_distribution<double> u(0, 1);
    static constexpr const char* kAirlines[] = {"DAL", "UAL", "AAL", "SWA", "BAW", "DLH",
                                                "AFR", "KLM", "RYR", "EZY", "UAE", "QTR",
                                                "CES", "CSN", "ANA", "JAL", "QFA", "THY"};
    static constexpr const char* kBackgroundTypes[] = {"A320", "B738", "A321", "B739", "E145",
                                                       "CRJ9", "B763", "B77W", "A333"};
    const auto total =
        static_cast<std::size_t>(std::llround(b.flights_per_day * (b.to - b.from) / 86400.0));
    out_.aircraft.reserve(out_.aircraft.size() + total);
    out_.legs.reserve(out_.legs.size() + total);
    for (std::size_t i = 0; i < total; ++i) {
      const geo::Airport* from = pool[pick(rng_)];
      const geo::Airport* to = nullptr;
      for (int tries = 0; tries < 50 && !to; ++tries) {
        const geo::Airport* c = pool[pick(rng_)];
        const double d = geo::distance_nm(from->pos, c->pos);
        if (c != from && d >= b.min_nm && d <= b.max_nm) to = c;
      }
      if (!to) continue;
      SimAircraft ac;
      // Background addresses from a block no scenario uses, one per flight.
      ac.icao = 0xC00000 + static_cast<std::uint32_t>(i % 0x3FFFFF);
      ac.type = kBackgroundTypes[static_cast<std::size_t>(u(rng_) * std::size(kBackgroundTypes)) %
                                 std::size(kBackgroundTypes)];
      ac.callsign_prefix = kAirlines[static_cast<std::size_t>(u(rng_) * std::size(kAirlines)) %
                                     std::size(kAirlines)];
      ac.background = true;
      const auto& perf = type_performance(ac.type);
      if (geo::distance_nm(from->pos, to->pos) > perf.max_range_nm) ac.type = "B77W";
      out_.aircraft.push_back(ac);
      const double depart = b.from + u(rng_) * (b.to - b.from);
      FlightPath path(*from, *to, type_performance(ac.type), depart);
      PlannedLeg leg;
      leg.aircraft = out_.aircraft.size() - 1;
      leg.origin = from->ident;
      leg.destination = to->ident;
      leg.callsign = flight_number(ac.callsign_prefix);
      leg.off_block = path.off_block();
      leg.takeoff = path.takeoff_time();
      leg.landing = path.landing_time();
      leg.on_block = path.on_block();
      leg.icao = ac.icao;
      out_.legs.push_back(leg);
    }
    return true;
  }

  void apply_address_changes() {
    for (const auto& c : s_.imperfections.address_changes) {
      std::string ignored;
      std::size_t a = 0;
      if (!find_aircraft(c.aircraft, a, ignored)) continue;
      for (auto& l : out_.legs)
        if (l.aircraft == a && l.off_block >= c.at) l.icao = c.new_icao;
    }
  }

  const Scenario& s_;
  const geo::Airports& airports_;
  std::mt19937_64 rng_;
  Plan& out_;
  std::vector<std::vector<Busy>> busy_;
};

}  // namespace

bool plan_scenario(const Scenario& s, const geo::Airports& airports, std::uint64_t seed, Plan& out,
                   std::string& error) {
  out = Plan{};
  Planner p(s, airports, seed, out);
  return p.run(error);
}

bool parse_formats(const std::string& list, unsigned& out, std::string& error) {
  out = 0;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    const std::string name =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name == "avr")
      out |= kOutAvr;
    else if (name == "beast")
      out |= kOutBeast;
    else if (name == "sbs")
      out |= kOutSbs;
    else if (name == "trace")
      out |= kOutTrace;
    else if (name == "opensky")
      out |= kOutOpensky;
    else if (name == "all")
      out |= kOutAll;
    else if (name != "none") {  // none: the truth alone
      error = fmt::format("unknown output format '{}' (avr, beast, sbs, trace, opensky, all, none)",
                          name);
      return false;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

}  // namespace skywitness::sim
