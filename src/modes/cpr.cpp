#include "skywitness/modes/cpr.hpp"

#include <array>
#include <cmath>
#include <numbers>

namespace skywitness::modes::cpr {
namespace {

constexpr double kNz = 15.0;
constexpr double kScale = 131072.0;  // 2^17

// Latitude where NL changes from n to n-1, from NL(lat) = floor(2 pi / acos(1 - (1 - cos(pi / 2
// NZ)) / cos^2(lat))).
double transition_latitude(int n) {
  const double pi = std::numbers::pi;
  const double a = 1.0 - std::cos(pi / (2.0 * kNz));
  const double b = 1.0 - std::cos(2.0 * pi / n);
  return std::acos(std::sqrt(a / b)) * 180.0 / pi;
}

// Transition latitudes, and NL at the start of each 0.1 degree cell. Cells are
// narrower than the gap between any two transitions, so a cell holds at most
// one: NL is the cell's value, or one less past that transition.
struct Transitions {
  static constexpr int kCellsPerDegree = 10;
  std::array<double, 60> lat{};  // lat[n] for n = 2..59
  std::array<std::uint8_t, 87 * kCellsPerDegree> cell{};
  std::array<double, 60> lon_zone{};  // 360 / n for n = 1..59: no division per position
  Transitions() {
    for (int n = 1; n <= 59; ++n) lon_zone[static_cast<std::size_t>(n)] = 360.0 / n;
    for (int n = 2; n <= 59; ++n) lat[n] = transition_latitude(n);
    for (std::size_t i = 0; i < cell.size(); ++i) {
      const double start = static_cast<double>(i) / kCellsPerDegree;
      int n = 59;
      while (n > 2 && start >= lat[static_cast<std::size_t>(n)]) --n;
      cell[i] = static_cast<std::uint8_t>(n);
    }
  }
};
const Transitions& transitions() {
  static const Transitions t;
  return t;
}

double mod(double a, double b) {
  const double r = std::fmod(a, b);
  return r < 0 ? r + b : r;
}

double wrap_lon(double lon) {
  lon = mod(lon + 180.0, 360.0) - 180.0;
  return lon;
}

// Internal linkage, so that the position decoders inline it (an exported
// function of a -fPIC library is not inlined: it could be interposed).
inline int nl_of(double lat) {
  lat = std::fabs(lat);
  const Transitions& tr = transitions();
  if (lat >= 87.0) return lat > 87.0 ? 1 : 2;
  if (!(lat >= 0)) return 59;  // NaN: callers check results against NL anyway
  const int n = tr.cell[static_cast<std::size_t>(lat * Transitions::kCellsPerDegree)];
  return (n > 2 && lat >= tr.lat[static_cast<std::size_t>(n)]) ? n - 1 : n;
}

// floor(x / 2^17 + 1/2) for the integer CPR arithmetic: exact, no fmod.
inline std::int64_t round_cpr(std::int64_t x) {
  return (x + 65536) >> 17;
}
// `a` is a rounded CPR zone index: |a| < 2^23 (17-bit values times at most
// 60), so a 32-bit division gives the same remainder as a 64-bit one, faster.
inline int mod_int(std::int64_t a, int b) {
  const int r = static_cast<int>(a) % b;
  return r < 0 ? r + b : r;
}

// The same remainder for the small values of a longitude zone index (|a| <
// 60, the integer division's cost avoided).
inline int mod_small(int a, int b) {
  while (a < 0) a += b;
  while (a >= b) a -= b;
  return a;
}

}  // namespace

double nl_transition(int n) {
  return transitions().lat[static_cast<std::size_t>(n)];
}

int nl(double lat) {
  return nl_of(lat);
}

std::optional<LatLon> global_airborne(Encoded even, Encoded odd, bool latest_odd) {
  const std::int64_t y0 = even.lat, y1 = odd.lat, x0 = even.lon, x1 = odd.lon;
  const std::int64_t j = round_cpr(59 * y0 - 60 * y1);
  double rlat0 = (360.0 / 60.0) * (mod_int(j, 60) + static_cast<double>(y0) / kScale);
  double rlat1 = (360.0 / 59.0) * (mod_int(j, 59) + static_cast<double>(y1) / kScale);
  if (rlat0 >= 270.0) rlat0 -= 360.0;
  if (rlat1 >= 270.0) rlat1 -= 360.0;
  if (rlat0 < -90 || rlat0 > 90 || rlat1 < -90 || rlat1 > 90) return std::nullopt;
  const int n = nl_of(rlat0);
  if (n != nl_of(rlat1)) return std::nullopt;
  const double rlat = latest_odd ? rlat1 : rlat0;
  const int ni = std::max(n - (latest_odd ? 1 : 0), 1);
  const std::int64_t m = round_cpr(x0 * (n - 1) - x1 * n);
  const double lon =
      transitions().lon_zone[static_cast<std::size_t>(ni)] *
      (mod_small(static_cast<int>(m), ni) + static_cast<double>(latest_odd ? x1 : x0) / kScale);
  return LatLon{rlat, lon >= 180.0 ? lon - 360.0 : lon};
}

std::optional<LatLon> global_surface(Encoded even, Encoded odd, bool latest_odd, LatLon ref) {
  const double lat0 = even.lat / kScale, lat1 = odd.lat / kScale;
  const double lon0 = even.lon / kScale, lon1 = odd.lon / kScale;
  const double dlat0 = 90.0 / 60.0, dlat1 = 90.0 / 59.0;
  const double j = std::floor(59.0 * lat0 - 60.0 * lat1 + 0.5);
  double rlat0 = dlat0 * (mod(j, 60.0) + lat0);
  double rlat1 = dlat1 * (mod(j, 59.0) + lat1);
  // The pair gives a latitude in [0, 90); the southern solution is 90 degrees less.
  auto pick_lat = [&](double r) {
    return std::fabs(r - 90.0 - ref.lat) < std::fabs(r - ref.lat) ? r - 90.0 : r;
  };
  rlat0 = pick_lat(rlat0);
  rlat1 = pick_lat(rlat1);
  if (nl_of(rlat0) != nl_of(rlat1)) return std::nullopt;
  const double rlat = latest_odd ? rlat1 : rlat0;
  const int n = nl_of(rlat);
  const int ni = std::max(n - (latest_odd ? 1 : 0), 1);
  const double m = std::floor(lon0 * (n - 1) - lon1 * n + 0.5);
  double lon = (90.0 / ni) * (mod(m, ni) + (latest_odd ? lon1 : lon0));
  // Four solutions 90 degrees apart: take the one nearest the reference.
  lon += 90.0 * std::round((ref.lon - lon) / 90.0);
  return LatLon{rlat, wrap_lon(lon)};
}

LatLon local(Encoded e, bool odd, bool surface, LatLon ref) {
  const double span = surface ? 90.0 : 360.0;
  const double y = e.lat / kScale, x = e.lon / kScale;
  const double dlat = span / (odd ? 59.0 : 60.0);
  const double j = std::floor(ref.lat / dlat) + std::floor(0.5 + mod(ref.lat, dlat) / dlat - y);
  const double lat = dlat * (j + y);
  const int ni = std::max(nl_of(lat) - (odd ? 1 : 0), 1);
  const double dlon = span / ni;
  const double m = std::floor(ref.lon / dlon) + std::floor(0.5 + mod(ref.lon, dlon) / dlon - x);
  return LatLon{lat, wrap_lon(dlon * (m + x))};
}

Encoded encode(LatLon p, bool odd, bool surface) {
  const double span = surface ? 90.0 : 360.0;
  const double dlat = span / (odd ? 59.0 : 60.0);
  const double yz = std::floor(kScale * mod(p.lat, dlat) / dlat + 0.5);
  const double rlat = dlat * (yz / kScale + std::floor(p.lat / dlat));
  const int ni = std::max(nl_of(rlat) - (odd ? 1 : 0), 1);
  const double dlon = span / ni;
  const double xz = std::floor(kScale * mod(p.lon, dlon) / dlon + 0.5);
  return Encoded{static_cast<std::uint32_t>(yz) & 0x1FFFF,
                 static_cast<std::uint32_t>(xz) & 0x1FFFF};
}

}  // namespace skywitness::modes::cpr
