#include "skywitness/report/monthly.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"

namespace skywitness::report {
namespace {

void add(Count& c, const AircraftHistory& h, bool inferred) {
  ++c.legs;
  if (h.seats) {
    c.seats += *h.seats;
    c.seats_max += h.seats_max.value_or(*h.seats);
  } else {
    ++c.seats_unknown;
  }
  if (inferred) ++c.inferred;
}

// Rows of one breakdown: this month's count and the baseline average.
class Breakdown {
 public:
  Breakdown(const std::string& month, const std::vector<std::string>& baseline)
      : month_(month), baseline_(baseline.begin(), baseline.end()) {}

  void add(const std::string& key, const std::string& label, const std::string& month,
           const AircraftHistory& h, bool inferred) {
    if (month == month_) {
      auto& r = rows_[key];
      r.key = key;
      r.label = label;
      report::add(r.month, h, inferred);
    } else if (baseline_.contains(month)) {
      auto& r = rows_[key];
      r.key = key;
      r.label = label;
      r.baseline_legs += 1;
      if (h.seats) r.baseline_seats += *h.seats;
    }
  }

  // Most legs this month first, then the largest baseline.
  std::vector<Row> rows() const {
    std::vector<Row> out;
    for (auto [k, r] : rows_) {
      if (!baseline_.empty()) {
        r.baseline_legs /= static_cast<double>(baseline_.size());
        r.baseline_seats /= static_cast<double>(baseline_.size());
      }
      out.push_back(std::move(r));
    }
    std::stable_sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
      return a.month.legs != b.month.legs ? a.month.legs > b.month.legs
                                          : a.baseline_legs > b.baseline_legs;
    });
    return out;
  }

 private:
  std::string month_;
  std::set<std::string> baseline_;
  std::map<std::string, Row> rows_;
};

}  // namespace

