#include <cmath>
#include <random>

#include "skywitness/modes/cpr.hpp"
#include "skywitness/modes/fields.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

namespace cpr = modes::cpr;

cpr::Encoded cpr_of(std::string_view hex) {
  const Frame f = test::frame_from_hex(hex);
  return {modes::bits(f.bytes.data(), 54, 17), modes::bits(f.bytes.data(), 71, 17)};
}

TEST(Nl, ValuesAtTheEdgesOfTheTable) {
  EXPECT_EQ(cpr::nl(0), 59);
  EXPECT_EQ(cpr::nl(10.0), 59);
  EXPECT_EQ(cpr::nl(10.5), 58);
  EXPECT_EQ(cpr::nl(52.2572), 36);
  EXPECT_EQ(cpr::nl(-52.2572), 36);
  EXPECT_EQ(cpr::nl(86.9), 2);
  EXPECT_EQ(cpr::nl(87.0), 2);
  EXPECT_EQ(cpr::nl(87.01), 1);
  EXPECT_EQ(cpr::nl(90.0), 1);
  EXPECT_EQ(cpr::nl(-90.0), 1);
}

TEST(Nl, ChangesExactlyAtThePublishedTransitionLatitudes) {
  // Transition latitudes from ICAO Annex 10 Vol IV / DO-260B Table A-21.
  struct T {
    int nl_below;
    double lat;
  };
  const T table[] = {{59, 10.47047130}, {58, 14.82817437}, {37, 51.89342469}, {36, 53.09516153},
                     {30, 59.95459277}, {10, 80.24923213}, {3, 86.53536998},  {2, 87.00000000}};
  for (const auto& t : table) {
    EXPECT_NEAR(cpr::nl_transition(t.nl_below), t.lat, 1e-7) << t.nl_below;
    EXPECT_EQ(cpr::nl(t.lat - 1e-6), t.nl_below);
    if (t.nl_below > 2) EXPECT_EQ(cpr::nl(t.lat + 1e-6), t.nl_below - 1);
  }
}

TEST(GlobalAirborne, PublishedPair) {
  // "The 1090 MHz Riddle": the even message is the newer one.
  auto p = cpr::global_airborne(cpr_of("8D40621D58C382D690C8AC2863A7"),
                                cpr_of("8D40621D58C386435CC412692AD6"), false);
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lat, 52.25720, 1e-5);
  EXPECT_NEAR(p->lon, 3.91937, 1e-5);
  // pyModeS: even at t = 1446332400, odd at 1446332405.
  auto q = cpr::global_airborne(cpr_of("8D40058B58C901375147EFD09357"),
                                cpr_of("8D40058B58C904A87F402D3B8C59"), true);
  ASSERT_TRUE(q);
  EXPECT_NEAR(q->lat, 49.81755, 1e-5);
  EXPECT_NEAR(q->lon, 6.08442, 1e-5);
}

TEST(LocalAirborne, PublishedReference) {
  auto p = cpr::local(cpr_of("8D40621D58C382D690C8AC2863A7"), false, false, {52.258, 3.918});
  EXPECT_NEAR(p.lat, 52.25720, 1e-5);
  EXPECT_NEAR(p.lon, 3.91937, 1e-5);
}

TEST(LocalSurface, PublishedReference) {
  const Frame f = test::frame_from_hex("8C4841753A9A153237AEF0F275BE");
  const bool odd = modes::bits(f.bytes.data(), 53, 1) != 0;
  auto p = cpr::local(cpr_of("8C4841753A9A153237AEF0F275BE"), odd, true, {51.990, 4.375});
  EXPECT_NEAR(p.lat, 52.320561, 1e-6);
  EXPECT_NEAR(p.lon, 4.735735, 1e-6);
}

TEST(GlobalSurface, SouthernHemisphereQuadrantChosenByReference) {
  // Published surface pair near Christchurch (pyModeS): reference -43.5, 172.5.
  const cpr::Encoded even = cpr_of("8CC8200A3AC8F009BCDEF2000000");
  const cpr::Encoded odd = cpr_of("8FC8200A3AB8F5F893096B000000");
  auto p = cpr::global_surface(even, odd, true, {-43.5, 172.5});
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->lat, -43.48564, 1e-5);
  EXPECT_NEAR(p->lon, 172.53942, 1e-5);
}

