// The same real flight, written by readsb in four formats, must decode to the
// same positions and altitudes (tests/data/README.md).
#include <cmath>
#include <string>
#include <vector>

#include "skywitness/io/source.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/tracks/readsb_trace.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

struct Fix {
  double lat, lon;
  int alt;
  bool has_alt;
  double t;
  std::uint64_t clock;
};

struct Collector : output::RecordWriter {
  std::vector<Fix> fixes;
  void write(const Message& m) override {
    if (!m.has_field(Field::kLat)) return;
    fixes.push_back(
        {m.lat, m.lon, m.alt_baro, m.has_field(Field::kAltBaro), m.frame.t, m.frame.ticks});
  }
  void flush() override {}
};

std::vector<Fix> decode_file(const std::string& name) {
  Collector c;
  pipeline::DecodePipeline job({}, &c);
  EXPECT_TRUE(job.run(std::string(SKYWITNESS_TEST_DATA) + "/readsb-406b90/" + name));
  EXPECT_EQ(job.stats().total_input_errors(), 0u) << name;
  EXPECT_EQ(job.stats().bad_crc, 0u) << name;
  return c.fixes;
}

// Beast clocks are receiver time; the first Beast frame is the first SBS line,
// at 2016-03-14 23:00:00 UTC.
constexpr std::uint64_t kClock0 = 44508243939328ULL;
constexpr double kT0 = 1457996400.0;
double clock_time(std::uint64_t clock) {
  return kT0 + static_cast<double>(clock - kClock0) / 12e6;
}

const Fix* find(const std::vector<Fix>& in, double lat, double lon) {
  for (const auto& f : in)
    if (std::fabs(f.lat - lat) <= 1e-5 && std::fabs(f.lon - lon) <= 1e-5) return &f;
  return nullptr;
}

TEST(SampleAgreement, AvrAndBeastGiveIdenticalPositions) {
  const auto avr = decode_file("avr_406b90.txt");
  const auto beast = decode_file("beast_out_406b90.bin");
  ASSERT_GT(avr.size(), 900u);
  ASSERT_EQ(avr.size(), beast.size());
  for (std::size_t i = 0; i < avr.size(); ++i) {
    EXPECT_EQ(avr[i].lat, beast[i].lat);
    EXPECT_EQ(avr[i].lon, beast[i].lon);
    EXPECT_EQ(avr[i].alt, beast[i].alt);
  }
}

TEST(SampleAgreement, EverySbsPositionInTheRawFramesTimeSpanIsDecodedFromThem) {
  const auto beast = decode_file("beast_out_406b90.bin");
  const auto sbs = decode_file("sbs_406b90.txt");
  ASSERT_GT(sbs.size(), 800u);
  const double t_end = clock_time(beast.back().clock);
  std::size_t checked = 0;
  for (const auto& s : sbs) {
    if (s.t > t_end + 1e-3) continue;  // readsb's SBS output runs past the raw files
    const Fix* f = find(beast, s.lat, s.lon);
    ASSERT_NE(f, nullptr) << "SBS position " << s.lat << "," << s.lon << " at " << s.t;
    EXPECT_EQ(f->alt, s.alt);
    // readsb stamps some SBS positions with a later message's time.
    EXPECT_NEAR(clock_time(f->clock), s.t, 1.0);
    ++checked;
  }
  EXPECT_GT(checked, 800u);
}

// The trace side goes through skywitness's own trace reader, as ingest reads
// it: every point inside the raw files' time span is a decoded position, at
// the same altitude, and the reader's times match the frames' within a
// second (readsb stamps a trace point with the time it wrote it).
TEST(SampleAgreement, EveryTracePointIsADecodedPosition) {
  const auto beast = decode_file("beast_out_406b90.bin");
  const double t_end = clock_time(beast.back().clock);
  std::vector<Position> points;
  CountingReporter errors;
  tracks::TraceReader reader([&](const Position& p) { points.push_back(p); }, errors);
  ASSERT_TRUE(reader.read_file(std::string(SKYWITNESS_TEST_DATA) +
                               "/readsb-406b90/trace_full_406b90.json.gz"));
  EXPECT_EQ(errors.count(), 0u);
  std::size_t in_span = 0, checked = 0;
  for (const auto& p : points) {
    EXPECT_EQ(p.icao, 0x406b90u);
    if (p.t > t_end + 1e-3) continue;  // the trace runs past the raw files
    ++in_span;
    const Fix* f = find(beast, p.lat, p.lon);
    ASSERT_NE(f, nullptr) << "trace point " << p.lat << "," << p.lon;
    if ((p.has & Position::kAlt) && !p.on_ground) EXPECT_EQ(f->alt, p.alt_baro);
    EXPECT_NEAR(clock_time(f->clock), p.t, 1.0);
    ++checked;
  }
  EXPECT_GT(in_span, 0u);
  EXPECT_EQ(checked, in_span);
}

}  // namespace
}  // namespace skywitness
