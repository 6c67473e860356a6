#include <random>
#include <set>

#include "skywitness/geo/airport_index.hpp"
#include "skywitness/geo/geodesy.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

TEST(Airports, BundledTableHoldsTheHubsAndDestinations) {
  for (const char* code : {"KIWA", "KAEX", "KELP", "KBRO", "KHRL", "KSAT", "KMIA", "MGGT", "MHLM",
                           "MSLP", "PANC", "ZYTX", "RKSI", "KMSP", "KGEG", "KDEN"})
    EXPECT_NE(test::bundled_airports().find(code), nullptr) << code;
  const auto* zytx = test::bundled_airports().find("ZYTX");
  EXPECT_EQ(zytx->country, "CN");
  EXPECT_NEAR(zytx->pos.lat, 41.64, 0.01);
  EXPECT_EQ(test::bundled_airports().find("KDEN")->elevation_ft, 5431);
  EXPECT_GT(test::bundled_airports().all().size(), 5000u);
}

TEST(Geodesy, DistanceAndBearingOfKnownPairs) {
  // KMSP to KDEN: 680 statute miles (591 NM) by the great circle, heading west-south-west.
  const auto* msp = test::bundled_airports().find("KMSP");
  const auto* den = test::bundled_airports().find("KDEN");
  EXPECT_NEAR(geo::distance_nm(msp->pos, den->pos), 591, 4);
  EXPECT_NEAR(geo::bearing_deg(msp->pos, den->pos), 246, 3);
  const auto mid = geo::interpolate(msp->pos, den->pos, 0.5);
  EXPECT_NEAR(geo::distance_nm(msp->pos, mid), geo::distance_nm(mid, den->pos), 0.01);
  const auto there = geo::destination(msp->pos, geo::bearing_deg(msp->pos, den->pos),
                                      geo::distance_nm(msp->pos, den->pos));
  EXPECT_LT(geo::distance_nm(there, den->pos), 0.01);
}

TEST(AirportIndex, FindsTheSameAirportsAsABruteForceSearch) {
  const geo::AirportIndex index(test::bundled_airports());
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> lat(-89.9, 89.9), lon(-180, 180), radius(5, 300);
  for (int i = 0; i < 1500; ++i) {
    geo::LatLon p{lat(rng), lon(rng)};
    if (i % 10 == 0) p.lon = (i % 20 == 0) ? 179.8 : -179.8;  // the antimeridian
    if (i % 50 == 0) p.lat = 89.5;                            // a pole
    const double r = radius(rng);
    std::set<std::string> brute;
    for (const auto& a : test::bundled_airports().all())
      if (geo::distance_nm(p, a.pos) <= r) brute.insert(a.ident);
    std::set<std::string> got;
    double last = -1;
    for (const auto& h : index.within(p, r)) {
      got.insert(h.airport->ident);
      EXPECT_GE(h.distance_nm, last);  // nearest first
      last = h.distance_nm;
    }
    ASSERT_EQ(got, brute) << p.lat << "," << p.lon << " r=" << r;
  }
}

TEST(AirportIndex, NearestAirportToRealPositions) {
  const geo::AirportIndex index(test::bundled_airports());
  double d = 0;
  // The last point before the KGEG landing gap in the real adsb.lol sample:
  // Felts Field is 16.1 NM away, nearer than Spokane International (19.9 NM,
  // where it landed) and Coeur d'Alene (22.3 NM).
  const geo::LatLon last{47.457, -117.106};
  const auto* a = index.nearest(last, 30, &d);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->ident, "KSFF");
  EXPECT_NEAR(d, 16.14, 0.01);
  EXPECT_NEAR(d, geo::distance_nm(last, a->pos), 1e-9);
  EXPECT_EQ(index.nearest(last, 16.2)->ident, "KSFF");
  EXPECT_EQ(index.nearest(last, 16.1), nullptr);  // none nearer
  EXPECT_EQ(index.nearest(test::bundled_airports().find("KIWA")->pos, 1)->ident, "KIWA");
  EXPECT_EQ(index.nearest({0.0, -140.0}, 100), nullptr);  // mid-Pacific
}

// Issue 16 "Plain names": airports by city as well as code (OurAirports'
// municipality, the last column of data/airports/airports.csv).
TEST(Airports, BundledTableNamesTheCityEachAirportServes) {
  EXPECT_EQ(test::bundled_airports().find("KIWA")->city, "Mesa");
  EXPECT_EQ(test::bundled_airports().find("MGGT")->city, "Guatemala City");
  EXPECT_EQ(test::bundled_airports().find("MGGT")->name, "La Aurora Airport");
  std::size_t with_city = 0;
  for (const auto& a : test::bundled_airports().all()) with_city += a.city.empty() ? 0 : 1;
  EXPECT_GT(with_city, 4900u);
}

TEST(Airports, QuotedNamesAndCitiesAndFilesWithoutTheCityColumnLoad) {
  test::TempDir dir("airports");
  std::string error;
  const auto with_city = geo::Airports::load(
      dir.write("new.csv",
                "ident,size,lat,lon,elevation_ft,country,iata,scheduled,name,city\n"
                "KAAA,L,30.0,-90.0,10,US,AAA,1,\"Alpha, North\",\"Alpha, \"\"Town\"\"\"\n"
                "KBBB,M,31.0,-91.0,20,US,,0,Bravo Field,\n"),
      error);
  ASSERT_TRUE(with_city) << error;
  EXPECT_EQ(with_city->find("KAAA")->name, "Alpha, North");
  EXPECT_EQ(with_city->find("KAAA")->city, "Alpha, \"Town\"");
  EXPECT_EQ(with_city->find("KBBB")->city, "");
  const auto old =
      geo::Airports::load(dir.write("old.csv",
                                    "ident,size,lat,lon,elevation_ft,country,iata,scheduled,name\n"
                                    "KAAA,L,30.0,-90.0,10,US,AAA,1,\"Alpha, North\"\n"),
                          error);
  ASSERT_TRUE(old) << error;
  EXPECT_EQ(old->find("KAAA")->name, "Alpha, North");
  EXPECT_EQ(old->find("KAAA")->city, "");
  // A line with a city column too many is malformed, and says where.
  EXPECT_FALSE(geo::Airports::load(
      dir.write("bad.csv",
                "ident,size,lat,lon,elevation_ft,country,iata,scheduled,name,city\n"
                "KAAA,L,30.0,-90.0,10,US,AAA,1,Alpha,Town,Extra\n"),
      error));
  EXPECT_NE(error.find("bad.csv:2:"), std::string::npos) << error;
}

}  // namespace
}  // namespace skywitness
