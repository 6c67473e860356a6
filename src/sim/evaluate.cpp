#include "skywitness/sim/evaluate.hpp"

#include <algorithm>
#include <unordered_map>

namespace skywitness::sim {

LegAccuracy evaluate_legs(const std::vector<Leg>& found, const Plan& plan) {
  LegAccuracy a;
  a.found = found.size();
  a.truth = plan.legs.size();
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_icao;
  for (std::size_t i = 0; i < plan.legs.size(); ++i) by_icao[plan.legs[i].icao].push_back(i);
  std::vector<bool> used(plan.legs.size(), false);
  for (const auto& l : found) {
    const auto it = by_icao.find(l.icao);
    if (it == by_icao.end()) continue;
    double best = 0;
    std::size_t at = 0;
    for (auto i : it->second) {
      const auto& t = plan.legs[i];
      const double overlap =
          std::min(t.landing, l.destination.time) - std::max(t.takeoff, l.origin.time);
      if (!used[i] && overlap > best) {
        best = overlap;
        at = i;
      }
    }
    if (best <= 0) continue;
    used[at] = true;
    ++a.matched;
    const auto& t = plan.legs[at];
    if (t.takeoff_covered) {
      ++a.ends;
      a.ends_right += l.origin.airport == t.origin;
    }
    if (t.landing_covered) {
      ++a.ends;
      a.ends_right += l.destination.airport == t.destination;
    }
  }
  return a;
}

std::vector<TrueRemoval> true_removals(const Plan& plan, const geo::Airports& airports,
                                       const std::string& home) {
  std::vector<TrueRemoval> out;
  for (const auto& trip : plan.itineraries)
    for (const auto i : trip.legs) {
      const auto* a = airports.find(plan.legs[i].destination);
      if (a && a->country != home) {
        out.push_back({i, a->country});
        break;
      }
    }
  return out;
}

}  // namespace skywitness::sim