TEST(GlobalSurface, AllFourLongitudeQuadrants) {
  for (double lon : {-135.2, -45.7, 10.3, 100.9, 179.6}) {
    const cpr::LatLon truth{33.4, lon};
    auto e = cpr::encode(truth, false, true), o = cpr::encode(truth, true, true);
    auto p = cpr::global_surface(e, o, false, {33.0, lon + 1.0});
    ASSERT_TRUE(p) << lon;
    EXPECT_NEAR(p->lat, truth.lat, 2e-5);
    EXPECT_NEAR(p->lon, truth.lon, 2e-5) << lon;
  }
}

TEST(GlobalAirborne, RoundTripsEverywhereIncludingPolesAndAntimeridian) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> lat(-89.9, 89.9), lon(-180.0, 180.0);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    const cpr::LatLon truth{lat(rng), lon(rng)};
    const auto e = cpr::encode(truth, false, false), o = cpr::encode(truth, true, false);
    for (bool latest_odd : {false, true}) {
      auto p = cpr::global_airborne(e, o, latest_odd);
      if (!p) continue;  // both samples must share a latitude zone
      ++decoded;
      ASSERT_NEAR(p->lat, truth.lat, 3e-5) << truth.lat << "," << truth.lon;
      double dlon = std::fabs(p->lon - truth.lon);
      dlon = std::min(dlon, 360.0 - dlon);
      // Longitude zones widen towards the poles; resolution scales with them.
      ASSERT_LT(dlon, 360.0 / std::max(cpr::nl(truth.lat) - 1, 1) / 131072.0 * 1.5)
          << truth.lat << "," << truth.lon;
    }
  }
  EXPECT_GT(decoded, 39000);
  for (double lon : {179.9999, -179.9999, 180.0}) {
    const cpr::LatLon truth{-16.5, lon};
    auto p = cpr::global_airborne(cpr::encode(truth, false, false), cpr::encode(truth, true, false),
                                  true);
    ASSERT_TRUE(p);
    EXPECT_LE(p->lon, 180.0);
    EXPECT_GE(p->lon, -180.0);
    EXPECT_LT(std::min(std::fabs(p->lon - lon), 360 - std::fabs(p->lon - lon)), 1e-4);
  }
  for (double la : {89.5, -89.5, 87.2, -87.2}) {
    const cpr::LatLon truth{la, 45.0};
    auto p = cpr::global_airborne(cpr::encode(truth, false, false), cpr::encode(truth, true, false),
                                  false);
    ASSERT_TRUE(p) << la;
    EXPECT_NEAR(p->lat, la, 3e-5);
    EXPECT_NEAR(p->lon, 45.0, 1e-3);
  }
}

TEST(GlobalAirborne, PairStraddlingAZoneBoundaryIsRefused) {
  // Even sample just south of the NL 59->58 transition, odd just north of it.
  const double t = cpr::nl_transition(59);
  auto e = cpr::encode({t - 0.01, 20.0}, false, false);
  auto o = cpr::encode({t + 0.01, 20.0}, true, false);
  EXPECT_FALSE(cpr::global_airborne(e, o, true));
}

TEST(LocalAirborne, RoundTripsNearTheReference) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> lat(-80, 80), lon(-180, 180), off(-1.5, 1.5);
  for (int i = 0; i < 5000; ++i) {
    const cpr::LatLon ref{lat(rng), lon(rng)};
    cpr::LatLon truth{ref.lat + off(rng), ref.lon + off(rng)};
    if (truth.lon > 180) truth.lon -= 360;
    if (truth.lon < -180) truth.lon += 360;
    const bool odd = i & 1;
    auto p = cpr::local(cpr::encode(truth, odd, false), odd, false, ref);
    ASSERT_NEAR(p.lat, truth.lat, 3e-5);
    double d = std::fabs(p.lon - truth.lon);
    ASSERT_LT(std::min(d, 360 - d), 1e-3);
  }
}

}  // namespace
}  // namespace skywitness
