// The simulator's outputs decode back to its ground truth, format by format,
// and the built-in scenarios hold the itineraries the issues describe.
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "skywitness/core/time.hpp"
#include "skywitness/io/source.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/sim/flight.hpp"
#include "skywitness/sim/simulator.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const geo::Airports& airports() {
  return test::bundled_airports();
}

std::string read_all(const std::string& path) {
  auto src = io::open_source(path);
  std::string out;
  src.source->read_all(out);
  return out;
}

class MiniScenario : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = (fs::temp_directory_path() / ("skywitness-sim-" + std::to_string(::getpid()))).string();
    std::string error;
    auto s = sim::load_scenario(std::string(SKYWITNESS_TEST_DATA) + "/sim/mini.json", error);
    ASSERT_TRUE(s) << error;
    scenario_ = *s;
    sim::SimOptions opt;
    opt.out_dir = dir_;
    sim::SimSummary sum;
    ASSERT_TRUE(sim::simulate(scenario_, airports(), opt, sum, error)) << error;
    truth_ = json::parse(std::ifstream(dir_ + "/truth.json"));
    const auto& leg = truth_["legs"][0];
    path_ = std::make_unique<sim::FlightPath>(*airports().find("KSAT"), *airports().find("KHRL"),
                                              sim::type_performance("A320"),
                                              *parse_iso8601(leg["off_block"].get<std::string>()));
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // Decoded positions of one raw file must lie on the true trajectory.
  static void check_raw(const std::string& file) {
    struct Check final : output::RecordWriter {
      std::size_t positions = 0, altitudes = 0, speeds = 0, callsigns = 0, all_calls = 0;
      std::set<std::uint16_t> squawks;
      void write(const Message& m) override {
        if (m.has_field(Field::kIcao)) EXPECT_EQ(m.icao, 0xA8F0FFu);
        if (m.df == 11) ++all_calls;
        if (m.has_field(Field::kSquawk)) squawks.insert(m.squawk);
        const double t = m.has_field(Field::kTime)
                             ? m.frame.t
                             : scenario_.start + static_cast<double>(m.frame.ticks - 1) / 12e6;
        const sim::State st = path_->at(t);
        if (m.has_field(Field::kLat)) {
          ++positions;
          EXPECT_LT(geo::distance_nm({m.lat, m.lon}, st.pos) * 1852.0, 8.0)
              << "at " << format_iso8601(t);
        }
        if (m.has_field(Field::kAltBaro) && !st.on_ground) {
          ++altitudes;
          EXPECT_NEAR(m.alt_baro, st.alt_ft, 12.5 + 0.5);  // 25 ft steps
        }
        if (m.has_field(Field::kGs) && m.tc == 19) {
          ++speeds;
          EXPECT_NEAR(m.gs, st.gs_kt, 1.0);
          EXPECT_NEAR(m.vrate, st.vrate_fpm, 64.0);
        }
        if (m.has_field(Field::kOnGround) && m.source == Source::kModeS &&
            path_->at(t - 0.01).on_ground == st.on_ground) {
          EXPECT_EQ(m.on_ground, st.on_ground) << "DF" << int(m.df) << " at " << format_iso8601(t);
        }
        if (m.has_field(Field::kCallsign)) {
          ++callsigns;
          EXPECT_EQ(std::string(m.callsign.data()),
                    truth_["legs"][0]["callsign"].get<std::string>());
        }
      }
      void flush() override {}
    } check;
    pipeline::DecodePipeline job({}, &check);
    ASSERT_TRUE(job.run(dir_ + "/" + file));
    EXPECT_EQ(job.stats().bad_crc, 0u) << file;
    EXPECT_EQ(job.stats().total_input_errors(), 0u) << file;
    EXPECT_GT(check.positions, 1000u) << file;
    EXPECT_GT(check.altitudes, 1000u) << file;
    EXPECT_GT(check.callsigns, 100u) << file;
    if (file != "messages.sbs") {
      EXPECT_GT(check.speeds, 1000u) << file;
      EXPECT_GT(check.all_calls, 1000u) << file;
    }
    EXPECT_EQ(check.squawks.size(), 1u) << file;  // one squawk for the whole leg
  }

  static std::string dir_;
  static sim::Scenario scenario_;
  static json truth_;
  static std::unique_ptr<sim::FlightPath> path_;
};
std::string MiniScenario::dir_;
sim::Scenario MiniScenario::scenario_;
json MiniScenario::truth_;
std::unique_ptr<sim::FlightPath> MiniScenario::path_;

