// Issue 10, case 1: a removal whose landing no receiver saw. The traces are
// written by tests/unkind_trace.hpp, not by the simulator: a Gulfstream leaves
// Anchorage westbound and is lost over the Bering Sea, lands unseen in
// Shenyang, is first heard again climbing some 60-70 NM out, and goes on to
// Seoul, whose landing is seen only low on the approach.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "skywitness/analysis/fleet.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/flights/segmenter.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/roles/itineraries.hpp"
#include "skywitness/roles/stops.hpp"
#include "skywitness/sim/scenario.hpp"
#include "test_util.hpp"
#include "unkind_trace.hpp"

namespace skywitness {
namespace {

using roles::Role;

const geo::Airport* ap(const char* code) {
  const auto* a = test::bundled_airports().find(code);
  EXPECT_NE(a, nullptr) << code;
  return a;
}
const roles::Profile& profile() {
  static const roles::Profile p = [] {
    std::string error;
    auto p = roles::load_default_profile(error);
    EXPECT_TRUE(p) << error;
    return *p;
  }();
  return p;
}

struct Story {
  test::UnkindTrace trace{0xa8f0aa, *parse_iso8601("2024-03-29T15:00:00Z"), 7};
  double zytx_landing = 0, zytx_takeoff = 0;
};

// KSAT - PANC - ZYTX - RKSI - PANC. `dandong`: a receiver near the coast
// that hears the climb out of Shenyang; without it (and with Seoul's
// receiver reaching 100 NM) the aircraft is first heard in cruise or in the
// descent near Seoul.
Story fly_story(double shenyang_minutes, double wind_kt, bool dandong, std::uint64_t seed) {
  Story s;
  s.trace = test::UnkindTrace(0xa8f0aa, *parse_iso8601("2024-03-29T15:00:00Z"), seed);
  auto& r = s.trace.receivers;
  r.push_back({ap("KSAT")->pos, 200, 100, true});
  r.push_back({ap("PANC")->pos, 250, 100, true});
  r.push_back({{60.78, -161.84}, 200});  // Bethel
  r.push_back({{57.12, -170.28}, 150});  // St Paul Island: the last to hear it going west
  r.push_back({{37.55, 127.00}, dandong ? 200.0 : 100.0});  // Seoul, away from the airport's ground
  r.push_back({{43.06, 141.35}, 250});                      // Sapporo
  r.push_back({{51.88, -176.65}, 200});                     // Adak
  if (dandong) r.push_back({{40.13, 124.38}, 45});
  test::UnkindLeg l;
  l.callsign = "N807SK";
  l.from = ap("KSAT"), l.to = ap("PANC"), l.runway_out = 310, l.runway_in = 150;
  l.via = {{40, -110}, {52, -128}};
  l.ground_minutes_after = 120;
  s.trace.fly(l);
  l = {};
  l.callsign = "N807SK";
  l.from = ap("PANC"), l.to = ap("ZYTX"), l.runway_out = 250, l.runway_in = 240;
  l.via = {{60.5, -175}, {58, 165}, {50, 145}, {44, 130}};
  l.wind_kt = wind_kt;
  l.ground_minutes_after = shenyang_minutes;
  s.trace.fly(l);
  s.zytx_landing = s.trace.landings.back();
  l = {};
  l.callsign = "N807SK";
  l.from = ap("ZYTX"), l.to = ap("RKSI"), l.runway_out = 240, l.runway_in = 150;
  l.via = {{40.9, 124.3}, {38.6, 125.4}};
  l.cruise_ft = 37000;
  l.ground_minutes_after = 90;
  s.trace.fly(l);
  s.zytx_takeoff = s.trace.takeoffs.back();
  l = {};
  l.callsign = "N807SK";
  l.from = ap("RKSI"), l.to = ap("PANC"), l.runway_out = 330, l.runway_in = 70;
  l.via = {{40, 135}, {45, 150}, {52, 175}};
  l.ground_minutes_after = 60;
  s.trace.fly(l);
  return s;
}

struct Analysis {
  flights::Segmented seg;
  std::vector<roles::StopGuess> guesses;
  std::vector<roles::Itinerary> itineraries;
};

Analysis analyse(const std::vector<Position>& points) {
  Analysis a;
  a.seg = flights::segment(points, test::bundled_index());
  for (const auto& stop : a.seg.stops)
    if (auto g = roles::guess_stop(stop, points, test::bundled_airports())) a.guesses.push_back(*g);
  std::vector<LegRecord> records;
  for (const auto& l : a.seg.legs) {
    LegRecord r;
    r.leg = l;
    if (const auto* o = test::bundled_airports().find(l.origin.airport))
      r.origin_country = o->country;
    if (const auto* d = test::bundled_airports().find(l.destination.airport))
      r.destination_country = d->country;
    records.push_back(std::move(r));
  }
  a.itineraries = roles::build_itineraries(records, profile(), test::bundled_airports(), a.guesses);
  return a;
}

std::map<std::string, int> counted_by_country(const Analysis& a) {
  std::map<std::string, int> out;
  for (const auto& it : a.itineraries)
    for (const auto& r : it.legs)
      if (r.counted) ++out[r.country];
  return out;
}

// The removal goes to China, inferred, whatever the wind and the time on the
// ground; South Korea, the next airport seen, is not a removal.
TEST(UnseenLanding, ShenyangRemovalReappearingInTheClimbIsChinaNotKorea) {
  for (const double minutes : {45.0, 180.0})
    for (const double wind : {60.0, -40.0}) {
      SCOPED_TRACE(fmt::format("{} min at Shenyang, wind {} kt", minutes, wind));
      const auto story = fly_story(minutes, wind, true, 11);
      const auto a = analyse(story.trace.points);
      ASSERT_EQ(a.seg.stops.size(), 1u) << "only the Shenyang stop is unobserved";
      const auto& stop = a.seg.stops[0];
      EXPECT_LT(stop.from_time, story.zytx_landing);
      EXPECT_GT(stop.to_time, story.zytx_takeoff);
      ASSERT_EQ(a.guesses.size(), 1u);
      const auto& g = a.guesses[0];
      EXPECT_TRUE(g.climbing_out);
      EXPECT_EQ(g.country, "CN") << g.reason;
      ASSERT_FALSE(g.candidates.empty());
      EXPECT_EQ(g.candidates.front().airport, "ZYTX") << g.reason;
      const auto counted = counted_by_country(a);
      EXPECT_EQ(counted, (std::map<std::string, int>{{"CN", 1}}));
      for (const auto& it : a.itineraries)
        for (const auto& r : it.legs)
          if (r.leg.leg.destination.airport == "RKSI") {
            EXPECT_EQ(r.role, Role::kReturn) << r.reason;
            EXPECT_FALSE(r.counted);
          }
    }
}

// Issue 16, section 2: the landing in the gap has no landing time, only the
// last sighting before the gap and a window that holds the true landing; the
// takeoff out of it likewise. Before, the last sighting was given as the
// landing time, some 30 minutes before the aircraft landed.
TEST(UnseenLanding, TheLandingInTheGapHasAWindowNotATime) {
  for (const double minutes : {45.0, 180.0}) {
    SCOPED_TRACE(fmt::format("{} min at Shenyang", minutes));
    const auto story = fly_story(minutes, 60, true, 11);
    const auto a = analyse(story.trace.points);
    ASSERT_EQ(a.seg.stops.size(), 1u);
    const auto& stop = a.seg.stops[0];
    const auto& legs = a.seg.legs;
    const auto in = std::find_if(legs.begin(), legs.end(), [&](const Leg& l) {
      return !l.destination.observed() && l.destination.sighting() == stop.from_time;
    });
    ASSERT_NE(in, legs.end());
    ASSERT_NE(in + 1, legs.end());
    const auto& landing = in->destination;
    EXPECT_EQ(landing.how, EndHow::kInferred);
    EXPECT_LT(landing.sighting(), story.zytx_landing - 600);  // lost well before it landed
    ASSERT_TRUE(landing.window);
    EXPECT_EQ(landing.window->first, stop.from_time);
    EXPECT_LE(landing.window->first, story.zytx_landing);
    EXPECT_GE(landing.window->second, story.zytx_landing);
    const auto& takeoff = in[1].origin;
    EXPECT_FALSE(takeoff.observed());
    EXPECT_EQ(takeoff.sighting(), stop.to_time);
    ASSERT_TRUE(takeoff.window);
    EXPECT_LE(takeoff.window->first, story.zytx_takeoff);
    EXPECT_GE(takeoff.window->second, story.zytx_takeoff);
    // Written out: no landing time, the sighting and the window.
    LegRecord r;
    r.leg = *in;
    const auto j = output::leg_json(r, {}, output::leg_fields::kFlights);
    EXPECT_TRUE(j["landing_time"].is_null());
    EXPECT_EQ(j["last_seen"], output::iso_seconds(stop.from_time));
    EXPECT_EQ(j["landing_window"].size(), 2u);
    EXPECT_EQ(output::unobserved_time_text(landing, true).find("after"), std::string::npos);
  }
}

// With 45 minutes on the ground the gap is not much longer than flying
// straight from where the aircraft was lost to where it reappeared: a rule
// on time alone does not see the stop. The climb out of the gap does.
TEST(UnseenLanding, AShortStopIsFoundFromTheClimbNotFromTheTime) {
  const auto story = fly_story(45, 60, true, 3);
  const auto a = analyse(story.trace.points);
  ASSERT_EQ(a.seg.stops.size(), 1u);
  const auto& s = a.seg.stops[0];
  const double dist = geo::distance_nm({s.from_lat, s.from_lon}, {s.to_lat, s.to_lon});
  const flights::SegmenterOptions o;
  const double by_time_alone = o.stop_factor * dist / 530 * 3600 + o.stop_margin_s;
  EXPECT_LT(s.to_time - s.from_time, by_time_alone);
}

// First heard again in cruise near Seoul: the way back is weaker evidence.
// Whatever the guess, it is never South Korea, and Seoul is never counted.
TEST(UnseenLanding, ReappearingInCruiseIsNeverGivenToTheNextAirportSeen) {
  for (const std::uint64_t seed : {1, 2, 3}) {
    const auto story = fly_story(120, 30, false, seed);
    const auto a = analyse(story.trace.points);
    ASSERT_EQ(a.seg.stops.size(), 1u);
    const auto counted = counted_by_country(a);
    EXPECT_EQ(counted.count("KR"), 0u);
    ASSERT_EQ(counted.size(), 1u);
    const std::string country = counted.begin()->first;
    EXPECT_TRUE(country == "CN" || country == roles::kUnknownCountry) << country;
    ASSERT_EQ(a.guesses.size(), 1u);
    bool listed = false;
    for (const auto& c : a.guesses[0].candidates) listed |= c.airport == "ZYTX";
    EXPECT_TRUE(listed) << a.guesses[0].reason;
  }
}

// Reappearing climbing north of El Paso and Ciudad Juárez, which lie 8 NM
// apart on either side of the border: the evidence cannot tell the two
// countries apart, so the country is unknown and both are candidates.
TEST(UnseenLanding, TwoCountriesThatFitEquallyLeaveTheCountryUnknown) {
  const geo::LatLon mid = geo::interpolate(ap("KELP")->pos, ap("MMCS")->pos, 0.5);
  const geo::LatLon out = geo::destination(mid, 0, 35);
  const geo::LatLon lost = geo::destination(mid, 90, 600);
  std::vector<Position> ps;
  auto add = [&](double t, geo::LatLon p, int alt, double track, int vrate) {
    Position q;
    q.icao = 1;
    q.t = t;
    q.lat = p.lat;
    q.lon = p.lon;
    q.alt_baro = alt;
    q.gs = 420;
    q.track = static_cast<float>(track);
    q.vrate = vrate;
    q.has = Position::kAlt | Position::kGs | Position::kTrack | Position::kVrate;
    ps.push_back(q);
  };
  add(0, geo::destination(lost, 90, 40), 39000, 270, 0);
  add(300, lost, 39000, 270, 0);
  add(300 + 4 * 3600, out, 14000, 0, 2500);
  add(360 + 4 * 3600, geo::destination(out, 0, 5), 16500, 0, 2500);
  UnobservedStop stop;
  stop.icao = 1;
  stop.from_time = 300;
  stop.to_time = 300 + 4 * 3600;
  const auto g = roles::guess_stop(stop, ps, test::bundled_airports());
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->country_known()) << g->reason;
  std::map<std::string, double> share;
  for (const auto& c : g->candidates) share[c.country] += c.share;
  EXPECT_GT(share["US"], 0.2) << g->reason;
  EXPECT_GT(share["MX"], 0.2) << g->reason;
}

// The simulator's story-unkind scenario: archives that hear only what
// receivers on a radio horizon hear, readsb's cadence. Variants of its
// coverage, each over three seeds of the reception draws.
struct SimulatedStory {
  std::map<std::string, int> counted;  // removals by country
  std::vector<roles::StopGuess> guesses;
  bool seoul_counted = false;
  double zytx_landing = 0;
};

SimulatedStory simulate_story(sim::Scenario sc, std::uint64_t seed) {
  SimulatedStory out;
  const auto run = test::simulate_and_ingest(sc, "unkind", seed);
  std::string error;
  const auto seats = registry::SeatTable::load_bundled(error);
  EXPECT_TRUE(seats) << error;
  const auto fleet = analysis::load_fleet(*run->db, profile(), test::bundled_airports(), *seats,
                                          nullptr, {}, {}, true);
  for (const auto& h : fleet.aircraft) {
    out.guesses.insert(out.guesses.end(), h.guesses.begin(), h.guesses.end());
    for (const auto& it : h.itineraries)
      for (const auto& r : it.legs) {
        if (r.counted) ++out.counted[r.country];
        if (r.counted && r.leg.leg.destination.airport == "RKSI") out.seoul_counted = true;
      }
  }
  for (const auto& l : run->plan.legs)
    if (l.destination == "ZYTX") out.zytx_landing = l.landing;
  return out;
}

sim::Scenario story_scenario() {
  std::string error;
  auto sc = sim::load_scenario("story-unkind", error);
  EXPECT_TRUE(sc) << error;
  return *sc;
}

TEST(UnseenLanding, SimulatedUnderRealCoverageTheClimbOutGivesChina) {
  for (const std::uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE(seed);
    const auto story = simulate_story(story_scenario(), seed);
    EXPECT_EQ(story.counted, (std::map<std::string, int>{{"CN", 1}}));
    ASSERT_EQ(story.guesses.size(), 1u);
    const auto& g = story.guesses[0];
    EXPECT_TRUE(g.climbing_out) << g.reason;
    EXPECT_LT(g.from_time, story.zytx_landing);
    EXPECT_GT(g.to_time, story.zytx_landing);
    EXPECT_FALSE(story.seoul_counted);
  }
}

// Without the receiver that hears the climb, the aircraft is first heard
// near Seoul: the country may stay unknown, but it is never Korea.
TEST(UnseenLanding, SimulatedFirstHeardNearSeoulIsNeverKorea) {
  auto sc = story_scenario();
  std::erase_if(sc.receivers, [](const sim::Receiver& r) { return r.lon > 124 && r.lon < 125; });
  for (auto& r : sc.receivers)
    if (r.lon > 126 && r.lon < 128) r.range_nm = 100;
  for (const std::uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE(seed);
    const auto story = simulate_story(sc, seed);
    EXPECT_EQ(story.counted.count("KR"), 0u);
    EXPECT_FALSE(story.seoul_counted);
    ASSERT_EQ(story.counted.size(), 1u);
    const auto country = story.counted.begin()->first;
    EXPECT_TRUE(country == "CN" || country == roles::kUnknownCountry) << country;
  }
}

// Issue 16, section 2, in the simulator's hole scenario: each Shenyang
// landing, inside the hole, is stored without a landing time, with the last
// sighting before the hole and a window holding the true landing; ingest,
// the store and `flights --format json` keep them.
TEST(UnseenLanding, TheHoleScenarioStoresAWindowHoldingTheTrueLanding) {
  const auto hole = test::simulate_and_ingest("seed-2024-03-hole", "window");
  std::size_t checked = 0;
  for (const auto& truth : hole->plan.legs) {
    if (truth.landing_hole.empty()) continue;
    SCOPED_TRACE(format_iso8601(truth.landing));
    store::LegQuery q;
    q.icao = truth.icao;
    const auto legs = hole->db->legs(q);
    const LegRecord* found = nullptr;
    for (const auto& r : legs)
      if (r.leg.origin.observed() && r.leg.origin.airport == truth.origin &&
          std::fabs(r.leg.origin.time - truth.takeoff) < 600)
        found = &r;
    ASSERT_NE(found, nullptr) << truth.origin << " -> " << truth.destination;
    const auto& d = found->leg.destination;
    EXPECT_FALSE(d.observed());
    EXPECT_LT(d.sighting(), truth.landing);
    ASSERT_TRUE(d.window);
    EXPECT_LE(d.window->first, truth.landing);
    EXPECT_GE(d.window->second, truth.landing);
    const auto j = output::leg_json(*found, {}, output::leg_fields::kFlights);
    EXPECT_TRUE(j["landing_time"].is_null());
    EXPECT_TRUE(j.contains("last_seen"));
    EXPECT_EQ(j["landing_window"].size(), 2u);
    EXPECT_EQ(j["takeoff_time"], output::iso_seconds(found->leg.origin.time));
    ++checked;
  }
  EXPECT_EQ(checked, 2u);  // July 2022 and March 2024
}

// Holes drawn as circles, the old way, but one swallowing the whole ocean
// crossing and a second the landing: the exit of the Shenyang hole is in
// cruise, 120 NM out.
TEST(UnseenLanding, SimulatedHolesThatSwallowTheCrossingAndTheLanding) {
  auto sc = story_scenario();
  sc.archive.from_receivers = false;
  sc.holes = {{"North Pacific", 52, 165, 1300}, {"Shenyang", 41.64, 123.48, 120}};
  const auto story = simulate_story(sc, 1);
  EXPECT_EQ(story.counted.count("KR"), 0u);
  EXPECT_FALSE(story.seoul_counted);
  ASSERT_EQ(story.guesses.size(), 1u);
  bool listed = false;
  for (const auto& c : story.guesses[0].candidates) listed |= c.airport == "ZYTX";
  EXPECT_TRUE(listed) << story.guesses[0].reason;
}

}  // namespace
}  // namespace skywitness
