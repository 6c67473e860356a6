#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/tracks/readsb_trace.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

struct Collected {
  std::vector<Position> points;
  std::vector<Error> errors;
  FunctionReporter reporter{[this](const Error& e) { errors.push_back(e); }};
  tracks::TraceReader reader{[this](const Position& p) { points.push_back(p); }, reporter};
};

TEST(ReadsbTrace, RealAdsbLolFileGivesEveryPointCallsignAndLegFlag) {
  Collected c;
  ASSERT_TRUE(c.reader.read_file(std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz"));
  EXPECT_TRUE(c.errors.empty());
  ASSERT_EQ(c.points.size(), 2500u);
  EXPECT_EQ(c.points[0].icao, 0xAC671Bu);
  EXPECT_NEAR(c.points[0].t, 1738703622.619, 1e-6);
  EXPECT_NEAR(c.points[0].lat, 16.777359, 1e-9);
  EXPECT_EQ(c.points[0].alt_baro, 32000);
  std::set<std::string> callsigns;
  std::vector<std::size_t> new_legs;
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    if (c.points[i].has & Position::kCallsign) callsigns.insert(c.points[i].callsign.data());
    if (c.points[i].flags & Position::kNewLeg) new_legs.push_back(i);
    if (i > 0) EXPECT_GE(c.points[i].t, c.points[i - 1].t);
  }
  EXPECT_EQ(callsigns, (std::set<std::string>{"DAL1812", "DAL2418", "DAL1615", "DAL2927"}));
  EXPECT_EQ(new_legs, (std::vector<std::size_t>{770, 1332, 1806}));
  std::size_t ground = 0;
  for (const auto& p : c.points) ground += p.on_ground;
  EXPECT_GT(ground, 0u);  // it sat at MSP and DEN
}

TEST(ReadsbTrace, BadPointsAreSkippedAndLocated) {
  Collected c;
  const std::string json = R"({"icao":"~abc123","timestamp":1000.0,"trace":[
    [1,10.0,20.0,1000,200,90,0,0,null],
    [1,95.0,20.0,1000,200,90,0,0,null],
    [2,"x",20.0,1000,200,90,0,0,null],
    "not a point",
    [0.5,10.0,20.0,1000,200,90,0,0,null],
    [3,10.1,20.1,"ground",5,90,2,null,{"flight":"GXA123  "}],
    [4,10.2]
  ]})";
  ASSERT_TRUE(c.reader.read_text(json, "inline"));
  ASSERT_EQ(c.points.size(), 2u);
  EXPECT_TRUE(c.points[0].non_icao);
  EXPECT_EQ(c.points[0].icao, 0xABC123u);
  EXPECT_TRUE(c.points[1].on_ground);
  EXPECT_STREQ(c.points[1].callsign.data(), "GXA123");
  EXPECT_TRUE(c.points[1].flags & Position::kNewLeg);
  ASSERT_EQ(c.errors.size(), 5u);
  EXPECT_EQ(c.errors[0].where.detail, "point 1");  // latitude 95
  EXPECT_EQ(c.errors[1].where.detail, "point 2");
  EXPECT_EQ(c.errors[2].where.detail, "point 3");
  EXPECT_EQ(c.errors[3].where.detail, "point 4");
  EXPECT_EQ(c.errors[3].message, "time goes backwards");
  EXPECT_EQ(c.errors[4].where.detail, "point 6");
  for (const auto& e : c.errors) EXPECT_EQ(e.kind, ErrorKind::kBadInput) << e.to_string();
  EXPECT_EQ(c.reader.stats().bad_points, 4u);
  EXPECT_EQ(c.reader.stats().backwards, 1u);
}

