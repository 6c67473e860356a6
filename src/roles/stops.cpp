#include "skywitness/roles/stops.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "skywitness/geo/geodesy.hpp"

namespace skywitness::roles {
namespace {

double angle_between(double a, double b) {
  const double d = std::fmod(std::fabs(a - b), 360.0);
  return d > 180 ? 360 - d : d;
}

// The course flown over `span_s` seconds up to time `t` (towards = true) or
// from `t` on; empty when no position lies far enough away in time.
std::optional<double> course(std::span<const Position> ps, double t, double span_s, bool before) {
  const Position* at = nullptr;
  const Position* other = nullptr;
  if (before) {
    auto it = std::upper_bound(ps.begin(), ps.end(), t,
                               [](double v, const Position& p) { return v < p.t; });
    if (it == ps.begin()) return std::nullopt;
    at = &*(it - 1);
    for (auto j = it - 1;; --j) {
      if (at->t - j->t >= span_s / 2) other = &*j;
      if (at->t - j->t >= span_s || j == ps.begin()) break;
    }
  } else {
    auto it = std::lower_bound(ps.begin(), ps.end(), t,
                               [](const Position& p, double v) { return p.t < v; });
    if (it == ps.end()) return std::nullopt;
    at = &*it;
    for (auto j = it; j != ps.end() && j->t - at->t <= span_s; ++j)
      if (j->t - at->t >= span_s / 2) other = &*j;
  }
  if (!other) return std::nullopt;
  const geo::LatLon a{other->lat, other->lon}, b{at->lat, at->lon};
  if (geo::distance_nm(a, b) < 1) return std::nullopt;
  return before ? geo::bearing_deg(a, b) : geo::bearing_deg(b, a);
}

}  // namespace

std::optional<StopGuess> guess_stop(const UnobservedStop& stop, std::span<const Position> positions,
                                    const geo::Airports& airports,
                                    const StopGuessOptions& options) {
  const auto in = course(positions, stop.from_time, options.course_span_s, true);
  const auto out = course(positions, stop.to_time, options.course_span_s, false);
  if (!in || !out) return std::nullopt;
  const geo::LatLon from{stop.from_lat, stop.from_lon}, to{stop.to_lat, stop.to_lon};
  struct Fit {
    double error;
    const geo::Airport* airport;
  };
  std::vector<Fit> fits;
  for (const auto& a : airports.all()) {
    if (!a.scheduled || a.ident.empty()) continue;
    const double d_in = geo::distance_nm(from, a.pos), d_out = geo::distance_nm(a.pos, to);
    if (d_in > stop.reach_nm || d_out > stop.reach_nm) continue;
    // An airport right at an end of the gap has no meaningful bearing from it.
    const double e_in = d_in < 20 ? 0 : angle_between(*in, geo::bearing_deg(from, a.pos));
    const double e_out = d_out < 20 ? 0 : angle_between(geo::bearing_deg(a.pos, to), *out);
    if (e_in > options.max_course_error_deg || e_out > options.max_course_error_deg) continue;
    fits.push_back({e_in + e_out - (a.large ? 1 : 0), &a});
  }
  if (fits.empty()) return std::nullopt;
  std::sort(fits.begin(), fits.end(), [](const Fit& x, const Fit& y) {
    return x.error != y.error ? x.error < y.error : x.airport->ident < y.airport->ident;
  });
  StopGuess g;
  g.icao = stop.icao;
  g.from_time = stop.from_time;
  g.to_time = stop.to_time;
  g.airport = fits.front().airport->ident;
  g.country = fits.front().airport->country;
  g.course_in = *in;
  g.course_out = *out;
  std::set<std::string> countries;
  for (const auto& f : fits) {
    g.candidates.push_back(f.airport->ident);
    countries.insert(f.airport->country);
  }
  g.one_country = countries.size() == 1;
  g.reason = fmt::format(
      "the landing was not seen; the course in ({:.0f}°) and the course out ({:.0f}°) both point "
      "at {} ({}){}",
      *in, *out, g.airport, g.country,
      g.candidates.size() == 1 ? ""
      : g.one_country
          ? fmt::format(", and all {} airports that fit are in {}", g.candidates.size(), g.country)
          : fmt::format("; {} airports in {} countries fit", g.candidates.size(),
                        countries.size()));
  return g;
}

std::vector<StopGuess> guess_stops(store::Store& db, std::uint32_t icao,
                                   const geo::Airports& airports) {
  store::LegQuery q;
  q.icao = icao;
  const auto stops = db.stops(q);
  std::vector<StopGuess> out;
  if (stops.empty()) return out;
  const auto positions = db.positions(icao);
  for (const auto& s : stops)
    if (auto g = guess_stop(s, positions, airports)) out.push_back(std::move(*g));
  return out;
}

}  // namespace skywitness::roles
