// Issue 16, section 4: inputs and arguments are checked. Snapshots people
// save (readsb aircraft.json, the aggregators' v2 API JSON) are read as
// positions; a file in no format is said to be what it looks like and fails;
// counted nouns agree with their numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "skywitness/core/text.hpp"
#include "skywitness/geo/countries.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/sim/simulator.hpp"
#include "skywitness/tracks/aircraft_json.hpp"
#include "skywitness/tracks/readsb_trace.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using test::TempDir;

const std::string kData = SKYWITNESS_TEST_DATA;

struct Read {
  std::vector<Position> positions;
  std::vector<Error> errors;
  std::map<std::uint32_t, std::string> info;  // "registration type"
  tracks::SnapshotStats stats;
  bool ok = false;
};

Read read_snapshot(const std::string& path) {
  Read r;
  FunctionReporter errors([&](const Error& e) { r.errors.push_back(e); });
  tracks::AircraftJsonReader reader(
      [&](const Position& p) { r.positions.push_back(p); }, errors,
      [&](std::uint32_t icao, std::string_view reg, std::string_view type) {
        r.info[icao] = fmt::format("{} {}", reg, type);
      });
  r.ok = reader.read_file(path);
  r.stats = reader.stats();
  return r;
}

const Position* of(const Read& r, std::uint32_t icao) {
  for (const auto& p : r.positions)
    if (p.icao == icao) return &p;
  return nullptr;
}

std::string callsign(const Position& p) {
  return std::string(p.callsign.data());
}

TEST(Plural, CountsAgreeWithTheirNouns) {
  EXPECT_EQ(plural(1, "leg"), "1 leg");
  EXPECT_EQ(plural(2, "leg"), "2 legs");
  EXPECT_EQ(plural(0, "leg"), "0 legs");
  EXPECT_EQ(plural(1, "aircraft"), "1 aircraft");
  EXPECT_EQ(plural(3, "watched aircraft"), "3 watched aircraft");
  EXPECT_EQ(plural(1, "itinerary", "itineraries"), "1 itinerary");
  EXPECT_EQ(plural(7, "itinerary", "itineraries"), "7 itineraries");
  EXPECT_EQ(plural(1, "unobserved stop"), "1 unobserved stop");
}

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("--strict", "--strict"), 0u);
  EXPECT_EQ(edit_distance("--stirct", "--strict"), 2u);
  EXPECT_EQ(edit_distance("--form", "--format"), 2u);
  EXPECT_EQ(edit_distance("--erors", "--errors"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(CountryNames, KnowsCodesAndFindsThemByName) {
  std::string error;
  const auto names = geo::CountryNames::load_bundled(error);
  ASSERT_TRUE(names) << error;
  EXPECT_TRUE(names->contains("GB"));
  EXPECT_TRUE(names->contains("CN"));
  EXPECT_FALSE(names->contains("UK"));  // not ISO 3166-1: the UK is GB
  EXPECT_FALSE(names->contains("gb"));
  EXPECT_EQ(names->code_of("china"), "CN");
  EXPECT_EQ(names->code_of(" United Kingdom "), "GB");
  EXPECT_EQ(names->code_of("Atlantis"), "");
}

TEST(AircraftJson, ReadsAReadsbSnapshotAtNowLessSeenPos) {
  const auto r = read_snapshot(kData + "/inputs/aircraft.json");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.stats.aircraft, 5u);
  EXPECT_EQ(r.stats.positions, 3u);
  EXPECT_EQ(r.stats.no_position, 1u);  // a0b1c2: Mode S only
  EXPECT_EQ(r.stats.bad_aircraft, 1u);
  ASSERT_EQ(r.positions.size(), 3u);

  const auto* a = of(r, 0xa8f007);
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(a->t, 1709254798.9);  // now 1709254800.1, seen_pos 1.2
  EXPECT_DOUBLE_EQ(a->lat, 29.53);
  EXPECT_DOUBLE_EQ(a->lon, -98.47);
  EXPECT_FALSE(a->on_ground);
  EXPECT_EQ(a->alt_baro, 12000);
  EXPECT_FLOAT_EQ(a->gs, 310.5f);
  EXPECT_FLOAT_EQ(a->track, 92.3f);
  EXPECT_EQ(a->vrate, 1536);
  EXPECT_EQ(callsign(*a), "GXA123");  // the padding to 8 dropped
  EXPECT_EQ(a->has, Position::kAlt | Position::kGs | Position::kTrack | Position::kVrate |
                        Position::kCallsign);
  EXPECT_EQ(r.info.at(0xa8f007), "N807SK GLF5");

  const auto* tisb = of(r, 0x2b06e5);
  ASSERT_TRUE(tisb);
  EXPECT_TRUE(tisb->non_icao);
  EXPECT_TRUE(tisb->on_ground);
  EXPECT_DOUBLE_EQ(tisb->t, 1709254800.1);  // seen_pos 0

  const auto* geom = of(r, 0xabc515);
  ASSERT_TRUE(geom);
  EXPECT_EQ(geom->vrate, -1024);  // geom_rate when there is no baro_rate
  EXPECT_EQ(callsign(*geom), "ENY3725");

  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].kind, ErrorKind::kBadInput);
  const std::string want = kData + "/inputs/aircraft.json: aircraft 4: 'hex' is not 6 hex digits";
  EXPECT_EQ(r.errors[0].to_string(), want);
}

