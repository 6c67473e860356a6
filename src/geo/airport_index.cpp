#include "skywitness/geo/airport_index.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace skywitness::geo {

int AirportIndex::row(double lat) {
  return std::clamp(static_cast<int>(std::floor(lat + 90.0)), 0, 179);
}
int AirportIndex::col(double lon) {
  int c = static_cast<int>(std::floor(lon + 180.0)) % 360;
  return c < 0 ? c + 360 : c;
}

AirportIndex::AirportIndex(const Airports& airports) : airports_(airports), cells_(180 * 360) {
  const auto& all = airports.all();
  for (std::size_t i = 0; i < all.size(); ++i)
    cells_[static_cast<std::size_t>(row(all[i].pos.lat) * 360 + col(all[i].pos.lon))].push_back(
        static_cast<std::uint32_t>(i));
}

std::vector<AirportIndex::Hit> AirportIndex::within(LatLon p, double radius_nm) const {
  std::vector<Hit> hits;
  const double dlat = radius_nm / 60.0 + 1e-9;
  const int r0 = row(p.lat - dlat), r1 = row(p.lat + dlat);
  // Longitude span at the widest latitude the circle reaches; all columns near a pole.
  const double widest =
      std::min(89.999, std::max(std::fabs(p.lat - dlat), std::fabs(p.lat + dlat)));
  const double dlon = radius_nm / (60.0 * std::cos(widest * std::numbers::pi / 180.0));
  const bool all_columns = dlon >= 180.0 || p.lat + dlat >= 90.0 || p.lat - dlat <= -90.0;
  const int c0 = all_columns ? 0 : static_cast<int>(std::floor(p.lon - dlon + 180.0));
  const int c1 = all_columns ? 359 : static_cast<int>(std::floor(p.lon + dlon + 180.0));
  const auto& all = airports_.all();
  for (int r = r0; r <= r1; ++r) {
    for (int c = c0; c <= c1; ++c) {
      const int cc = ((c % 360) + 360) % 360;
      for (std::uint32_t i : cells_[static_cast<std::size_t>(r * 360 + cc)]) {
        const double d = distance_nm(p, all[i].pos);
        if (d <= radius_nm) hits.push_back({&all[i], d});
      }
      if (c1 - c0 >= 359 && c == c0 + 359) break;
    }
  }
  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return a.distance_nm < b.distance_nm; });
  return hits;
}

const Airport* AirportIndex::nearest(LatLon p, double max_nm, double* distance) const {
  const auto hits = within(p, max_nm);
  if (hits.empty()) return nullptr;
  if (distance) *distance = hits.front().distance_nm;
  return hits.front().airport;
}

}  // namespace skywitness::geo
