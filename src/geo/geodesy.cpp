#include "skywitness/geo/geodesy.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace skywitness::geo {
namespace {
constexpr double kRad = std::numbers::pi / 180.0;
double wrap180(double lon) {
  lon = std::fmod(lon + 180.0, 360.0);
  if (lon < 0) lon += 360.0;
  return lon - 180.0;
}
}  // namespace

double distance_nm(LatLon a, LatLon b) {
  const double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusNm * std::asin(std::min(1.0, std::sqrt(h)));
}

double bearing_deg(LatLon from, LatLon to) {
  const double p1 = from.lat * kRad, p2 = to.lat * kRad, dl = (to.lon - from.lon) * kRad;
  const double y = std::sin(dl) * std::cos(p2);
  const double x = std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl);
  const double b = std::atan2(y, x) / kRad;
  return b < 0 ? b + 360.0 : b;
}

LatLon destination(LatLon from, double bearing, double dist_nm) {
  const double d = dist_nm / kEarthRadiusNm, t = bearing * kRad, p1 = from.lat * kRad;
  const double p2 =
      std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(t));
  const double l2 = from.lon * kRad + std::atan2(std::sin(t) * std::sin(d) * std::cos(p1),
                                                 std::cos(d) - std::sin(p1) * std::sin(p2));
  return {p2 / kRad, wrap180(l2 / kRad)};
}

LatLon interpolate(LatLon a, LatLon b, double f) {
  const double d = distance_nm(a, b) / kEarthRadiusNm;
  if (d < 1e-12) return a;
  const double p1 = a.lat * kRad, l1 = a.lon * kRad, p2 = b.lat * kRad, l2 = b.lon * kRad;
  const double A = std::sin((1 - f) * d) / std::sin(d), B = std::sin(f * d) / std::sin(d);
  const double x = A * std::cos(p1) * std::cos(l1) + B * std::cos(p2) * std::cos(l2);
  const double y = A * std::cos(p1) * std::sin(l1) + B * std::cos(p2) * std::sin(l2);
  const double z = A * std::sin(p1) + B * std::sin(p2);
  return {std::atan2(z, std::sqrt(x * x + y * y)) / kRad, std::atan2(y, x) / kRad};
}

}  // namespace skywitness::geo