TEST_F(MiniScenario, TruthListsTheLegWithItsTimes) {
  ASSERT_EQ(truth_["legs"].size(), 1u);
  const auto& leg = truth_["legs"][0];
  EXPECT_EQ(leg["origin"], "KSAT");
  EXPECT_EQ(leg["destination"], "KHRL");
  EXPECT_EQ(leg["icao"], "a8f0ff");
  const double takeoff = *parse_iso8601(leg["takeoff_time"].get<std::string>());
  const double landing = *parse_iso8601(leg["landing_time"].get<std::string>());
  EXPECT_GT(landing - takeoff, 30 * 60.0);  // 200 NM
  EXPECT_LT(landing - takeoff, 75 * 60.0);
  EXPECT_TRUE(path_->at(takeoff - 1).on_ground);
  EXPECT_FALSE(path_->at(takeoff + 1).on_ground);
  EXPECT_TRUE(path_->at(landing + 1).on_ground);
}

TEST_F(MiniScenario, AvrFramesDecodeToTheTrueTrajectory) {
  check_raw("frames.avr");
}
TEST_F(MiniScenario, BeastFramesDecodeToTheTrueTrajectory) {
  check_raw("frames.beast");
}
TEST_F(MiniScenario, SbsLinesCarryTheTrueTrajectory) {
  check_raw("messages.sbs");
}

TEST_F(MiniScenario, TracePointsLieOnTheTrueTrajectory) {
  std::size_t points = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir_ + "/traces")) {
    if (!e.is_regular_file()) continue;
    EXPECT_EQ(e.path().filename(), "trace_full_a8f0ff.json");
    EXPECT_EQ(e.path().parent_path().filename(), "ff");
    const auto doc = json::parse(read_all(e.path().string()));  // gzip inside, as readsb writes
    EXPECT_EQ(doc["icao"], "a8f0ff");
    const double t0 = doc["timestamp"];
    for (const auto& p : doc["trace"]) {
      const double t = t0 + p[0].get<double>();
      const sim::State st = path_->at(t);
      EXPECT_LT(geo::distance_nm({p[1].get<double>(), p[2].get<double>()}, st.pos) * 1852.0, 0.2);
      if (p[3].is_string())
        EXPECT_TRUE(st.on_ground);
      else
        EXPECT_NEAR(p[3].get<double>(), st.alt_ft, 12.5);
      ++points;
    }
  }
  EXPECT_GT(points, 100u);
}

TEST_F(MiniScenario, OpenskyRowsLieOnTheTrueTrajectory) {
  std::size_t rows = 0;
  for (const auto& e : fs::directory_iterator(dir_ + "/opensky")) {
    std::ifstream in(e.path());
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground", 0), 0u);
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::size_t start = 0;
      for (std::size_t c; (c = line.find(',', start)) != std::string::npos; start = c + 1)
        f.push_back(line.substr(start, c - start));
      f.push_back(line.substr(start));
      ASSERT_EQ(f.size(), 16u) << line;
      const double t = std::stod(f[0]), contact = std::stod(f[15]);
      if (t - contact > 1.0) continue;  // a repeated row after the last contact
      const sim::State st = path_->at(t);
      EXPECT_LT(geo::distance_nm({std::stod(f[2]), std::stod(f[3])}, st.pos) * 1852.0, 0.2);
      EXPECT_NEAR(std::stod(f[4]), st.gs_kt * 0.514444, 0.01);
      ++rows;
    }
  }
  EXPECT_GT(rows, 200u);
}

TEST_F(MiniScenario, SameSeedSameFilesOtherSeedOtherCallsign) {
  const std::string again = dir_ + "-again";
  sim::SimOptions opt;
  opt.out_dir = again;
  opt.formats = sim::kOutAvr;
  sim::SimSummary sum;
  std::string error;
  ASSERT_TRUE(sim::simulate(scenario_, airports(), opt, sum, error)) << error;
  EXPECT_EQ(read_all(again + "/frames.avr"), read_all(dir_ + "/frames.avr"));
  sim::Plan a, b;
  ASSERT_TRUE(sim::plan_scenario(scenario_, airports(), 1, a, error));
  ASSERT_TRUE(sim::plan_scenario(scenario_, airports(), 2, b, error));
  EXPECT_NE(a.legs[0].callsign, b.legs[0].callsign);
  fs::remove_all(again);
}

sim::Plan plan_of(const std::string& name) {
  std::string error;
  auto s = sim::load_scenario(name, error);
  EXPECT_TRUE(s) << error;
  sim::Plan p;
  EXPECT_TRUE(sim::plan_scenario(*s, airports(), 1, p, error)) << error;
  return p;
}

