#include "skywitness/flights/simplify.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace skywitness::flights {
namespace {

constexpr double kMetresPerDegree = 111'195.0;

// Distance in metres from p to the segment a-b, on a plane tangent near a.
// `k` is the cosine of a's latitude.
double offset_m(const Position& p, const Position& a, const Position& b, double k) {
  auto dlon = [](double x, double y) {
    double d = x - y;
    if (d > 180) d -= 360;
    if (d < -180) d += 360;
    return d;
  };
  const double bx = dlon(b.lon, a.lon) * k, by = b.lat - a.lat;
  const double px = dlon(p.lon, a.lon) * k, py = p.lat - a.lat;
  const double len2 = bx * bx + by * by;
  double u = len2 > 0 ? (px * bx + py * by) / len2 : 0;
  u = u < 0 ? 0 : (u > 1 ? 1 : u);
  const double dx = px - u * bx, dy = py - u * by;
  return std::sqrt(dx * dx + dy * dy) * kMetresPerDegree;
}

}  // namespace

std::vector<std::size_t> simplify(std::span<const Position> track, double tolerance_m) {
  std::vector<std::size_t> keep;
  if (track.empty()) return keep;
  if (track.size() <= 2) {
    for (std::size_t i = 0; i < track.size(); ++i) keep.push_back(i);
    return keep;
  }
  std::vector<bool> mark(track.size(), false);
  mark.front() = mark.back() = true;
  std::vector<std::pair<std::size_t, std::size_t>> todo{{0, track.size() - 1}};
  while (!todo.empty()) {
    const auto [lo, hi] = todo.back();
    todo.pop_back();
    double worst = -1;
    std::size_t at = lo;
    const double k = std::cos(track[lo].lat * M_PI / 180.0);
    for (std::size_t i = lo + 1; i < hi; ++i) {
      const double d = offset_m(track[i], track[lo], track[hi], k);
      // A change between air and ground is kept: it is where the leg begins or ends.
      const bool boundary = track[i].on_ground != track[i - 1].on_ground;
      if (boundary || d > worst) {
        worst = boundary ? 1e300 : d;
        at = i;
        if (boundary) break;
      }
    }
    if (worst > tolerance_m) {
      mark[at] = true;
      if (at - lo > 1) todo.emplace_back(lo, at);
      if (hi - at > 1) todo.emplace_back(at, hi);
    }
  }
  for (std::size_t i = 0; i < track.size(); ++i)
    if (mark[i]) keep.push_back(i);
  return keep;
}

std::vector<TrackPoint> leg_track(std::span<const Position> track,
                                  std::span<const std::size_t> rejected, const Leg& leg,
                                  double tolerance_m, std::vector<Position>& scratch) {
  auto by_time = [](const Position& p, double t) { return p.t < t; };
  auto lo = static_cast<std::size_t>(
      std::lower_bound(track.begin(), track.end(), leg.origin.time, by_time) - track.begin());
  const auto hi = static_cast<std::size_t>(
      std::lower_bound(track.begin(), track.end(), leg.destination.time + 1e-6, by_time) -
      track.begin());
  if (lo > 0 && track[lo - 1].on_ground) --lo;  // the runway the roll began on
  scratch.clear();
  auto skip = std::lower_bound(rejected.begin(), rejected.end(), lo);
  for (std::size_t i = lo; i < hi; ++i) {
    if (skip != rejected.end() && *skip == i) {
      ++skip;
      continue;
    }
    scratch.push_back(track[i]);
  }
  std::vector<TrackPoint> out;
  for (const auto i : simplify(scratch, tolerance_m)) {
    const auto& p = scratch[i];
    out.push_back({p.t, p.lat, p.lon, (p.has & Position::kAlt) && !p.on_ground ? p.alt_baro : 0,
                   p.on_ground});
  }
  return out;
}

}  // namespace skywitness::flights
