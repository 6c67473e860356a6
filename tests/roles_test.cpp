// Itineraries and leg roles: the news story's trip, the simulated fleet
// against its ground truth, two-country trips, and the profile file.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/roles/itineraries.hpp"
#include "skywitness/sim/evaluate.hpp"
#include "skywitness/sim/simulator.hpp"
#include "test_util.hpp"

namespace skywitness::roles {
namespace {

namespace fs = std::filesystem;

const Profile& profile() {
  static const Profile p = [] {
    std::string error;
    auto loaded = load_default_profile(error);
    if (!loaded) ADD_FAILURE() << error;
    return loaded ? *loaded : Profile{};
  }();
  return p;
}

// A scenario simulated (traces only, no background) and ingested: the legs
// by aircraft, and the plan.
struct Simulated {
  std::map<std::uint32_t, std::vector<LegRecord>> legs;
  sim::Plan plan;
  std::string type_of_story;
  std::map<std::uint32_t, std::vector<StopGuess>> guesses;  // for unobserved stops
};

Simulated simulate_and_ingest(const std::string& name) {
  Simulated out;
  const auto s = test::simulate_and_ingest(name, "roles");
  out.plan = s->plan;
  for (auto& l : s->db->legs({})) out.legs[l.leg.icao].push_back(std::move(l));
  out.type_of_story = s->db->describe(0xa8f007).record.type;
  for (const auto& [icao, legs] : out.legs) {
    store::LegQuery q;
    q.icao = icao;
    out.guesses[icao] =
        guess_stops(s->db->stops(q), s->db->positions(icao), test::bundled_airports());
  }
  return out;
}

const Simulated& seed() {
  static const Simulated s = simulate_and_ingest("seed-2024-03");
  return s;
}

const Itinerary* story(const std::vector<Itinerary>& all) {
  for (const auto& it : all)
    if (it.legs.front().leg.leg.origin.time > *parse_iso8601("2024-03-29") &&
        it.legs.front().leg.leg.origin.time < *parse_iso8601("2024-03-30"))
      return &it;
  return nullptr;
}

// The planned trip of the story (29 March 2024), from the truth.
const sim::PlannedItinerary& story_trip(const sim::Plan& plan) {
  for (const auto& it : plan.itineraries)
    if (it.label == "China removal, March 2024") return it;
  ADD_FAILURE() << "no story trip in the plan";
  static const sim::PlannedItinerary none;
  return none;
}

TEST(Roles, TheStorysTripToShenyang) {
  const auto all = build_itineraries(seed().legs.at(0xa8f007), profile(), test::bundled_airports());
  const auto* it = story(all);
  ASSERT_NE(it, nullptr);
  EXPECT_EQ(it->base, "KIWA");
  EXPECT_TRUE(it->back_at_base);
  ASSERT_EQ(it->legs.size(), story_trip(seed().plan).legs.size());
  const std::vector<std::pair<std::string, Role>> want = {
      {"KSAT", Role::kDomesticTransfer}, {"PANC", Role::kTechnicalStop}, {"ZYTX", Role::kRemoval},
      {"RKSI", Role::kReturn},           {"PANC", Role::kTechnicalStop}, {"KIWA", Role::kReturn}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(it->legs[i].leg.leg.destination.airport, want[i].first) << i;
    EXPECT_EQ(it->legs[i].role, want[i].second)
        << i << ": " << role_name(it->legs[i].role) << ", " << it->legs[i].reason;
  }
  // Shenyang counts for China on 30 March; Seoul counts for nobody.
  EXPECT_EQ(it->legs[2].country, "CN");
  EXPECT_TRUE(it->legs[2].counted);
  EXPECT_EQ(format_iso8601(it->legs[2].leg.leg.destination.time).substr(0, 10), "2024-03-30");
  EXPECT_EQ(it->legs[3].country, "");
  EXPECT_FALSE(it->legs[3].counted);
  EXPECT_NE(it->legs[3].reason.find("not a removal to KR"), std::string::npos);
  // About 14 seats: a Gulfstream V, from the type in the trace files.
  std::string error;
  const auto seats = registry::SeatTable::load_bundled(error);
  ASSERT_TRUE(seats) << error;
  ASSERT_EQ(seed().type_of_story, "GLF5");
  EXPECT_EQ(seats->find(seed().type_of_story)->seats, 14);
}

// In the hole variant the Shenyang landing is not seen. China is still the
// removal country, marked as inferred, and nothing else changes.
TEST(Roles, TheUnobservedShenyangStopIsInferredChina) {
  const auto hole = simulate_and_ingest("seed-2024-03-hole");
  const auto& guesses = hole.guesses.at(0xa8f007);
  // One guess for each landing the truth puts in a hole: July 2022 and March 2024.
  std::size_t in_hole = 0;
  for (const auto& l : hole.plan.legs) in_hole += !l.landing_hole.empty();
  ASSERT_EQ(in_hole, 2u);
  ASSERT_EQ(guesses.size(), in_hole);
  for (const auto& g : guesses) {
    EXPECT_EQ(g.airport, "ZYTX");
    EXPECT_EQ(g.country, "CN") << g.reason;
    EXPECT_GE(g.country_share, 0.8);
    ASSERT_FALSE(g.candidates.empty());
    EXPECT_EQ(g.candidates.front().airport, "ZYTX");
  }
  // Without the guesses the removal still happened, to a country nobody
  // saw: it is counted as unknown, and Seoul, the next airport seen, is a
  // stop on the way back, not a removal to South Korea.
  const auto blind = build_itineraries(hole.legs.at(0xa8f007), profile(), test::bundled_airports());
  ASSERT_NE(story(blind), nullptr);
  EXPECT_EQ(story(blind)->legs[2].role, Role::kRemoval);
  EXPECT_EQ(story(blind)->legs[2].country, kUnknownCountry);
  EXPECT_EQ(story(blind)->legs[3].role, Role::kReturn) << story(blind)->legs[3].reason;
  EXPECT_FALSE(story(blind)->legs[3].counted);

  const auto all =
      build_itineraries(hole.legs.at(0xa8f007), profile(), test::bundled_airports(), guesses);
  const auto* it = story(all);
  ASSERT_NE(it, nullptr);
  const auto& trip = story_trip(hole.plan);
  ASSERT_EQ(it->legs.size(), trip.legs.size());
  const auto& removal = it->legs[2];
  EXPECT_EQ(removal.role, Role::kRemoval) << removal.reason;
  EXPECT_EQ(removal.country, "CN");
  EXPECT_TRUE(removal.counted);
  ASSERT_NE(removal.guess, nullptr);
  EXPECT_TRUE(removal.leg.leg.destination.airport.empty());  // the record itself is unchanged
  // The true landing (the truth's, not a time written here) lies inside the
  // gap the guess is about.
  ASSERT_EQ(hole.plan.legs[trip.legs[2]].destination, "ZYTX");
  const double landing = hole.plan.legs[trip.legs[2]].landing;
  EXPECT_LT(removal.guess->from_time, landing);
  EXPECT_GT(removal.guess->to_time, landing);
  EXPECT_EQ(it->legs[3].origin_guess, removal.guess);
  EXPECT_EQ(it->legs[3].role, Role::kReturn) << it->legs[3].reason;
  EXPECT_EQ(it->legs[4].role, Role::kTechnicalStop);
  EXPECT_EQ(it->legs[5].role, Role::kReturn);
}

// A stop whose courses in and out point nowhere near an airport gets no guess.
TEST(Roles, NoGuessWhenTheCoursesMeetNoAirport) {
  // Flying east over the middle of the Pacific, then back west 600 NM north.
  UnobservedStop stop;
  stop.icao = 1;
  stop.from_time = 10000;
  stop.to_time = 30000;
  stop.from_lat = 20;
  stop.from_lon = -160 + 20;
  stop.to_lat = 30;
  stop.to_lon = -160 + 20;
  stop.reach_nm = 1500;
  std::vector<Position> ps(4);
  ps[0].t = 9400, ps[0].lat = 20, ps[0].lon = -140.8;  // heading east
  ps[1].t = 10000, ps[1].lat = 20, ps[1].lon = -140;
  ps[2].t = 30000, ps[2].lat = 30, ps[2].lon = -140;  // heading east again
  ps[3].t = 30600, ps[3].lat = 30, ps[3].lon = -139.2;
  EXPECT_FALSE(guess_stop(stop, ps, test::bundled_airports()));
}

// Every removal the scenario names for the fleet's trips is counted once, to
// that country, and nothing else is counted.
TEST(Roles, FleetRemovalsMatchTheTruth) {
  std::map<std::pair<std::uint32_t, long>, std::string>
      truth;  // (aircraft, day of removal) -> country
  const auto& airports = test::bundled_airports();
  std::string error;
  const auto removals = sim::true_removals(seed().plan, error);
  ASSERT_TRUE(removals) << error;
  for (const auto& t : *removals) {
    const auto& leg = seed().plan.legs[t.leg];
    truth[{leg.icao, static_cast<long>(leg.landing / 60)}] = t.country;
  }
  std::size_t counted = 0, matched = 0;
  for (const auto& [icao, legs] : seed().legs)
    for (const auto& it : build_itineraries(legs, profile(), airports))
      for (const auto& r : it.legs) {
        if (!r.counted) continue;
        ++counted;
        // The true landing lies within a few minutes of the rebuilt one.
        const long minute = static_cast<long>(r.leg.leg.destination.time / 60);
        for (long m = minute - 10; m <= minute + 10; ++m)
          if (auto t = truth.find({icao, m}); t != truth.end() && t->second == r.country) {
            ++matched;
            truth.erase(t);
            break;
          }
      }
  ASSERT_FALSE(removals->empty());
  EXPECT_EQ(counted, removals->size());
  EXPECT_EQ(matched, counted);
  EXPECT_TRUE(truth.empty()) << truth.size() << " true removals not found";
}

LegRecord leg(const std::string& from, const std::string& to, double t0, double t1) {
  LegRecord r;
  r.leg.icao = 0xa00001;
  r.leg.origin.airport = from;
  r.leg.destination.airport = to;
  r.leg.origin.time = t0 * 3600;
  r.leg.destination.time = t1 * 3600;
  r.leg.origin.how = r.leg.destination.how = EndHow::kObserved;
  const auto& airports = test::bundled_airports();
  r.origin_country = airports.find(from)->country;
  r.destination_country = airports.find(to)->country;
  return r;
}

TEST(Roles, TwoCountriesOnOneTripOutAreBothCounted) {
  // Harlingen to Guatemala City, on to El Salvador, and home: San Salvador is
  // no stop on the way back to Harlingen.
  const auto all = build_itineraries(
      {leg("KHRL", "MGGT", 0, 3), leg("MGGT", "MSLP", 4.5, 5), leg("MSLP", "KHRL", 6.5, 9.5)},
      profile(), test::bundled_airports());
  ASSERT_EQ(all.size(), 1u);
  const auto& l = all[0].legs;
  EXPECT_EQ(l[0].role, Role::kRemoval);
  EXPECT_EQ(l[0].country, "GT");
  EXPECT_EQ(l[1].role, Role::kFurtherRemoval) << l[1].reason;
  EXPECT_EQ(l[1].country, "SV");
  EXPECT_TRUE(l[1].counted);
  EXPECT_EQ(l[2].role, Role::kReturn);
}

TEST(Roles, ItinerariesEndAtABaseAfterALongStay) {
  // Two trips from Alexandria a day apart, a lateral to El Paso, and an
  // aircraft that sleeps at a non-hub often enough for it to be a base.
  const auto all = build_itineraries({leg("KAEX", "MHLM", 0, 3), leg("MHLM", "KAEX", 4, 7),
                                      leg("KAEX", "KELP", 30, 32.5), leg("KELP", "KAEX", 34, 36.5)},
                                     profile(), test::bundled_airports());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].back_at_base);
  EXPECT_EQ(all[1].legs[0].role, Role::kLateral);
  EXPECT_EQ(all[1].legs[1].role, Role::kDomesticTransfer);
  std::vector<LegRecord> sleeper;
  for (int d = 0; d < 4; ++d) {
    sleeper.push_back(leg("KDFW", "KIAH", d * 24 + 8, d * 24 + 9));
    sleeper.push_back(leg("KIAH", "KDFW", d * 24 + 12, d * 24 + 13));
  }
  const auto trips = build_itineraries(sleeper, profile(), test::bundled_airports());
  EXPECT_EQ(trips.size(), 4u);  // DFW, slept at every night, became a base
  EXPECT_EQ(trips[0].legs[0].role, Role::kPositioning);
}

TEST(Profile, ErrorsNameTheFileAndLine) {
  const std::string path = ::testing::TempDir() + "/profile.toml";
  std::string error;
  std::ofstream(path) << "name = \"x\"\nhome_country = \"US\"\nhubs = [\"KIWA\", 3]\n";
  EXPECT_FALSE(load_profile(path, error));
  EXPECT_NE(error.find("profile.toml:3:"), std::string::npos) << error;
  std::ofstream(path) << "name = \"x\"\nhubs = [\"KIWA\"\n";
  EXPECT_FALSE(load_profile(path, error));
  EXPECT_NE(error.find("profile.toml:"), std::string::npos) << error;
  std::ofstream(path) << "hubs = [\"KIWA\"]\n";
  EXPECT_FALSE(load_profile(path, error));
  EXPECT_NE(error.find("home_country"), std::string::npos) << error;
  EXPECT_EQ(profile().home_country, "US");
  EXPECT_TRUE(profile().hubs.contains("KIWA"));
  EXPECT_TRUE(profile().technical_stops.contains("PANC"));
}

}  // namespace
}  // namespace skywitness::roles
