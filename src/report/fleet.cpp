#include "skywitness/report/fleet.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "skywitness/core/time.hpp"
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

std::string scope_text(const Fleet& fleet, const roles::Profile& profile,
                       const std::string& watchlist_name) {
  switch (fleet.scope) {
    case Scope::kAll:
      return "every aircraft in the database (--all-aircraft)";
    case Scope::kWatchlist:
      return "the aircraft on the watchlist " + watchlist_name;
    case Scope::kProfile:
      break;
  }
  return fmt::format(
      "no watchlist: the removal operators of the profile {} ({}), and aircraft that fly like "
      "them",
      profile.name, fmt::join(profile.operator_prefixes, ", "));
}

std::pair<double, double> data_range(const Fleet& fleet) {
  if (!fleet.coverage.empty()) return {fleet.coverage.front().from, fleet.coverage.back().to};
  return {fleet.first_time, fleet.last_time};
}

RemovalLeg removal_leg(const AircraftHistory& h, const roles::Itinerary& it,
                       const roles::RoledLeg& r) {
  const auto& l = r.leg.leg;
  RemovalLeg x;
  x.aircraft = &h;
  x.itinerary = &it;
  x.leg = &r;
  x.country = r.country;
  x.inferred = r.guess != nullptr;
  x.destination = x.inferred ? r.guess->airport : l.destination.airport;
  x.time = l.destination.time;
  x.evidence = fmt::format(
      "takeoff {}, landing {}", end_evidence(l.origin),
      x.inferred ? fmt::format("not seen; {} is a guess ({})", r.guess->airport, r.guess->reason)
                 : end_evidence(l.destination));
  return x;
}

std::vector<RemovalLeg> counted_removals(const Fleet& fleet) {
  std::vector<RemovalLeg> out;
  for (const auto& h : fleet.aircraft) {
    if (h.watched_because.empty()) continue;
    for (const auto& it : h.itineraries)
      for (const auto& r : it.legs)
        if (r.counted) out.push_back(removal_leg(h, it, r));
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
