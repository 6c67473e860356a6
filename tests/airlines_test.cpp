// The airline designator table (data/airlines/, issue 16 "Plain names"):
// OpenFlights with the overrides where it is stale, and its reader.
#include <gtest/gtest.h>

#include <string>

#include "skywitness/core/status.hpp"
#include "skywitness/registry/airlines.hpp"
#include "test_util.hpp"

namespace skywitness::registry {
namespace {

const Airlines& bundled() {
  static const Airlines table = [] {
    std::string error;
    auto t = Airlines::load_bundled(error);
    EXPECT_TRUE(t) << error;
    return t ? std::move(*t) : Airlines{};
  }();
  return table;
}

constexpr const char* kHeader = "icao,name,callsign,country,active\n";

TEST(Airlines, GxaIsGlobalXNotTheDefunctGrixona) {
  // OpenFlights still gives GXA to Grixona (Moldova); data/airlines/overrides.csv fixes it.
  const auto* gxa = bundled().find("GXA");
  ASSERT_NE(gxa, nullptr);
  EXPECT_EQ(gxa->name, "Global Crossing Airlines (GlobalX)");
  EXPECT_EQ(gxa->callsign, "GLOBALX");
  EXPECT_EQ(gxa->country, "US");
  EXPECT_TRUE(gxa->active);
}

TEST(Airlines, TheOverriddenRemovalCarriersHaveTheirCurrentNames) {
  const struct {
    const char *icao, *name, *callsign;
  } want[] = {
      {"WAL", "World Atlantic Airlines", "WORLD ATLANTIC"},
      {"SWQ", "iAero Airways", "SWIFTFLIGHT"},
      {"VXP", "Avelo Airlines", "AVELO"},
      {"EAL", "Eastern Airlines", "EASTERN"},
      {"OAE", "Omni Air International", "OMNI-EXPRESS"},
      {"GTI", "Atlas Air", "GIANT"},
      {"CSN", "China Southern Airlines", "CHINA SOUTHERN"},
      {"SCX", "Sun Country Airlines", "SUN COUNTRY"},
      {"ENY", "Envoy Air", "ENVOY"},
  };
  for (const auto& w : want) {
    const auto* a = bundled().find(w.icao);
    ASSERT_NE(a, nullptr) << w.icao;
    EXPECT_EQ(a->name, w.name) << w.icao;
    EXPECT_EQ(a->callsign, w.callsign) << w.icao;
  }
  EXPECT_EQ(bundled().find("CSN")->country, "CN");
  EXPECT_EQ(bundled().find("EAL")->country, "US");  // not European Air Express (Germany)
}

TEST(Airlines, LookupIgnoresCase) {
  const auto* upper = bundled().find("GXA");
  ASSERT_NE(upper, nullptr);
  EXPECT_EQ(bundled().find("gxa"), upper);
  EXPECT_EQ(bundled().find("GxA"), upper);
  EXPECT_EQ(bundled().find("QZX"), nullptr);  // assigned to no one in the table
  EXPECT_EQ(bundled().find("GX"), nullptr);
  EXPECT_EQ(bundled().find("GXA1"), nullptr);
  EXPECT_EQ(bundled().find(""), nullptr);
}

TEST(Airlines, TheBundledTableHoldsMoreThanAThousandDesignators) {
  EXPECT_GT(bundled().size(), 1000u);
  EXPECT_EQ(bundled().skipped(), 0u);  // every line of the bundled file is good
}

TEST(Airlines, EveryBundledRowHasAThreeLetterDesignator) {
  for (const auto& a : bundled().all()) {
    ASSERT_EQ(a.icao.size(), 3u) << a.icao;
    for (const char c : a.icao) ASSERT_TRUE(c >= 'A' && c <= 'Z') << a.icao;
    ASSERT_FALSE(a.name.empty()) << a.icao;
    ASSERT_TRUE(a.country.empty() || a.country.size() == 2) << a.icao;
    ASSERT_EQ(bundled().find(a.icao), &a) << a.icao;  // and each is found, once
  }
}

TEST(Airlines, ABadLineIsReportedWithItsLineNumberAndSkipped) {
  test::TempDir dir("airlines");
  const auto path = dir.write("airlines.csv", std::string(kHeader) +
                                                  "GXA,\"Global Crossing Airlines, LLC\",GLOBALX,"
                                                  "US,Y\n"
                                                  "G1A,Bad Designator,,US,Y\n"  // line 3
                                                  "WAL,World Atlantic Airlines,WORLD ATLANTIC,US,"
                                                  "Y\n");
  CountingReporter errors(CountingReporter::kKeepAll);
  std::string error;
  const auto t = Airlines::load(path, error, &errors);
  ASSERT_TRUE(t) << error;
  EXPECT_EQ(t->size(), 2u);
  EXPECT_EQ(t->skipped(), 1u);
  EXPECT_EQ(t->find("gxa")->name, "Global Crossing Airlines, LLC");  // a quoted comma
  EXPECT_NE(t->find("WAL"), nullptr);                                // the line after goes on
  EXPECT_EQ(t->find("G1A"), nullptr);
  ASSERT_EQ(errors.count(), 1u);
  const auto& e = errors.kept()[0];
  EXPECT_EQ(e.kind, ErrorKind::kBadInput);
  EXPECT_EQ(e.where.line, 3u);
  EXPECT_EQ(e.to_string().rfind(path + ":3: ", 0), 0u) << e.to_string();
}

TEST(Airlines, EveryKindOfBadLineIsSkipped) {
  CountingReporter errors(CountingReporter::kKeepAll);
  const auto t = Airlines::parse(std::string(kHeader) +
                                     "GXA,GlobalX,GLOBALX,US,Y\n"
                                     "gxa,Twice,,US,Y\n"            // 3: twice (case-insensitive)
                                     "ABC,,,US,Y\n"                 // 4: no name
                                     "ABD,Name,,USA,Y\n"            // 5: not alpha-2
                                     "ABE,Name,,US,maybe\n"         // 6: neither Y nor N
                                     "ABF,Name,,US\n"               // 7: four fields
                                     "ABG,\"Name,,US,Y\n"           // 8: quote never ends
                                     "\n"                           // 9: blank, ignored
                                     "abh,Lower Case,call,us,n\n",  // 10: good, upper-cased
                                 errors, "t.csv");
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.skipped(), 6u);
  ASSERT_EQ(errors.kept().size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(errors.kept()[i].where.line, 3u + i) << errors.kept()[i].to_string();
    EXPECT_EQ(errors.kept()[i].where.file, "t.csv");
  }
  EXPECT_EQ(t.find("GXA")->name, "GlobalX");  // the first of the two is kept
  const auto* h = t.find("ABH");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->icao, "ABH");
  EXPECT_EQ(h->country, "US");
  EXPECT_FALSE(h->active);
}

TEST(Airlines, AFileOfAnotherKindFailsAsAWhole) {
  test::TempDir dir("airlines");
  // OpenFlights' own airlines.dat has no header: it is not read as a table.
  const auto dat = dir.write("airlines.dat", "2,135 Airways,\\N,,GNL,GENERAL,United States,N\n");
  std::string error;
  EXPECT_FALSE(Airlines::load(dat, error));
  EXPECT_NE(error.find(dat + ":1: "), std::string::npos) << error;
  const auto empty = dir.write("empty.csv", "");
  EXPECT_FALSE(Airlines::load(empty, error));
  EXPECT_FALSE(Airlines::load(dir.path + "/missing.csv", error));
  EXPECT_NE(error.find("missing.csv"), std::string::npos) << error;
}

}  // namespace
}  // namespace skywitness::registry
