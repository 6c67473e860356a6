#include "skywitness/sim/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"

namespace skywitness::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Window {
  double from, to;
  bool holds(double t) const { return t >= from && t <= to; }
};

// Where the true takeoff and landing of a found leg may lie. An observed end
// is a time seen; an inferred one lies somewhere in the coverage gap around
// it, and the found legs next to it bound that gap; an unknown one (the
// data starts or ends in the air) is only bounded on one side.
std::pair<Window, Window> windows(const Leg& l, const Leg* previous, const Leg* next, double tol) {
  const double o = l.origin.time, d = l.destination.time;
  const bool o_seen = l.origin.how == EndHow::kObserved,
             d_seen = l.destination.how == EndHow::kObserved;
  Window takeoff{o - tol, o + tol}, landing{d - tol, d + tol};
  if (l.origin.how == EndHow::kUnknown)
    takeoff = {(previous ? previous->destination.time : -kInf) - tol, o + tol};
  else if (!o_seen)
    takeoff = {(previous ? previous->destination.time : o) - tol, (d_seen ? o : d) + tol};
  if (l.destination.how == EndHow::kUnknown)
    landing = {d - tol, (next ? next->origin.time : kInf) + tol};
  else if (!d_seen)
    landing = {(o_seen ? d : o) - tol, (next ? next->origin.time : d) + tol};
  return {takeoff, landing};
}

}  // namespace

double LegAccuracy::worst_observed_error_s() const {
  double worst = 0;
  for (const auto& m : matches) {
    if (m.takeoff_how == EndHow::kObserved) worst = std::max(worst, std::fabs(m.takeoff_error_s));
    if (m.landing_how == EndHow::kObserved) worst = std::max(worst, std::fabs(m.landing_error_s));
  }
  return worst;
}

LegAccuracy evaluate_legs(const std::vector<Leg>& found, const Plan& plan,
                          const MatchOptions& options) {
  LegAccuracy a;
  a.found = found.size();
  a.truth = plan.legs.size();
  std::unordered_map<std::uint32_t, std::vector<std::size_t>> truth_by_icao, found_by_icao;
  for (std::size_t i = 0; i < plan.legs.size(); ++i) truth_by_icao[plan.legs[i].icao].push_back(i);
  for (std::size_t i = 0; i < found.size(); ++i) found_by_icao[found[i].icao].push_back(i);

  // Every pair that fits, with how far off it is; then the closest first,
  // so that a leg close to two true legs takes the one it fits best.
  std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;  // cost, found, truth
  for (auto& [icao, legs] : found_by_icao) {
    std::stable_sort(legs.begin(), legs.end(), [&](std::size_t x, std::size_t y) {
      return found[x].origin.time < found[y].origin.time;
    });
    const auto t = truth_by_icao.find(icao);
    if (t == truth_by_icao.end()) continue;
    for (std::size_t k = 0; k < legs.size(); ++k) {
      const Leg& l = found[legs[k]];
      const auto [takeoff, landing] =
          windows(l, k ? &found[legs[k - 1]] : nullptr,
                  k + 1 < legs.size() ? &found[legs[k + 1]] : nullptr, options.tolerance_s);
      for (const auto i : t->second) {
        const auto& p = plan.legs[i];
        if (takeoff.holds(p.takeoff) && landing.holds(p.landing))
          pairs.emplace_back(
              std::fabs(l.origin.time - p.takeoff) + std::fabs(l.destination.time - p.landing),
              legs[k], i);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<bool> found_used(found.size(), false), truth_used(plan.legs.size(), false);
  for (const auto& [cost, f, i] : pairs) {
    if (found_used[f] || truth_used[i]) continue;
    found_used[f] = truth_used[i] = true;
    const Leg& l = found[f];
    const auto& t = plan.legs[i];
    a.matches.push_back({f, i, l.origin.time - t.takeoff, l.destination.time - t.landing,
                         l.origin.how, l.destination.how});
    if (t.takeoff_covered) {
      ++a.ends;
      a.ends_right += l.origin.airport == t.origin;
    }
    if (t.landing_covered) {
      ++a.ends;
      a.ends_right += l.destination.airport == t.destination;
    }
  }
  a.matched = a.matches.size();
  std::sort(a.matches.begin(), a.matches.end(),
            [](const LegMatch& x, const LegMatch& y) { return x.found < y.found; });
  for (std::size_t f = 0; f < found.size(); ++f)
    if (!found_used[f]) a.extra.push_back(f);
  for (std::size_t i = 0; i < plan.legs.size(); ++i)
    if (!truth_used[i]) a.missed.push_back(i);
  return a;
}

std::optional<std::vector<TrueRemoval>> true_removals(const Plan& plan, std::string& error) {
  std::vector<TrueRemoval> out;
  for (std::size_t n = 0; n < plan.itineraries.size(); ++n) {
    const auto& trip = plan.itineraries[n];
    if (!trip.removal_countries) {
      const auto& from = plan.legs[trip.legs.front()];
      error = fmt::format(
          "trip {} of {} ({}from {} at {}) names no removal_countries: the scenario does not "
          "say what the truth is",
          n, plan.aircraft[trip.aircraft].registration,
          trip.label.empty() ? "" : "'" + trip.label + "', ", from.origin,
          format_iso8601(from.off_block));
      return std::nullopt;
    }
    for (std::size_t k = 0; k < trip.removal_legs.size(); ++k)
      out.push_back({trip.removal_legs[k], (*trip.removal_countries)[k]});
  }
  return out;
}

}  // namespace skywitness::sim