MonthlyReport build_report(const Fleet& fleet, const std::vector<RemovalLeg>& removals,
                           const roles::Profile& profile, const geo::CountryNames& names,
                           const std::map<std::string, std::uint64_t>& encounters,
                           const ReportOptions& options) {
  MonthlyReport rep;
  rep.month = options.month;
  rep.db = options.db;
  rep.evidence_files = options.evidence_files;
  // Every airport the report names, kept with its name and city.
  auto place = [&](const std::string& code) {
    if (!options.airports || code.empty() || rep.airports.contains(code)) return;
    if (const auto* a = options.airports->find(code)) rep.airports.emplace(code, *a);
  };
  // An operator by name: the designator's airline, else as it is.
  auto operator_label = [&](const std::string& op) {
    const auto* a = options.airlines && op.size() == 3 ? options.airlines->find(op) : nullptr;
    return a ? a->name : op;
  };
  // A hub by its city ("Mesa"), short enough for a table's first column on
  // a phone: the airports' names are in the report's table of them.
  auto hub_label = [&](const std::string& code) {
    std::string out = code;
    if (const auto a = rep.airports.find(code); a != rep.airports.end() && !a->second.city.empty())
      out = a->second.city;
    return profile.hubs.contains(code) ? out : out + " (not a hub)";
  };
  if (const auto range = month_range(options.month)) std::tie(rep.from, rep.to) = *range;
  rep.profile_name = options.profile_name;
  rep.scope = scope_text(fleet, profile, options.watchlist_name);
  std::tie(rep.data_first, rep.data_last) = data_range(fleet);
  rep.coverage = classify(fleet.coverage, rep.from, rep.to);
  rep.covered_days = covered_seconds(fleet.coverage, rep.from, rep.to) / 86400;
  rep.month_days = (rep.to - rep.from) / 86400;
  rep.encounters = encounters;

  // The baseline: of the months before, those in which the watched fleet flew.
  std::set<std::string> active;
  for (const auto& h : fleet.aircraft) {
    if (h.watched_because.empty()) continue;
    ++rep.watched_aircraft;
    bool flew = false;
    for (const auto& l : h.legs) {
      active.insert(month_of(l.leg.destination.time));
      flew = flew || month_of(l.leg.destination.time) == rep.month;
    }
    if (flew) ++rep.flying_aircraft;
  }
  for (int i = options.baseline_months; i >= 1; --i)
    if (const auto m = add_months(rep.month, -i); active.contains(m)) rep.baseline.push_back(m);

  Breakdown roles(rep.month, rep.baseline), countries(rep.month, rep.baseline),
      operators(rep.month, rep.baseline), hubs(rep.month, rep.baseline);
  for (const auto& h : fleet.aircraft) {
    if (h.watched_because.empty()) continue;
    for (const auto& it : h.itineraries)
      for (const auto& r : it.legs) {
        const auto m = month_of(r.leg.leg.destination.time);
        const char* role = roles::role_name(r.role);
        roles.add(role, role, m, h, r.guess != nullptr);
        if (m != rep.month) continue;
        ++rep.legs;
        if (!r.counted &&
            (r.role == roles::Role::kRemoval || r.role == roles::Role::kFurtherRemoval)) {
          auto x = removal_leg(h, it, r);
          if (x.country.empty())
            x.country = r.guess ? r.guess->country_or_unknown() : r.leg.destination_country;
          rep.country_names[x.country] = names.name(x.country);
          const std::string op = h.operator_key();
          rep.operator_names[op] = operator_label(op);
          place(r.leg.leg.origin.airport);
          place(x.destination);
          rep.uncounted_legs.push_back(std::move(x));
        }
        if (r.leg.leg.destination.airport.empty() || r.leg.leg.origin.airport.empty())
          ++rep.legs_unknown_end;
        if (r.leg.leg.destination.how == EndHow::kInferred ||
            r.leg.leg.origin.how == EndHow::kInferred)
          ++rep.legs_inferred_end;
      }
    for (const auto& g : h.guesses)
      if (month_of(g.from_time) == rep.month) ++rep.unobserved_stops;
  }
  for (const auto& r : removals) {
    const auto m = month_of(r.time);
    const auto& h = *r.aircraft;
    countries.add(r.country, names.name(r.country), m, h, r.inferred);
    const std::string op = h.operator_key();
    operators.add(op, operator_label(op), m, h, r.inferred);
    const std::string& hub = r.itinerary->base;
    place(hub);
    if (m == rep.month) {
      rep.country_names[r.country] = names.name(r.country);
      rep.operator_names[op] = operator_label(op);
      place(r.leg->leg.leg.origin.airport);
      place(r.destination);
      for (const auto& l : r.itinerary->legs) {
        place(l.leg.leg.destination.airport);
        if (l.guess)
          for (const auto& c : l.guess->candidates) place(c.airport);
        if (&l == r.leg) break;
      }
    }
    hubs.add(hub, hub_label(hub), m, h, r.inferred);
    if (m == rep.month) {
      add(rep.removals, h, r.inferred);
      rep.removal_legs.push_back(&r);
    } else if (std::find(rep.baseline.begin(), rep.baseline.end(), m) != rep.baseline.end()) {
      rep.baseline_removals += 1;
    }
  }
  if (!rep.baseline.empty()) rep.baseline_removals /= static_cast<double>(rep.baseline.size());
  rep.by_role = roles.rows();
  rep.by_country = countries.rows();
  rep.by_operator = operators.rows();
  rep.by_hub = hubs.rows();

  // Aircraft not on the list that fly like those on it.
  if (!fleet.whole_database) {
    for (const auto& h : fleet.aircraft) {
      if (!h.watched_because.empty()) continue;
      std::vector<roles::Itinerary> in_month;
      for (const auto& it : h.itineraries)
        if (month_of(it.legs.back().leg.leg.destination.time) == rep.month) in_month.push_back(it);
      if (auto c = watchlist::score_candidate(h.facts, in_month, profile))
        rep.candidates.push_back(std::move(*c));
    }
    watchlist::rank(rep.candidates);
    rep.candidates_total = rep.candidates.size();
    if (rep.candidates.size() > options.max_candidates)
      rep.candidates.resize(options.max_candidates);
  }

  // What a reader must know before quoting a number.
  // Where the data do not cover the month, its counts are not zeros.
  if (rep.coverage == Coverage::kNone)
    rep.coverage_note =
        rep.data_last > rep.data_first
            ? fmt::format(
                  "No data for {}: no input covers any of it (the data cover {} to {}); "
                  "a count of 0 for it is no observation, not an absence of flights.",
                  rep.month, format_date(rep.data_first), format_date(rep.data_last - 1))
            : fmt::format("No data for {}: the database holds none.", rep.month);
  else if (rep.coverage == Coverage::kPartial)
    rep.coverage_note = fmt::format(
        "The data cover {:.0f} of the {:.0f} days of {}: flights on the other days are not "
        "counted, and the counts are lower bounds.",
        rep.covered_days, rep.month_days, rep.month);
  if (!rep.coverage_note.empty()) rep.caveats.push_back(rep.coverage_note);
  rep.caveats.push_back(
      "Seats are not people. Two figures are given: the seats of each aircraft type's typical "
      "layout, and of the largest layout known for the type (data/aircraft_types/seats.csv); "
      "the people aboard were at most the second, and how many fewer is not known.");
  if (rep.removals.seats_unknown)
    rep.caveats.push_back(
        fmt::format("{} removal leg{} flew on aircraft of unknown type: {} not in the seat totals.",
                    rep.removals.seats_unknown, rep.removals.seats_unknown == 1 ? "" : "s",
                    rep.removals.seats_unknown == 1 ? "it is" : "they are"));
  if (rep.removals.inferred)
    rep.caveats.push_back(fmt::format(
        "{} removal leg{} landed where no receiver saw it; the country is inferred from the "
        "courses flown into and out of the coverage gap and marked as such, and the landing "
        "time is the window the gap allows, not a time seen.",
        rep.removals.inferred, rep.removals.inferred == 1 ? "" : "s"));
  if (rep.legs_unknown_end)
    rep.caveats.push_back(fmt::format(
        "{} of {} legs this month have an end that was not seen (coverage, or the data ends); "
        "their roles are unknown unless a guess fills them in.",
        rep.legs_unknown_end, rep.legs));
  if (rep.baseline.size() < static_cast<std::size_t>(options.baseline_months))
    rep.caveats.push_back(fmt::format(
        "The average is over {} month{} ({}), not {}: the watched aircraft flew no leg in the "
        "data in the other months before this one.",
        rep.baseline.size(), rep.baseline.size() == 1 ? "" : "s",
        rep.baseline.empty() ? std::string("none")
                             : fmt::format("{}", fmt::join(rep.baseline, ", ")),
        options.baseline_months));
  if (fleet.scope == Scope::kAll)
    rep.caveats.push_back(
        "--all-aircraft: every aircraft in the database is counted, airliners included. "
        "Give --watchlist to count the charters you follow.");
  if (fleet.scope == Scope::kProfile)
    rep.caveats.push_back(fmt::format(
        "No watchlist was given: counted are the aircraft of the profile's removal operators ({}) "
        "and aircraft that fly like removal charters (a removal from a hub, and a transfer "
        "between hubs, a lateral or removals from two hubs); scheduled airlines' flights never. "
        "Each removal says why its aircraft is counted. Give --watchlist to count the charters "
        "you follow, or --all-aircraft to count every aircraft.",
        fmt::join(profile.operator_prefixes, ", ")));
  rep.caveats.push_back(
      "A removal is counted once per country per itinerary (from a base until it is back at one), "
      "on the day it landed; the profile " +
      rep.profile_name + " says which airports are hubs, border cities and fuel stops.");
  return rep;
}

}  // namespace skywitness::report
