// Legs from positions: the real adsb.lol sample, the simulator's truth, and
// the hard cases the issue lists.

#include <fmt/format.h>
#include <filesystem>
#include <fstream>

#include <iostream>
#include <map>
#include <random>
#include <span>

#include <fmt/ranges.h>

#include "skywitness/core/time.hpp"
#include "skywitness/flights/segmenter.hpp"
#include "skywitness/sim/evaluate.hpp"
#include "skywitness/sim/flight.hpp"
#include "skywitness/sim/simulator.hpp"
#include "skywitness/tracks/opensky_csv.hpp"
#include "skywitness/tracks/readsb_trace.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

namespace fs = std::filesystem;

std::vector<Position> read_trace(const std::string& path) {
  std::vector<Position> out;
  CountingReporter errors;
  tracks::TraceReader r([&](const Position& p) { out.push_back(p); }, errors);
  EXPECT_TRUE(r.read_file(path)) << path;
  return out;
}

TEST(Segmenter, RealSampleGivesTheFourLegsWithTheSpokaneLandingInferred) {
  const auto legs =
      flights::segment(read_trace(std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz"),
                       test::bundled_index());
  ASSERT_EQ(legs.legs.size(), 4u);
  EXPECT_TRUE(legs.stops.empty());
  const auto& l = legs.legs;
  EXPECT_EQ(l[0].origin.airport, "");  // the data starts at FL320 over Belize
  EXPECT_EQ(l[0].origin.how, EndHow::kUnknown);
  EXPECT_EQ(l[0].destination.airport, "KMSP");
  EXPECT_EQ(l[0].destination.how, EndHow::kObserved);
  EXPECT_EQ(l[1].origin.airport, "KMSP");
  EXPECT_EQ(l[1].destination.airport, "KGEG");
  EXPECT_EQ(l[1].destination.how, EndHow::kInferred);  // inside the 503-minute gap
  EXPECT_EQ(l[2].origin.airport, "KGEG");
  EXPECT_EQ(l[2].origin.how, EndHow::kInferred);
  EXPECT_EQ(l[2].destination.airport, "KMSP");
  EXPECT_EQ(l[3].origin.airport, "KMSP");
  EXPECT_EQ(l[3].destination.airport, "KDEN");
  EXPECT_EQ(l[3].destination.how, EndHow::kObserved);
  EXPECT_EQ(l[0].callsign, "DAL1812");
  EXPECT_EQ(l[3].callsign, "DAL2927");
  // Inferred times fall inside the gap, in order.
  EXPECT_LT(l[1].destination.time, l[2].origin.time);
}

// A hand-built track: points every `step` seconds along `path`.
struct TrackBuilder {
  std::vector<Position> points;
  double t = 1.7e9;
  Position base() const {
    Position p;
    p.icao = 0xA8F0FF;
    p.t = t;
    return p;
  }
  void ground(geo::LatLon at, double seconds, double gs = 0) {
    for (double s = 0; s < seconds; s += 5, t += 5) {
      Position p = base();
      p.lat = at.lat;
      p.lon = at.lon;
      p.on_ground = true;
      p.gs = static_cast<float>(gs);
      p.has = Position::kAlt | Position::kGs;
      points.push_back(p);
    }
  }
  // Straight line from a to b at constant speed, altitude interpolated.
  void fly(geo::LatLon a, geo::LatLon b, double alt_a, double alt_b, double gs_kt) {
    const double d = geo::distance_nm(a, b);
    const double seconds = d / gs_kt * 3600.0;
    const double track = geo::bearing_deg(a, b);
    const double vrate = (alt_b - alt_a) / (seconds / 60.0);
    for (double s = 0; s <= seconds; s += 10, t += 10) {
      const double f = s / seconds;
      const auto pos = geo::interpolate(a, b, f);
      Position p = base();
      p.lat = pos.lat;
      p.lon = pos.lon;
      p.alt_baro = static_cast<std::int32_t>(alt_a + (alt_b - alt_a) * f);
      p.gs = static_cast<float>(gs_kt);
      p.track = static_cast<float>(track);
      p.vrate = static_cast<std::int32_t>(vrate);
      p.has = Position::kAlt | Position::kGs | Position::kTrack | Position::kVrate;
      points.push_back(p);
    }
  }
  void silence(double seconds) { t += seconds; }
};

geo::LatLon at(const char* code) {
  return test::bundled_airports().find(code)->pos;
}
double elev(const char* code) {
  return test::bundled_airports().find(code)->elevation_ft;
}

TEST(Segmenter, GoAroundIsNotALanding) {
  TrackBuilder b;
  b.ground(at("KSAT"), 300);
  b.fly(at("KSAT"), geo::destination(at("KHRL"), 300, 8), elev("KSAT"), 2500, 250);
  b.fly(geo::destination(at("KHRL"), 300, 8), at("KHRL"), 2500, elev("KHRL") + 200,
        150);                                                                 // down to 200 ft
  b.fly(at("KHRL"), at("KBRO"), elev("KHRL") + 200, elev("KBRO") + 50, 180);  // and away
  b.ground(at("KBRO"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].origin.airport, "KSAT");
  EXPECT_EQ(s.legs[0].destination.airport, "KBRO");
}

TEST(Segmenter, TouchAndGoIsNotAStop) {
  TrackBuilder b;
  b.ground(at("KSAT"), 300);
  b.fly(at("KSAT"), at("KHRL"), elev("KSAT"), elev("KHRL"), 250);
  b.ground(at("KHRL"), 20, 120);  // twenty seconds on the runway at 120 kt
  b.fly(at("KHRL"), at("KBRO"), elev("KHRL"), elev("KBRO"), 200);
  b.ground(at("KBRO"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].destination.airport, "KBRO");
}

TEST(Segmenter, DiversionAndReturnToTheSameAirport) {
  TrackBuilder b;
  b.ground(at("KIWA"), 300);
  b.fly(at("KIWA"), geo::destination(at("KIWA"), 90, 80), elev("KIWA"), 12000, 280);
  b.fly(geo::destination(at("KIWA"), 90, 80), at("KIWA"), 12000, elev("KIWA"), 250);  // turned back
  b.ground(at("KIWA"), 1800);
  b.fly(at("KIWA"), at("KELP"), elev("KIWA"), elev("KELP"), 300);
  b.ground(at("KELP"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 2u);
  EXPECT_EQ(s.legs[0].origin.airport, "KIWA");
  EXPECT_EQ(s.legs[0].destination.airport, "KIWA");
  EXPECT_EQ(s.legs[1].destination.airport, "KELP");
}

TEST(Segmenter, CruiseGapInsideAFlightIsNotASplit) {
  TrackBuilder b;
  b.ground(at("KSAT"), 300);
  const auto mid1 = geo::interpolate(at("KSAT"), at("PANC"), 0.3),
             mid2 = geo::interpolate(at("KSAT"), at("PANC"), 0.5);
  b.fly(at("KSAT"), mid1, elev("KSAT"), 41000, 470);
  b.silence(geo::distance_nm(mid1, mid2) / 470 * 3600);  // 45 minutes unheard, still cruising
  b.fly(mid2, at("PANC"), 41000, elev("PANC"), 470);
  b.ground(at("PANC"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_TRUE(s.stops.empty());
}

TEST(Segmenter, LongGapFarFromAirportsIsAnUnobservedStop) {
  TrackBuilder b;
  b.ground(at("PANC"), 300);
  const auto a = geo::interpolate(at("PANC"), at("ZYTX"), 0.8),
             c = geo::interpolate(at("ZYTX"), at("RKSI"), 0.7);
  b.fly(at("PANC"), a, elev("PANC"), 41000, 480);
  b.silence(5 * 3600.0);  // in the hole for five hours: far longer than flying a to c
  b.fly(c, at("RKSI"), 20000, elev("RKSI"), 400);
  b.ground(at("RKSI"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.stops.size(), 1u);
  ASSERT_EQ(s.legs.size(), 2u);
  EXPECT_EQ(s.legs[0].origin.airport, "PANC");
  EXPECT_EQ(s.legs[0].destination.how, EndHow::kInferred);
  EXPECT_EQ(s.legs[0].destination.airport, "");
  EXPECT_EQ(s.legs[1].destination.airport, "RKSI");
  // Shenyang lies within the region the stop can be in.
  const auto& stop = s.stops[0];
  EXPECT_LT(geo::distance_nm({stop.from_lat, stop.from_lon}, at("ZYTX")), stop.reach_nm);
}

TEST(Segmenter, AddressAtTwoPlacesAtOnceKeepsTheFirstTrack) {
  // One address heard at two places at once (a duplicate or a spoof), 300 NM
  // apart: the ghost points are dropped and counted, the real leg stands.
  TrackBuilder b;
  b.ground(at("KSAT"), 100);
  b.fly(at("KSAT"), at("KHRL"), elev("KSAT"), elev("KHRL"), 250);
  std::vector<Position> mixed;
  for (std::size_t i = 0; i < b.points.size(); ++i) {
    mixed.push_back(b.points[i]);
    Position ghost = b.points[i];
    ghost.lat += 5;
    ghost.t += 0.1;
    mixed.push_back(ghost);
  }
  b.points.clear();
  b.ground(at("KHRL"), 100);
  for (const auto& p : b.points) mixed.push_back(p);
  const auto s = flights::segment(mixed, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].origin.airport, "KSAT");
  EXPECT_EQ(s.legs[0].destination.airport, "KHRL");
  EXPECT_EQ(s.rejected, (mixed.size() - b.points.size()) / 2);
}

TEST(Segmenter, SimulatedOpenskyStateVectorsGiveTheTrueLeg) {
  const std::string dir =
      (fs::temp_directory_path() / ("skywitness-os-" + std::to_string(::getpid()))).string();
  std::string error;
  auto sc = sim::load_scenario(std::string(SKYWITNESS_TEST_DATA) + "/sim/mini.json", error);
  ASSERT_TRUE(sc) << error;
  sim::SimOptions opt;
  opt.out_dir = dir;
  opt.formats = sim::kOutOpensky;
  sim::SimSummary sum;
  ASSERT_TRUE(sim::simulate(*sc, test::bundled_airports(), opt, sum, error)) << error;
  std::vector<Position> track;
  CountingReporter errors;
  tracks::OpenskyReader r([&](const Position& p) { track.push_back(p); }, errors);
  for (const auto& e : fs::directory_iterator(dir + "/opensky")) r.read_file(e.path().string());
  std::sort(track.begin(), track.end(),
            [](const Position& a, const Position& b) { return a.t < b.t; });
  EXPECT_GT(r.stats().stale, 0u);  // the rows repeated after the last contact are dropped
  const auto seg = flights::segment(track, test::bundled_index());
  ASSERT_EQ(seg.legs.size(), 1u);
  EXPECT_EQ(seg.legs[0].origin.airport, "KSAT");
  EXPECT_EQ(seg.legs[0].destination.airport, "KHRL");
  EXPECT_EQ(seg.legs[0].destination.how, EndHow::kObserved);
  fs::remove_all(dir);
}

// Positions by address, across days, in time order, from a folder of trace files.
std::map<std::uint32_t, std::vector<Position>> read_traces(const std::string& dir) {
  std::map<std::uint32_t, std::vector<Position>> by_icao;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      for (const auto& p : read_trace(e.path().string())) by_icao[p.icao].push_back(p);
  for (auto& [icao, track] : by_icao)
    std::stable_sort(track.begin(), track.end(),
                     [](const Position& a, const Position& b) { return a.t < b.t; });
  return by_icao;
}

// Simulates a built-in scenario (its background traffic too, when asked)
// as readsb traces into `dir`.
sim::Plan simulate_traces(const std::string& name, const std::string& dir, bool background) {
  if (!background) return test::simulate_watched(name, dir, sim::kOutTrace);
  sim::Plan plan;
  std::string error;
  auto sc = sim::load_scenario(name, error);
  EXPECT_TRUE(sc) << error;
  sim::SimOptions opt;
  opt.out_dir = dir;
  opt.formats = sim::kOutTrace;
  sim::SimSummary sum;
  EXPECT_TRUE(sim::simulate(*sc, test::bundled_airports(), opt, sum, error, &plan)) << error;
  return plan;
}

TEST(Segmenter, SimulatedTracesGiveTheTrueLegs) {
  const std::string dir =
      (fs::temp_directory_path() / ("skywitness-legs-" + std::to_string(::getpid()))).string();
  struct Case {
    const char* name;
    bool background;
    std::size_t stops;
  };
  for (const Case c : {Case{"seed-2024-03", false, 0}, Case{"seed-2024-03-hole", false, 2},
                       Case{"seed-2024-03", true, 0}}) {
    SCOPED_TRACE(fmt::format("{}{}", c.name, c.background ? " with background traffic" : ""));
    const auto plan = simulate_traces(c.name, dir, c.background);
    ASSERT_FALSE(plan.legs.empty());
    std::vector<Leg> found;
    std::size_t stops = 0;
    for (auto& [icao, track] : read_traces(dir + "/traces")) {
      const auto seg = flights::segment(track, test::bundled_index());
      stops += seg.stops.size();
      found.insert(found.end(), seg.legs.begin(), seg.legs.end());
    }
    const auto a = sim::evaluate_legs(found, plan);
    // Every true leg found, no false one, every observed end at its airport.
    EXPECT_EQ(found.size(), plan.legs.size());
    EXPECT_DOUBLE_EQ(a.precision(), 1.0);
    EXPECT_DOUBLE_EQ(a.recall(), 1.0);
    EXPECT_DOUBLE_EQ(a.airports(), 1.0);
    EXPECT_EQ(stops, c.stops);  // the hole variant: both China trips land in the hole
    fs::remove_all(dir);
  }
}

// The streaming segmenter, fed one aircraft's history in pieces of any size,
// gives byte for byte the legs, stops and rejections of the whole history in
// one go: on every built-in scenario (global-day with 300 flights) and on
// every real trace sample.
std::string describe(const flights::Segmented& s) {
  std::string out;
  auto end = [](const LegEnd& e) {
    return fmt::format("{}[{}]@{:.3f}/{}/{}", e.airport, fmt::join(e.candidates, " "), e.time,
                       end_how_name(e.how), end_evidence_name(e.evidence));
  };
  for (const auto& l : s.legs)
    out += fmt::format("leg {:06x} {} {} -> {} n={}\n", l.icao, l.callsign, end(l.origin),
                       end(l.destination), l.positions);
  for (const auto& st : s.stops)
    out += fmt::format("stop {:06x} {:.3f}-{:.3f} {:.6f},{:.6f} {:.6f},{:.6f} {:.3f}\n", st.icao,
                       st.from_time, st.to_time, st.from_lat, st.from_lon, st.to_lat, st.to_lon,
                       st.reach_nm);
  out += fmt::format("rejected {} at {}\n", s.rejected, fmt::join(s.rejected_at, ","));
  return out;
}

flights::Segmented stream_in_pieces(const std::vector<Position>& track, std::mt19937_64& rng) {
  flights::Segmented out;
  flights::Segmenter seg(
      test::bundled_index(), {}, [&](Leg&& l) { out.legs.push_back(std::move(l)); },
      [&](UnobservedStop&& s) { out.stops.push_back(std::move(s)); });
  std::size_t i = 0;
  while (i < track.size()) {
    // Pieces of 0 to 40 positions, now and then a single one.
    const std::size_t n = std::min(track.size() - i, static_cast<std::size_t>(rng() % 41));
    if (n == 1)
      seg.push(track[i]);
    else
      seg.push(std::span<const Position>(track.data() + i, n));
    i += n;
  }
  seg.flush();
  out.rejected = seg.rejected();
  out.rejected_at = seg.rejected_at();
  return out;
}

TEST(Segmenter, StreamingInAnyPiecesGivesTheSameLegsAsTheWholeHistory) {
  std::mt19937_64 rng(20241201);
  std::vector<std::vector<Position>> tracks;
  tracks.push_back(read_trace(std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz"));
  tracks.push_back(
      read_trace(std::string(SKYWITNESS_TEST_DATA) + "/readsb-406b90/trace_full_406b90.json.gz"));
  const std::string dir =
      (fs::temp_directory_path() / ("skywitness-stream-" + std::to_string(::getpid()))).string();
  for (const auto& name : sim::builtin_scenarios()) {
    std::string error;
    auto sc = sim::load_scenario(name, error);
    ASSERT_TRUE(sc) << error;
    if (sc->background.flights_per_day > 300) sc->background.flights_per_day = 300;
    sim::SimOptions opt;
    opt.out_dir = dir;
    opt.formats = sim::kOutTrace;
    sim::SimSummary sum;
    ASSERT_TRUE(sim::simulate(*sc, test::bundled_airports(), opt, sum, error)) << error;
    for (auto& [icao, track] : read_traces(dir + "/traces")) tracks.push_back(std::move(track));
    fs::remove_all(dir);
  }
  std::size_t legs = 0, stops = 0;
  for (const auto& track : tracks) {
    const auto whole = flights::segment(track, test::bundled_index());
    legs += whole.legs.size();
    stops += whole.stops.size();
    const std::string expected = describe(whole);
    for (int split = 0; split < 3; ++split)
      ASSERT_EQ(describe(stream_in_pieces(track, rng)), expected)
          << "aircraft " << std::hex << (track.empty() ? 0 : track[0].icao);
  }
  // Not vacuous: the inputs hold legs, and unobserved stops.
  EXPECT_GT(legs, tracks.size());
  EXPECT_GT(stops, 0u);
}

// Issue 10, case 3: observation beats preference. Removal charters use the
// FBO, military and former military fields beside big airports; a field the
// aircraft was seen right over wins, and scheduled service only breaks ties.
namespace observation_beats_preference {

// Airborne from `start` (first seen there at `alt` ft, on `track`) to a
// landing on the ground at `to`.
flights::Segmented departure_seen_low(geo::LatLon start, double alt, double track, const char* to) {
  TrackBuilder b;
  const auto climb = geo::destination(start, track, 12);
  b.fly(start, climb, alt, 9000, 200);
  b.fly(climb, at(to), 9000, elev(to), 300);
  b.ground(at(to), 300);
  return flights::segment(b.points, test::bundled_index());
}
// From the ground at `from` to a last position at `end`, `alt` ft, on the
// way in on `track`.
flights::Segmented arrival_lost_low(const char* from, geo::LatLon end, double alt, double track) {
  TrackBuilder b;
  b.ground(at(from), 300);
  const auto approach = geo::destination(end, track + 180, 15);
  b.fly(at(from), approach, elev(from), 6000, 300);
  b.fly(approach, end, 6000, alt, 180);
  return flights::segment(b.points, test::bundled_index());
}

bool has(const std::vector<std::string>& v, const char* x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(Segmenter, DepartureSeenAt630FtOverFinkenwerderIsFinkenwerderNotHamburg) {
  // First seen at 630 ft, 0.9 km from Airbus's field, climbing west, with
  // Hamburg airport (scheduled service) 12 km away.
  const auto start = geo::destination(at("EDHI"), 230, 0.5);
  const auto s = departure_seen_low(start, 630, 230, "EDDB");
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].origin.airport, "EDHI");
  EXPECT_EQ(s.legs[0].origin.evidence, EndEvidence::kLowAltitude);
  EXPECT_TRUE(has(s.legs[0].origin.candidates, "EDDH"));  // kept as the alternative
}

TEST(Segmenter, FinalApproachToHamburgIsHamburgEvenPastFinkenwerder) {
  // Lost at 1,600 ft on a straight final 5 NM out of Hamburg's runway 15:
  // the approach fits Hamburg; Finkenwerder is 8 NM away, off the course.
  const auto end = geo::destination(at("EDDH"), 330, 5);
  const auto s = arrival_lost_low("EDDB", end, 1600, 150);
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].destination.airport, "EDDH");
}

TEST(Segmenter, ArrivalLostLowAtEslerIsEslerNotAlexandria) {
  // 2 NM out of Esler Army Airfield at 700 ft above it, heading for it;
  // Alexandria International (scheduled) lies 13 NM away.
  const double to_esler = geo::bearing_deg(at("KAEX"), at("KESF"));
  const auto end = geo::destination(at("KESF"), to_esler + 180, 2);
  const auto s = arrival_lost_low("KIWA", end, elev("KESF") + 700, to_esler);
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].destination.airport, "KESF");
  EXPECT_EQ(s.legs[0].destination.how, EndHow::kObserved);
}

TEST(Segmenter, DepartureSeenLowOutOfMesaGatewayIsMesaNotPhoenix) {
  // First seen 2.5 NM east of Mesa Gateway at 1,200 ft above it, climbing
  // away east; Phoenix Sky Harbor, the bigger airport, is 18 NM west.
  const auto start = geo::destination(at("KIWA"), 95, 2.5);
  const auto s = departure_seen_low(start, elev("KIWA") + 1200, 95, "KELP");
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].origin.airport, "KIWA");
}