TEST(AircraftJson, ReadsTheV2ApiWithItsTimeInMilliseconds) {
  const auto r = read_snapshot(kData + "/inputs/adsb_lol_v2.json");
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.positions.size(), 2u);
  const auto* a = of(r, 0xa8f007);
  ASSERT_TRUE(a);
  EXPECT_DOUBLE_EQ(a->t, 1709254859.523);  // 1709254860123 ms less 0.6 s
  EXPECT_EQ(a->alt_baro, 14000);
  const auto* mlat = of(r, 0xae1234);
  ASSERT_TRUE(mlat);
  EXPECT_TRUE(mlat->on_ground);
  EXPECT_DOUBLE_EQ(mlat->t, 1709254847.723);
}

TEST(AircraftJson, FailsWhatIsNoSnapshotAndLocatesBadAircraft) {
  struct Case {
    const char* json;
    bool ok;
    const char* first_error;
  };
  const Case cases[] = {
      {R"({"now":1709254800,"aircraft":[]})", true, ""},
      {R"({"now":1709254800,"ac":null,"msg":"No error"})", true, ""},
      {R"({"aircraft":[]})", false, "x: 'now' is missing or not a time"},
      {R"({"now":"soon","aircraft":[]})", false, "x: 'now' is missing or not a time"},
      {R"({"now":1709254800})", false,
       "x: no 'aircraft' or 'ac' array: not an aircraft.json snapshot"},
      {R"({"now":1709254800,"aircraft":{}})", false, "x: 'aircraft' is not an array"},
      {R"([1,2])", false, "x: not a JSON object: not an aircraft.json snapshot"},
      {R"({"now":1709254800,"aircraft":[{"hex":"a8f007","lat":1)", false,
       "x: broken or cut-off JSON: not an aircraft.json snapshot"},
      {R"({"now":1709254800,"aircraft":[7]})", true,
       "x: aircraft 0: aircraft entry is not an object"},
      {R"({"now":1709254800,"aircraft":[{"hex":"a8f007","lat":91,"lon":0}]})", true,
       "x: aircraft 0: position out of range"},
      {R"({"now":1709254800,"aircraft":[{"hex":"a8f007","lat":1}]})", true,
       "x: aircraft 0: 'lat' or 'lon' missing or not a number"},
      {R"({"now":1709254800,"aircraft":[{"hex":"a8f007","lat":1,"lon":2,"gs":"fast"}]})", true,
       "x: aircraft 0: aircraft with a malformed field"},
      {R"({"now":1709254800,"aircraft":[{"hex":"a8f007","lat":1,"lon":2,"alt_baro":"high"}]})",
       true, "x: aircraft 0: aircraft with a malformed field"},
      {R"({"now":1709254800,"aircraft":[{"hex":"a8f007","lat":1,"lon":2,"seen_pos":-4}]})", true,
       "x: aircraft 0: aircraft with a malformed field"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> errors;
    FunctionReporter report([&](const Error& e) { errors.push_back(e.to_string()); });
    std::size_t positions = 0;
    tracks::AircraftJsonReader reader([&](const Position&) { ++positions; }, report);
    EXPECT_EQ(reader.read_text(c.json, "x"), c.ok) << c.json;
    EXPECT_EQ(positions, 0u) << c.json;
    if (*c.first_error) {
      ASSERT_FALSE(errors.empty()) << c.json;
      EXPECT_EQ(errors.front(), c.first_error) << c.json;
    } else {
      EXPECT_TRUE(errors.empty()) << c.json;
    }
  }
}

TEST(AircraftJson, IsToldByContent) {
  EXPECT_TRUE(tracks::looks_like_aircraft_json(test::read_file(kData + "/inputs/aircraft.json")));
  EXPECT_TRUE(
      tracks::looks_like_aircraft_json(test::read_file(kData + "/inputs/adsb_lol_v2.json")));
  EXPECT_TRUE(tracks::looks_like_aircraft_json(R"({ "now" : 1.0, "aircraft" : [ ] })"));
  EXPECT_TRUE(tracks::looks_like_aircraft_json(R"({"ac":null,"now":1709254800123})"));
  // Other JSON: a trace, decode JSON Lines, a simulator's truth.json.
  EXPECT_FALSE(tracks::looks_like_aircraft_json(R"({"icao":"a8f007","timestamp":1,"trace":[]})"));
  EXPECT_FALSE(tracks::looks_like_aircraft_json(R"({"t":1.5,"icao":"a8f007","df":17})"));
  EXPECT_FALSE(tracks::looks_like_aircraft_json(R"({"aircraft":"a8f007","now":1})"));
  EXPECT_FALSE(tracks::looks_like_aircraft_json(R"({"legs":[],"itineraries":[]})"));
  EXPECT_FALSE(tracks::looks_like_aircraft_json("aircraft,now\n"));
}

TEST(Sniff, TellsSnapshotsAndSaysWhatOtherFilesLookLike) {
  TempDir dir{"sniff"};
  const auto sniff = [](const std::string& path) {
    std::string why;
    bool unreadable = false;
    const auto kind = ingest::sniff(path, false, why, unreadable);
    return std::pair(kind, why);
  };
  EXPECT_EQ(sniff(kData + "/inputs/aircraft.json").first, ingest::InputKind::kAircraftJson);
  EXPECT_EQ(sniff(kData + "/inputs/adsb_lol_v2.json").first, ingest::InputKind::kAircraftJson);
  EXPECT_EQ(sniff(kData + "/inputs/jet1090_mini.csv").first, ingest::InputKind::kFrames);

  const auto png = sniff(dir.write("a.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
  EXPECT_EQ(png.first, ingest::InputKind::kUnknown);
  EXPECT_EQ(png.second, "looks like a PNG image, not an input skywitness reads");
  const auto text = sniff(dir.write("notes.txt", "\nhello world\nmore\n"));
  EXPECT_EQ(text.first, ingest::InputKind::kUnknown);
  EXPECT_EQ(text.second, "text that is not CSV, JSON or frames: first line 'hello world'");
  std::string noise(300, '\0');
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 37 + 11) % 26);
  EXPECT_EQ(sniff(dir.write("noise.bin", noise)).second,
            "binary data, not frames of any format skywitness reads");
  // The framer would tell frames in these bytes: read as frames, not refused.
  EXPECT_EQ(sniff(dir.write("one.avr", "*8D406B902015A678D4D220AA4BDA;\n")).first,
            ingest::InputKind::kFrames);
  // With --format, raw bytes are read as told.
  std::string why;
  bool unreadable = false;
  EXPECT_EQ(ingest::sniff(dir.path + "/notes.txt", true, why, unreadable),
            ingest::InputKind::kFrames);
  EXPECT_EQ(ingest::sniff(dir.path + "/nothing", false, why, unreadable),
            ingest::InputKind::kUnknown);
  EXPECT_TRUE(unreadable);
}

TEST(DescribeContent, NamesWhatTheBytesLookLike) {
  EXPECT_EQ(ingest::describe_content(""), "an empty file");
  EXPECT_EQ(ingest::describe_content("%PDF-1.7\n"),
            "looks like a PDF document, not an input skywitness reads");
  EXPECT_EQ(ingest::describe_content(std::string("SQLite format 3\0", 16)),
            "looks like an SQLite database, not an input skywitness reads");
  EXPECT_EQ(ingest::describe_content("<!DOCTYPE html>\n<html>"),
            "looks like an HTML page (a download that went wrong?), not an input skywitness "
            "reads");
  EXPECT_EQ(ingest::describe_content("{\"legs\": [\n"),
            "JSON that is not a readsb trace, an aircraft.json snapshot or decode JSON Lines: "
            "first line '{\"legs\": ['");
  EXPECT_EQ(ingest::describe_content("name,seats\nA320,180\n"),
            "CSV that is not OpenSky state vectors or timestamp,hex frames: first line "
            "'name,seats'");
  EXPECT_EQ(ingest::describe_content(std::string(100, 'x')),
            "text that is not CSV, JSON or frames: first line '" + std::string(57, 'x') + "...'");
  EXPECT_EQ(ingest::describe_content("\n  \n"), "blank text, not an input skywitness reads");
}

// A folder of snapshots is an archive like traces: the simulator's traces of
// its one-leg scenario, turned into one snapshot every 5 s (readsb's layout
// and the v2 API's in turn), give the leg the traces give.
TEST(AircraftJson, AFolderOfSnapshotsGivesTheLegTheTracesGive) {
  TempDir dir{"snapshots"};
  test::simulate_watched(kData + "/sim/mini.json", dir.path + "/sim", sim::kOutTrace);
  std::vector<Position> points;
  CountingReporter errors;
  tracks::TraceReader traces([&](const Position& p) { points.push_back(p); }, errors);
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path + "/sim/traces"))
    if (e.is_regular_file()) traces.read_file(e.path().string());
  ASSERT_GT(points.size(), 100u);
  EXPECT_EQ(errors.count(), 0u);

  // The last point of each aircraft in each 5 s, as of the end of the 5 s.
  std::map<std::int64_t, std::map<std::uint32_t, Position>> snapshots;
  for (const auto& p : points)
    snapshots[static_cast<std::int64_t>(std::floor(p.t / 5))][p.icao] = p;
  std::filesystem::create_directories(dir.path + "/snap");
  int n = 0;
  for (const auto& [slot, aircraft] : snapshots) {
    const double now = static_cast<double>(slot + 1) * 5;
    std::string list;
    for (const auto& [icao, p] : aircraft) {
      if (!list.empty()) list += ",\n";
      list += fmt::format(
          R"({{"hex":"{:06x}","flight":"{:<8}","alt_baro":{},"gs":{:.1f},"track":{:.2f},"lat":{:.6f},"lon":{:.6f},"seen_pos":{:.3f},"seen":0.1}})",
          icao, callsign(p), p.on_ground ? std::string("\"ground\"") : std::to_string(p.alt_baro),
          p.gs, p.track, p.lat, p.lon, now - p.t);
    }
    const bool v2 = n % 2 == 1;
    dir.write(fmt::format("snap/{:05d}.json", n++),
              v2 ? fmt::format(R"({{"ac":[{}],"msg":"No error","now":{:.0f},"total":{}}})", list,
                               now * 1000, aircraft.size())
                 : fmt::format("{{ \"now\" : {:.1f},\n  \"messages\" : 1,\n  \"aircraft\" : [\n{}\n"
                               "  ]\n}}\n",
                               now, list));
  }
  ASSERT_GT(n, 50);

  const auto legs_of = [&](const std::string& input, store::RunCounts& counts) {
    auto db =
        test::open_db(dir.path + "/" + std::filesystem::path(input).filename().string() + ".db");
    const auto r = ingest::ingest(*db, test::bundled_airports(), {input}, "test", {});
    EXPECT_TRUE(r.fatal.empty()) << r.fatal;
    counts = r.counts;
    return db->legs({});
  };
  store::RunCounts from_traces, from_snapshots;
  const auto want = legs_of(dir.path + "/sim/traces", from_traces);
  const auto got = legs_of(dir.path + "/snap", from_snapshots);
  EXPECT_EQ(from_snapshots.inputs, static_cast<std::uint64_t>(n));
  EXPECT_EQ(from_snapshots.inputs_failed, 0u);
  EXPECT_EQ(from_snapshots.errors, 0u);
  ASSERT_EQ(want.size(), 1u);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].leg.origin.airport, want[0].leg.origin.airport);
  EXPECT_EQ(got[0].leg.destination.airport, want[0].leg.destination.airport);
  EXPECT_EQ(got[0].leg.origin.airport, "KSAT");
  EXPECT_EQ(got[0].leg.destination.airport, "KHRL");
  // One point in 5 s instead of all: the times agree to the snapshot interval.
  EXPECT_NEAR(got[0].leg.origin.time, want[0].leg.origin.time, 10);
  EXPECT_NEAR(got[0].leg.destination.time, want[0].leg.destination.time, 10);
}