const sim::PlannedItinerary* find_itinerary(const sim::Plan& p, const std::string& label) {
  for (const auto& it : p.itineraries)
    if (it.label == label) return &it;
  return nullptr;
}

TEST(BuiltinScenarios, SeedHoldsTheShenyangItineraryOf30March2024) {
  const auto plan = plan_of("seed-2024-03");
  const auto* it = find_itinerary(plan, "China removal, March 2024");
  ASSERT_NE(it, nullptr);
  std::vector<std::string> stops{plan.legs[it->legs.front()].origin};
  for (auto l : it->legs) stops.push_back(plan.legs[l].destination);
  EXPECT_EQ(stops,
            (std::vector<std::string>{"KIWA", "KSAT", "PANC", "ZYTX", "RKSI", "PANC", "KIWA"}));
  const auto& to_china = plan.legs[it->legs[2]];
  EXPECT_EQ(to_china.destination, "ZYTX");
  EXPECT_EQ(format_iso8601(to_china.landing).substr(0, 10), "2024-03-30");
  EXPECT_EQ(plan.aircraft[it->aircraft].type, "GLF5");
  // The July 2022 trip gives China's timeline its long gap.
  const auto* earlier = find_itinerary(plan, "China removal, July 2022");
  ASSERT_NE(earlier, nullptr);
  EXPECT_EQ(format_iso8601(plan.legs[earlier->legs[2]].landing).substr(0, 7), "2022-07");
  // The fleet flies January to March 2024 from the hubs.
  std::size_t fleet_legs = 0;
  for (const auto& l : plan.legs)
    if (!plan.aircraft[l.aircraft].background && l.itinerary >= 0 &&
        plan.aircraft[l.aircraft].type != "GLF5") {
      ++fleet_legs;
      EXPECT_GE(format_iso8601(l.off_block).substr(0, 10), "2024-01-01");
      EXPECT_LE(format_iso8601(l.off_block).substr(0, 10),
                "2024-04-01");  // a trip of 31 March ends the next day
    }
  EXPECT_GT(fleet_legs, 200u);
}

TEST(BuiltinScenarios, HoleVariantPutsTheShenyangLandingInAHole) {
  std::string error;
  auto s = sim::load_scenario("seed-2024-03-hole", error);
  ASSERT_TRUE(s) << error;
  const std::string dir =
      (fs::temp_directory_path() / ("skywitness-hole-" + std::to_string(::getpid()))).string();
  sim::SimOptions opt;
  opt.out_dir = dir;
  opt.formats = 0;  // truth only
  sim::SimSummary sum;
  ASSERT_TRUE(sim::simulate(*s, airports(), opt, sum, error)) << error;
  const auto truth = json::parse(std::ifstream(dir + "/truth.json"));
  std::size_t in_hole = 0;
  for (const auto& leg : truth["legs"]) {
    if (leg["destination"] == "ZYTX" &&
        leg["landing_time"].get<std::string>().rfind("2024-03-30", 0) == 0) {
      EXPECT_TRUE(leg["landing_in_hole"].get<bool>());
      EXPECT_FALSE(leg["landing_observed"].get<bool>());
      ++in_hole;
    }
    if (leg["destination"] == "KSAT") EXPECT_TRUE(leg["landing_observed"].get<bool>());
  }
  EXPECT_EQ(in_hole, 1u);
  fs::remove_all(dir);
}

TEST(Scenario, ErrorsNameTheField) {
  const std::string path = (fs::temp_directory_path() / "skywitness-bad-scenario.json").string();
  std::ofstream(path) << R"({"name":"x","start":"2024-03-01","end":"yesterday"})";
  std::string error;
  EXPECT_FALSE(sim::load_scenario_file(path, error));
  EXPECT_NE(error.find("'end'"), std::string::npos) << error;
  std::ofstream(path) << R"({"name":"x","start":"2024-03-01","end":"2024-03-02",
     "aircraft":[{"icao":"a8f0ff"}],"itineraries":[{"aircraft":"a8f0ff","depart":"2024-03-01T01:00:00Z","airports":["KSAT","XXXX"]}]})";
  auto s = sim::load_scenario_file(path, error);
  ASSERT_TRUE(s) << error;
  sim::Plan p;
  EXPECT_FALSE(sim::plan_scenario(*s, airports(), 1, p, error));
  EXPECT_NE(error.find("XXXX"), std::string::npos) << error;
  fs::remove(path);
}

}  // namespace
}  // namespace skywitness
