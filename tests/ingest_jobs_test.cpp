// Issue 12, "ingest on all cores": `ingest --jobs N` reads inputs (and the
// members of a split tar) and rebuilds legs on worker threads, with one
// writer, and gives the database --jobs 1 gives: every row of every table,
// with the same ids, and the same errors in the same order.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "skywitness/io/source.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

namespace fs = std::filesystem;
using test::open_db;
using test::TempDir;

const std::string kSmallScenario = std::string(SKYWITNESS_TEST_DATA) + "/sim/airline-day.json";
constexpr double kSmallBackground = 40;

// Every table of a database as text, row by row in rowid order (so that ids
// count), blobs in hex; of `runs`, all but the times it started and ended.
std::string dump_all(const std::string& db_path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::vector<std::string> tables;
  {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                       "'sqlite_%' ORDER BY name",
                       -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW)
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
  }
  EXPECT_GT(tables.size(), 5u);
  std::string out;
  for (const auto& t : tables) {
    std::string sql = fmt::format("SELECT * FROM \"{}\" ORDER BY rowid", t);
    if (t == "runs")
      sql =
          "SELECT id, status, arguments, inputs, inputs_skipped, inputs_failed, parts, "
          "parts_skipped, positions, errors, aircraft_rebuilt, legs, stops, fragments FROM runs "
          "ORDER BY id";
    else if (t == "parts")  // WITHOUT ROWID
      sql = "SELECT * FROM parts ORDER BY input, name";
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << t << ": " << sqlite3_errmsg(db);
    out += "== " + t + "\n";
    while (s && sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        if (sqlite3_column_type(s, c) == SQLITE_BLOB) {
          const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(s, c));
          for (int k = 0; k < sqlite3_column_bytes(s, c); ++k) out += fmt::format("{:02x}", b[k]);
        } else if (const auto* v = sqlite3_column_text(s, c)) {
          out += reinterpret_cast<const char*>(v);
        } else {
          out += "NULL";
        }
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

// What a database holds, without what depends on the runs that wrote it
// (ids, run numbers): for a run killed and completed by another. Not
// inputs.positions and errors: of an archive resumed, they count what the
// run that finished it read (so with --jobs 1 too).
std::string dump_content(const std::string& db_path) {
  return test::sqlite_rows(
      db_path,
      {"SELECT path, kind, size, mtime, selection, status, reason FROM inputs ORDER BY path",
       "SELECT i.path, p.name, p.positions, p.errors FROM parts p JOIN inputs i ON i.id = "
       "p.input ORDER BY 1, 2",
       "SELECT i.path, c.part, c.icao, c.t0, c.t1, c.n, hex(c.data) FROM chunks c JOIN inputs i "
       "ON i.id = c.input ORDER BY 1, 2, 3, 4",
       "SELECT icao, dirty, positions, rejected, first_seen, last_seen, registration, type FROM "
       "aircraft ORDER BY icao",
       "SELECT icao, callsign, origin, origin_country, origin_candidates, origin_how, "
       "origin_evidence, takeoff_time, destination, destination_country, destination_candidates, "
       "destination_how, destination_evidence, landing_time, positions, track FROM legs ORDER BY "
       "icao, takeoff_time",
       "SELECT icao, from_time, to_time, reach_nm FROM stops ORDER BY icao, from_time"});
}

// Two dumps equal, or the first line where they differ (a whole dump is
// megabytes).
void expect_same(const std::string& got, const std::string& want, const std::string& what) {
  if (got == want) return;
  std::size_t at = 0;
  while (at < got.size() && at < want.size() && got[at] == want[at]) ++at;
  const auto line_of = [&](const std::string& s) {
    const auto from = s.rfind('\n', at == 0 ? 0 : at - 1);
    const auto b = from == std::string::npos ? 0 : from + 1;
    return s.substr(b, std::min<std::size_t>(s.find('\n', b) - b, 400));
  };
  ADD_FAILURE() << what << ": the databases differ, first at byte " << at
                << "\n  got:  " << line_of(got) << "\n  want: " << line_of(want);
}

struct Ingested {
  store::RunCounts counts;
  std::vector<std::string> errors;  // as the reporter heard them, in order
};

Ingested ingest_with(const std::string& db_path, const std::vector<std::string>& paths,
                     unsigned jobs, ingest::IngestOptions opt = {}) {
  Ingested out;
  const auto caller = std::this_thread::get_id();
  bool elsewhere = false;
  FunctionReporter errors([&](const Error& e) {
    elsewhere |= std::this_thread::get_id() != caller;
    out.errors.push_back(fmt::format("{}|{}|{}", e.where.file, position_text(e.where), e.text()));
  });
  opt.errors = &errors;
  opt.jobs = jobs;
  auto db = open_db(db_path);
  const auto r = ingest::ingest(*db, test::bundled_airports(), paths, "test", opt);
  EXPECT_EQ(r.fatal, "");
  EXPECT_FALSE(elsewhere) << "an error was reported from a worker thread";
  out.counts = r.counts;
  return out;
}

std::string count_text(const store::RunCounts& c) {
  return fmt::format("{} {} {} {} {} {} {} {} {} {} {}", c.inputs, c.inputs_skipped,
                     c.inputs_failed, c.parts, c.parts_skipped, c.positions, c.errors,
                     c.aircraft_rebuilt, c.legs, c.stops, c.fragments);
}

// A split tar of `dir`/traces, in parts of `part_bytes`, as the daily
// releases come; returns its first part.
std::string split_tar(const std::string& dir, const std::string& out, const char* part_bytes) {
  fs::create_directories(out);
  const std::string first = out + "/v2024.03.30-planes-readsb-prod-0.tar.";
  const std::string cmd =
      fmt::format("cd '{}' && tar -cf - traces | split -b {} - '{}'", dir, part_bytes, first);
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return first + "aa";
}

TEST(IngestJobs, ATraceTreeGivesTheSameDatabaseWithFourThreadsAsWithOne) {
  TempDir dir{"jobs"};
  test::simulate_scenario(kSmallScenario, dir.path, sim::kOutTrace | sim::kOutOpensky,
                          kSmallBackground);
  const std::vector<std::string> inputs = {dir.path + "/traces", dir.path + "/opensky"};
  ingest::IngestOptions opt;
  opt.commit_positions = 4'000;  // many commits, and OpenSky files in many batches
  const auto one = ingest_with(dir.path + "/one.db", inputs, 1, opt);
  const auto four = ingest_with(dir.path + "/four.db", inputs, 4, opt);
  ASSERT_GT(one.counts.inputs, 50u);
  ASSERT_GT(one.counts.legs, 10u);
  EXPECT_EQ(count_text(four.counts), count_text(one.counts));
  const std::string want = dump_all(dir.path + "/one.db");
  expect_same(dump_all(dir.path + "/four.db"), want, "jobs 4 against jobs 1");
  // Idempotent with threads too: a second run reads and rebuilds nothing.
  const auto again = ingest_with(dir.path + "/four.db", inputs, 4, opt);
  EXPECT_EQ(again.counts.inputs_skipped, one.counts.inputs);
  EXPECT_EQ(again.counts.positions, 0u);
  EXPECT_EQ(again.counts.aircraft_rebuilt, 0u);
  const auto again_one = ingest_with(dir.path + "/one.db", inputs, 1, opt);
  expect_same(dump_all(dir.path + "/four.db"), dump_all(dir.path + "/one.db"), "second runs");
}

TEST(IngestJobs, ASplitTarGivesTheSameDatabaseWithFourThreadsAsWithOne) {
  TempDir dir{"jobs"};
  test::simulate_scenario(kSmallScenario, dir.path, sim::kOutTrace, kSmallBackground);
  const auto tar = split_tar(dir.path, dir.path + "/tar", "300K");
  ASSERT_TRUE(fs::exists(dir.path + "/tar/v2024.03.30-planes-readsb-prod-0.tar.ac"));
  const auto one = ingest_with(dir.path + "/one.db", {tar}, 1);
  const auto four = ingest_with(dir.path + "/four.db", {tar}, 4);
  ASSERT_EQ(one.counts.inputs, 1u);
  ASSERT_GT(one.counts.parts, 50u);
  EXPECT_EQ(count_text(four.counts), count_text(one.counts));
  expect_same(dump_all(dir.path + "/four.db"), dump_all(dir.path + "/one.db"), "split tar");
  // One aircraft asked for: every other member skipped, with threads too.
  ingest::IngestOptions only;
  only.only = {static_cast<std::uint32_t>(std::stoul(test::sqlite_value(
      dir.path + "/one.db", "SELECT icao FROM aircraft ORDER BY positions DESC LIMIT 1")))};
  const auto one_only = ingest_with(dir.path + "/one-only.db", {tar}, 1, only);
  const auto four_only = ingest_with(dir.path + "/four-only.db", {tar}, 4, only);
  EXPECT_LE(one_only.counts.parts, 3u);  // its trace files of each day
  EXPECT_GT(four_only.counts.parts_skipped, 50u);
  EXPECT_EQ(count_text(four_only.counts), count_text(one_only.counts));
  expect_same(dump_all(dir.path + "/four-only.db"), dump_all(dir.path + "/one-only.db"),
              "one aircraft");
}

// A run with threads killed after its k-th commit (members ahead of the
// writer in flight, inputs registered ahead), then run again with threads,
// gives the database an uninterrupted run with one thread gives.
TEST(IngestJobs, ARunWithThreadsKilledAtAnyCommitIsCompletedByTheNextRun) {
  TempDir dir{"jobs"};
  test::simulate_scenario(kSmallScenario, dir.path, sim::kOutTrace | sim::kOutOpensky,
                          kSmallBackground);
  const auto tar = split_tar(dir.path, dir.path + "/tar", "300K");
  const std::vector<std::string> inputs = {tar, dir.path + "/opensky"};
  ingest::IngestOptions opt;
  opt.commit_positions = 4'000;
  std::uint64_t commits = 0;
  {
    auto counting = opt;
    counting.on_commit = [&](std::uint64_t n) { commits = n; };
    ingest_with(dir.path + "/reference.db", inputs, 1, counting);
  }
  ASSERT_GE(commits, 10u);
  const std::string want = dump_content(dir.path + "/reference.db");
  for (std::uint64_t k = 1; k <= commits; k += std::max<std::uint64_t>(1, commits / 6)) {
    const std::string path = fmt::format("{}/killed-{}.db", dir.path, k);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto killing = opt;
      killing.jobs = 4;
      killing.on_commit = [k](std::uint64_t n) {
        if (n == k) _exit(9);
      };
      std::string error;
      auto db = store::Store::open(path, error);
      if (db) ingest::ingest(*db, test::bundled_airports(), inputs, "test", killing);
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 9) << "the run did not reach commit " << k;
    EXPECT_EQ(test::sqlite_value(path, "PRAGMA integrity_check"), "ok");
    ingest_with(path, inputs, 4, opt);
    expect_same(dump_content(path), want, fmt::format("after a kill at commit {}", k));
  }
}