// A file in no format, or not there, fails as an input: counted in the
// run, not stored as complete, so that nothing says it was read.
TEST(Ingest, InputsInNoFormatOrNotThereFail) {
  TempDir dir{"failed-inputs"};
  const auto png = dir.write("chart.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  const auto good = kData + "/inputs/aircraft.json";
  std::filesystem::create_symlink(dir.path + "/gone.json", dir.path + "/link.json");
  auto db = test::open_db(dir.path + "/x.db");
  std::vector<std::string> said;
  FunctionReporter report([&](const Error& e) { said.push_back(e.to_string()); });
  ingest::IngestOptions opt;
  opt.errors = &report;
  const auto r =
      ingest::ingest(*db, test::bundled_airports(),
                     {png, dir.path + "/nope.avr", dir.path + "/link.json", good}, "test", opt);
  EXPECT_EQ(r.counts.inputs, 4u);
  EXPECT_EQ(r.counts.inputs_failed, 3u);
  EXPECT_EQ(r.counts.positions, 3u);
  EXPECT_EQ(r.counts.errors, 4u);  // three failed inputs, one bad aircraft
  const std::vector<std::string> expected = {
      dir.path + "/nope.avr: no such file or folder",
      dir.path + "/link.json: a broken symbolic link (to '" + dir.path + "/gone.json')",
      png + ": looks like a PNG image, not an input skywitness reads",
      good + ": aircraft 4: 'hex' is not 6 hex digits",
  };
  EXPECT_EQ(said, expected);
  db.reset();
  const std::string db_path = dir.path + "/x.db";
  EXPECT_EQ(test::sqlite_value(db_path,
                               "SELECT group_concat(kind || ' ' || status, ', ') FROM "
                               "(SELECT kind, status FROM inputs ORDER BY status DESC, kind)"),
            "unknown failed, unknown failed, unknown failed, aircraft-json complete");
  EXPECT_EQ(test::sqlite_value(db_path, "SELECT inputs || ' ' || inputs_failed FROM runs"), "4 3");
}

// An input that failed before giving anything stays partial: a rerun reads
// it again (here once --clock-epoch is given) instead of skipping it as done.
TEST(Ingest, AnInputThatGaveNothingIsReadAgain) {
  TempDir dir{"reread"};
  test::simulate_watched(kData + "/sim/mini.json", dir.path, sim::kOutAvr);
  auto db = test::open_db(dir.path + "/x.db");
  const std::string avr = dir.path + "/frames.avr";
  auto first = ingest::ingest(*db, test::bundled_airports(), {avr}, "test", {});
  EXPECT_EQ(first.counts.inputs_failed, 1u);
  EXPECT_EQ(first.counts.positions, 0u);
  ingest::IngestOptions with_epoch;
  with_epoch.clock_epoch = 1709251200;
  auto second = ingest::ingest(*db, test::bundled_airports(), {avr}, "test", with_epoch);
  EXPECT_EQ(second.counts.inputs_skipped, 0u);
  EXPECT_EQ(second.counts.inputs_failed, 0u);
  EXPECT_GT(second.counts.positions, 1000u);
  EXPECT_EQ(second.counts.legs, 1u);
}

}  // namespace
}  // namespace skywitness