TEST(ReadsbTrace, TruncatedFileKeepsThePointsBeforeTheCut) {
  std::string text;
  {
    gzFile g =
        gzopen((std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz").c_str(), "rb");
    char buf[65536];
    int n;
    while ((n = gzread(g, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
    gzclose(g);
  }
  Collected c;
  EXPECT_FALSE(c.reader.read_text(std::string_view(text).substr(0, text.size() / 2), "half"));
  EXPECT_GT(c.points.size(), 1000u);
  EXPECT_LT(c.points.size(), 2500u);
  ASSERT_FALSE(c.errors.empty());
  EXPECT_EQ(c.reader.stats().files_failed, 1u);

  Collected broken;
  EXPECT_FALSE(broken.reader.read_text("{\"icao\":\"zzz\"}", "x"));
  EXPECT_EQ(broken.errors.size(), 1u);
  Collected missing;
  EXPECT_FALSE(missing.reader.read_file("/nonexistent/trace.json"));
  EXPECT_EQ(missing.errors.size(), 1u);
}

// What the project's decoder makes of the raw frames readsb wrote the trace
// from (tests/data/README.md): positions with their Beast clock, addresses and
// callsigns.
struct DecodedFrames : output::RecordWriter {
  struct Fix {
    double lat, lon;
    std::int32_t alt;
    std::uint64_t clock;
  };
  std::vector<Fix> fixes;
  std::set<std::uint32_t> addresses;
  std::set<std::string> callsigns;
  void write(const Message& m) override {
    if (m.has_field(Field::kIcao)) addresses.insert(m.icao);
    if (m.has_field(Field::kCallsign)) callsigns.insert(m.callsign.data());
    if (m.has_field(Field::kLat) && m.has_field(Field::kAltBaro))
      fixes.push_back({m.lat, m.lon, m.alt_baro, m.frame.ticks});
  }
  void flush() override {}
};

TEST(ReadsbTrace, AgreesWithTheDecodedRawFramesOfTheSameFlight) {
  const std::string dir = std::string(SKYWITNESS_TEST_DATA) + "/readsb-406b90/";
  Collected c;
  ASSERT_TRUE(c.reader.read_file(dir + "trace_full_406b90.json.gz"));
  EXPECT_TRUE(c.errors.empty());
  ASSERT_EQ(c.points.size(), 45u);
  EXPECT_NEAR(c.points[0].t, 1457996404.5, 1e-6);

  DecodedFrames raw;
  pipeline::DecodePipeline job({}, &raw);
  ASSERT_TRUE(job.run(dir + "beast_out_406b90.bin"));
  EXPECT_EQ(job.stats().bad_crc, 0u);
  ASSERT_FALSE(raw.fixes.empty());
  EXPECT_EQ(raw.addresses, std::set<std::uint32_t>{0x406B90});
  EXPECT_EQ(raw.callsigns, std::set<std::string>{"EZY85MH"});

  // Beast clocks are receiver time (12 MHz); the first Beast frame is the
  // first SBS line, at 2016-03-14 23:00:00 UTC (sample_agreement_test.cpp).
  const auto utc = [](std::uint64_t clock) {
    return 1457996400.0 + static_cast<double>(clock - 44508243939328ULL) / 12e6;
  };
  const double t_end = utc(raw.fixes.back().clock);
  std::size_t matched = 0;
  for (const auto& p : c.points) {
    EXPECT_EQ(p.icao, 0x406B90u);
    if (p.has & Position::kCallsign) EXPECT_EQ(raw.callsigns.count(p.callsign.data()), 1u);
    if (p.t > t_end + 1e-3) continue;  // the trace runs past the end of the raw files
    // The trace keeps six decimals of the position the frames decode to.
    const auto f = std::find_if(raw.fixes.begin(), raw.fixes.end(), [&](const auto& x) {
      return std::fabs(x.lat - p.lat) <= 1e-6 && std::fabs(x.lon - p.lon) <= 1e-6;
    });
    ASSERT_NE(f, raw.fixes.end()) << "trace point " << p.lat << "," << p.lon << " at " << p.t;
    ASSERT_TRUE(p.has & Position::kAlt);
    EXPECT_EQ(f->alt, p.alt_baro) << p.t;
    EXPECT_NEAR(utc(f->clock), p.t, 1.0);
    ++matched;
  }
  // All but the last two points (23:11:44 and 23:11:57): the last position in
  // the raw files is at 23:11:43, 703 s of Beast clock after their first frame.
  EXPECT_EQ(matched, 43u);
  EXPECT_NEAR(t_end, 1457996400.0 + 703, 1e-3);
}

}  // namespace
}  // namespace skywitness

#include "skywitness/tracks/opensky_csv.hpp"

namespace skywitness {
namespace {

TEST(OpenskyCsv, UnitsStaleRowsAndBadRows) {
  std::vector<Position> points;
  CountingReporter errors(CountingReporter::kKeepAll);
  tracks::OpenskyReader r([&](const Position& p) { points.push_back(p); }, errors);
  const std::string csv =
      "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
      "baroaltitude,geoaltitude,"
      "lastposupdate,lastcontact\n"
      "1711785600,a8f007,41.6,123.4,100.0,90.0,-5.08,N807SK  "
      ",False,False,False,2000,3048.0,3070.0,1711785599.2,"
      "1711785599.5\n"
      "1711785610,a8f007,41.6,123.4,100.0,90.0,-5.08,N807SK  "
      ",False,False,False,2000,3048.0,3070.0,1711785599.2,"
      "1711785599.5\n"  // 10.5 s after the last contact: still fresh
      "1711785620,a8f007,41.6,123.4,100.0,90.0,-5.08,N807SK  "
      ",False,False,False,2000,3048.0,3070.0,1711785599.2,"
      "1711785599.5\n"  // 20.5 s: a repeated state, dropped
      "1711785630,a8f007,,,,,,,False,False,False,,,,,1711785629.5\n"  // no position
      "1711785640,a8f007,95.0,123.4,100,90,0,X,False,False,False,2000,3000,3000,1711785639,"
      "1711785639.5\n"
      "1711785650,a8f007,41.6\n"
      "1711785660,a8f007,41.6,123.5,0,0,0,N807SK,True,False,False,2000,,,1711785659,1711785659.5\n";
  ASSERT_TRUE(r.read_text(csv, "states.csv"));
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].icao, 0xA8F007u);
  EXPECT_EQ(points[0].alt_baro, 10000);
  EXPECT_NEAR(points[0].gs, 194.4, 0.1);
  EXPECT_EQ(points[0].vrate, -1000);
  EXPECT_STREQ(points[0].callsign.data(), "N807SK");
  EXPECT_TRUE(points[2].on_ground);
  EXPECT_EQ(r.stats().stale, 1u);
  EXPECT_EQ(r.stats().no_position, 1u);
  ASSERT_EQ(errors.count(), 2u);
  EXPECT_EQ(errors.kept()[0].where.line, 6u);
  EXPECT_EQ(errors.kept()[1].where.line, 7u);
  EXPECT_NE(errors.kept()[1].message.find("columns"), std::string::npos);
  EXPECT_EQ(errors.kept()[1].to_string(), "states.csv:7: 3 columns where the header has 16");
  tracks::OpenskyReader bad([](const Position&) {}, errors);
  EXPECT_FALSE(bad.read_text("a,b,c\n1,2,3\n", "other.csv"));
  EXPECT_EQ(errors.count(ErrorKind::kFormat), 1u);
}

}  // namespace
}  // namespace skywitness
