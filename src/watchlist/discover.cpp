#include "skywitness/watchlist/discover.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "skywitness/core/time.hpp"

namespace skywitness::watchlist {

std::optional<Candidate> score_candidate(const AircraftFacts& facts,
                                         const std::vector<roles::Itinerary>& itineraries,
                                         const roles::Profile& profile,
                                         const DiscoverOptions& options) {
  Candidate c;
  c.facts = facts;
  for (const auto& it : itineraries) {
    const bool from_hub = profile.hubs.contains(it.base);
    for (const auto& r : it.legs) {
      const auto& l = r.leg.leg;
      std::string why;
      if ((r.role == roles::Role::kRemoval || r.role == roles::Role::kFurtherRemoval) &&
          r.counted && from_hub) {
        ++c.removals_from_hubs;
        c.countries.insert(r.country);
        c.hubs.insert(it.base);
        c.score += options.removal_weight;
        why = fmt::format("to {} on a trip from the hub {}", r.country, it.base);
      } else if (r.role == roles::Role::kDomesticTransfer) {
        ++c.hub_transfers;
        c.score += options.transfer_weight;
        why = "between hubs";
      } else if (r.role == roles::Role::kLateral) {
        ++c.laterals;
        c.score += options.lateral_weight;
        why = "to a border city";
      }
      if (!why.empty() && c.evidence.size() < options.evidence_legs)
        c.evidence.push_back(fmt::format("{} {}->{} {}", format_date(l.origin.time),
                                         l.origin.airport.empty() ? "?" : l.origin.airport,
                                         !l.destination.airport.empty() ? l.destination.airport
                                         : r.guess                      ? r.guess->airport + "?"
                                                                        : "?",
                                         why));
    }
  }
  if (c.score < options.min_score) return std::nullopt;
  c.summary = fmt::format("{} removal leg{} from hubs to {}; {} between hubs; {} to border cities",
                          c.removals_from_hubs, c.removals_from_hubs == 1 ? "" : "s",
                          fmt::join(c.countries, ", "), c.hub_transfers, c.laterals);
  return c;
}

std::optional<std::string> counted_by_behaviour(const AircraftFacts& facts,
                                                const std::vector<roles::Itinerary>& itineraries,
                                                const roles::Profile& profile) {
  for (const auto& cs : facts.callsigns)
    if (const auto p = operator_prefix(cs); !p.empty() && profile.scheduled_airlines.contains(p))
      return std::nullopt;
  const auto c = score_candidate(facts, itineraries, profile);
  if (!c) return std::nullopt;
  const bool network = c->hub_transfers > 0 || c->laterals > 0 || c->hubs.size() >= 2;
  if (!network) return std::nullopt;
  // A timetable: the same callsign on the same route on different days.
  std::map<std::string, std::set<std::string>> days;
  for (const auto& it : itineraries)
    for (const auto& r : it.legs) {
      const auto& l = r.leg.leg;
      if (operator_prefix(l.callsign).empty() || l.origin.airport.empty() ||
          l.destination.airport.empty())
        continue;
      auto& d = days[l.callsign + " " + l.origin.airport + "-" + l.destination.airport];
      d.insert(format_date(l.origin.time));
      if (d.size() >= 2) return std::nullopt;
    }
  return fmt::format("behaviour: {}", c->summary);
}

void rank(std::vector<Candidate>& candidates) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.facts.icao < b.facts.icao;
  });
}

}  // namespace skywitness::watchlist