TEST(Segmenter, SeenOverAnUnscheduledFieldBesideABigAirportLosesOnlyWhenFarAbove) {
  // Over Finkenwerder at 4,000 ft on a descent towards Hamburg, in line with
  // Hamburg's approach: that is not a landing at Finkenwerder.
  const double to_eddh = geo::bearing_deg(at("EDHI"), at("EDDH"));
  const auto s = arrival_lost_low("EDDB", at("EDHI"), 2400, to_eddh);
  ASSERT_EQ(s.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].destination.airport, "EDDH");
}

}  // namespace observation_beats_preference

// Issue 16, section 2: an end not seen has no takeoff or landing time.
namespace times_that_are_what_they_say {

// Far over the Gulf of Mexico, away from every field.
const geo::LatLon kGulf{25.0, -90.0};

TEST(Segmenter, ALegFirstHeardInCruiseHasNoTakeoffTimeButItsFirstSighting) {
  TrackBuilder b;
  b.fly(kGulf, at("KHRL"), 35000, elev("KHRL"), 420);
  b.ground(at("KHRL"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 1u);
  const auto& o = s.legs[0].origin;
  EXPECT_FALSE(o.observed());
  EXPECT_EQ(o.how, EndHow::kUnknown);
  EXPECT_EQ(o.sighting(), b.points.front().t);
  EXPECT_FALSE(o.window);  // it took off before, from anywhere: nothing bounds it
  EXPECT_TRUE(s.legs[0].destination.observed());
  EXPECT_EQ(s.fragments, 0u);
}

TEST(Segmenter, ASinglePositionIsNoLeg) {
  TrackBuilder b;
  b.fly(kGulf, geo::destination(kGulf, 90, 1), 35000, 35000, 450);  // one point
  ASSERT_EQ(b.points.size(), 1u);
  const auto s = flights::segment(b.points, test::bundled_index());
  EXPECT_TRUE(s.legs.empty());
  EXPECT_EQ(s.fragments, 1u);
}

TEST(Segmenter, AFewMinutesHeardInCruiseAreAFragmentTwentyAreALeg) {
  TrackBuilder few;
  few.fly(kGulf, geo::destination(kGulf, 90, 15), 35000, 35000, 450);  // 2 minutes
  const auto s = flights::segment(few.points, test::bundled_index());
  EXPECT_TRUE(s.legs.empty());
  EXPECT_EQ(s.fragments, 1u);
  TrackBuilder more;
  more.fly(kGulf, geo::destination(kGulf, 90, 150), 35000, 35000, 450);  // 20 minutes
  const auto m = flights::segment(more.points, test::bundled_index());
  ASSERT_EQ(m.legs.size(), 1u);
  EXPECT_EQ(m.fragments, 0u);
  EXPECT_EQ(m.legs[0].origin.how, EndHow::kUnknown);
  EXPECT_EQ(m.legs[0].destination.how, EndHow::kUnknown);
  EXPECT_EQ(m.legs[0].destination.sighting(), more.points.back().t);
}

TEST(Segmenter, AFragmentBesideAFlightLeavesTheFlightAsItWas) {
  TrackBuilder b;
  b.ground(at("KSAT"), 300);
  b.fly(at("KSAT"), at("KHRL"), elev("KSAT"), elev("KHRL"), 300);
  b.ground(at("KHRL"), 300);
  const auto alone = flights::segment(b.points, test::bundled_index());
  TrackBuilder lone;  // one position heard in cruise, a day before, and one a day after
  lone.t = b.points.front().t - 86400;
  lone.fly(kGulf, geo::destination(kGulf, 90, 1), 35000, 35000, 450);
  auto both = lone.points;
  both.insert(both.end(), b.points.begin(), b.points.end());
  lone.points.back().t = b.points.back().t + 86400;
  both.push_back(lone.points.back());
  const auto s = flights::segment(both, test::bundled_index());
  EXPECT_EQ(s.fragments, 2u);
  ASSERT_EQ(s.legs.size(), 1u);
  ASSERT_EQ(alone.legs.size(), 1u);
  EXPECT_EQ(s.legs[0].origin.airport, "KSAT");
  EXPECT_EQ(s.legs[0].origin.time, alone.legs[0].origin.time);
  EXPECT_EQ(s.legs[0].destination.time, alone.legs[0].destination.time);
}

// Both ends low near fields across a gap: the landing and the takeoff are
// inferred, each with a window inside the gap that holds them.
TEST(Segmenter, ALandingAndTakeoffInsideAGapHaveWindowsInsideIt) {
  TrackBuilder b;
  b.ground(at("KSAT"), 300);
  const double out = geo::bearing_deg(at("KHRL"), at("KBRO"));
  const auto in_to_hrl = geo::destination(at("KHRL"), out + 180, 10);
  const auto out_of_hrl = geo::destination(at("KHRL"), out, 4);
  b.fly(at("KSAT"), in_to_hrl, elev("KSAT"), 3000, 300);
  const double lost = b.points.back().t;
  b.silence(3600);  // lands, stands, takes off unseen
  const double heard = b.t;
  const auto climbed = geo::destination(out_of_hrl, out, 5);
  b.fly(out_of_hrl, climbed, 1500, 4000, 220);  // heard again climbing out
  b.fly(climbed, at("KBRO"), 4000, elev("KBRO"), 220);
  b.ground(at("KBRO"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 2u);
  const auto& land = s.legs[0].destination;
  const auto& off = s.legs[1].origin;
  EXPECT_EQ(land.airport, "KHRL");
  EXPECT_EQ(land.how, EndHow::kInferred);
  EXPECT_EQ(land.sighting(), lost);
  ASSERT_TRUE(land.window);
  EXPECT_GT(land.window->first, lost);    // 10 NM to fly before touching down
  EXPECT_LT(land.window->second, heard);  // 4 NM flown since the takeoff
  EXPECT_EQ(s.legs[1].origin.airport, "KHRL");
  ASSERT_TRUE(off.window);
  EXPECT_EQ(off.window, land.window);
  EXPECT_EQ(off.sighting(), heard);
}

// Last heard on the ground, first heard again in the air 40 minutes later:
// the takeoff is in the gap, not at the first position in the air.
TEST(Segmenter, ATakeoffInAGapAfterTheLastGroundPositionIsNotObserved) {
  TrackBuilder b;
  b.ground(at("KSAT"), 300);
  const double last_ground = b.points.back().t;
  b.silence(2400);
  const double first_air = b.t;
  b.fly(geo::destination(at("KSAT"), 150, 60), at("KHRL"), 20000, elev("KHRL"), 300);
  b.ground(at("KHRL"), 300);
  const auto s = flights::segment(b.points, test::bundled_index());
  ASSERT_EQ(s.legs.size(), 1u);
  const auto& o = s.legs[0].origin;
  EXPECT_EQ(o.airport, "KSAT");
  EXPECT_EQ(o.how, EndHow::kInferred);
  EXPECT_EQ(o.sighting(), last_ground);
  ASSERT_TRUE(o.window);
  EXPECT_EQ(*o.window, std::pair(last_ground, first_air));
  EXPECT_TRUE(s.legs[0].destination.observed());
}

}  // namespace times_that_are_what_they_say

}  // namespace
}  // namespace skywitness