TEST(IngestJobs, BadInputsGiveTheSameErrorsInTheSameOrderWithFourThreads) {
  TempDir dir{"jobs"};
  const std::string in = dir.path + "/in";
  fs::create_directories(in);
  const std::string gz =
      test::read_file(std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz");
  ASSERT_FALSE(gz.empty());
  std::string text;
  ASSERT_TRUE(io::gunzip(gz, text).empty());
  // Good traces between the bad inputs, so that threads have work ahead.
  test::simulate_watched(std::string(SKYWITNESS_TEST_DATA) + "/sim/mini.json", in + "/sim",
                         sim::kOutTrace | sim::kOutAvr | sim::kOutOpensky);
  std::ofstream(in + "/a-cut.json") << text.substr(0, text.size() / 2);
  fs::create_directories(in + "/b");
  std::ofstream(in + "/b/trace_full_ac671b.json", std::ios::binary)
      << gz.substr(0, gz.size() * 2 / 3);  // a download cut off: gzip without its end
  std::ofstream(in + "/c-badpoint.json")
      << R"({"icao":"abcdef","timestamp":1700000000,"trace":[[0,45.0,-93.0,"ground",5,90,0,null,null],[10,"x",-93.0,1000,150,90,0,null,null],[20,45.01,-93.0,1500,160,90,0,null,null]]})";
  {
    // An OpenSky file with more bad rows than one batch of errors holds,
    // between good ones.
    std::ofstream f(in + "/d-states.csv");
    f << "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
         "baroaltitude,geoaltitude,lastposupdate,lastcontact\n";
    for (int i = 0; i < 9000; ++i) {
      const int t = 1700000000 + 10 * i;
      if (i % 3 == 0)
        f << fmt::format(
            "{},abc{:03x},45.0,-93.0,100,90,0,TEST1,False,False,False,1200,1000,1000,"
            "{},{}\n",
            t, i % 7, t, t);
      else
        f << t << ",abc001,45.0\n";
    }
  }
  std::ofstream(in + "/e-noise.bin") << std::string("\x01\x02\x03 not a format");
  std::ofstream(in + "/f-picture.png") << std::string("\x89PNG\r\n\x1a\nxxxx", 12);
  // A split tar of the same traces, and a tar cut in the middle of a
  // member (what came before it is kept).
  const auto tar = split_tar(in + "/sim", dir.path + "/tar", "20K");
  {
    const std::string cmd =
        fmt::format("cd '{}/sim' && tar -cf '{}/whole.tar' traces", in, dir.path);
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string whole = test::read_file(dir.path + "/whole.tar");
    // 50 bytes into the data of the first trace file's member.
    const auto name = whole.find("trace_full_");
    ASSERT_NE(name, std::string::npos);
    fs::create_directories(in + "/g");
    std::ofstream(in + "/g/cut.tar", std::ios::binary)
        << whole.substr(0, name / 512 * 512 + 512 + 50);
  }
  const std::vector<std::string> inputs = {in, dir.path + "/not-there.json", tar};
  const auto one = ingest_with(dir.path + "/one.db", inputs, 1);
  const auto four = ingest_with(dir.path + "/four.db", inputs, 4);
  ASSERT_GT(one.errors.size(), 6000u);
  ASSERT_GE(one.counts.inputs_failed, 5u);
  EXPECT_EQ(count_text(four.counts), count_text(one.counts));
  ASSERT_EQ(four.errors.size(), one.errors.size());
  for (std::size_t i = 0; i < one.errors.size(); ++i)
    ASSERT_EQ(four.errors[i], one.errors[i]) << "error " << i;
  expect_same(dump_all(dir.path + "/four.db"), dump_all(dir.path + "/one.db"), "bad inputs");
  EXPECT_TRUE(std::any_of(one.errors.begin(), one.errors.end(),
                          [](const std::string& e) {
                            return e.find("cut.tar:") != std::string::npos &&
                                   e.find("cut off") != std::string::npos;
                          }))
      << "the tar was not cut inside a member: " << fmt::format("{}", fmt::join(one.errors, "\n"));
}

TEST(IngestJobs, ProgressIsToldFromTheCallingThreadWithThreads) {
  TempDir dir{"jobs"};
  test::simulate_scenario(kSmallScenario, dir.path, sim::kOutTrace, kSmallBackground);
  const auto caller = std::this_thread::get_id();
  std::vector<std::string> lines;
  bool elsewhere = false;
  ingest::IngestOptions opt;
  opt.progress_s = 1e-9;  // a line at every checkpoint
  opt.progress = [&](const std::string& line) {
    elsewhere |= std::this_thread::get_id() != caller;
    lines.push_back(line);
  };
  const auto r = ingest_with(dir.path + "/a.db", {dir.path + "/traces"}, 4, opt);
  EXPECT_FALSE(elsewhere);
  ASSERT_GT(lines.size(), r.counts.inputs);
  EXPECT_NE(lines.front().find("input 1 of "), std::string::npos) << lines.front();
  EXPECT_NE(lines.back().find("(rebuilding legs)"), std::string::npos) << lines.back();
}

}  // namespace
}  // namespace skywitness
