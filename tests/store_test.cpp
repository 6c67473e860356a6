// The store and the ingest job: chunk encoding, schema versions, legs against
// the simulator's truth, idempotence, and runs stopped at every commit.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/io/source.hpp"
#include "skywitness/sim/evaluate.hpp"
#include "skywitness/sim/simulator.hpp"
#include "skywitness/store/store.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using test::open_db;
using test::TempDir;

namespace fs = std::filesystem;

store::RunCounts run_ingest(const std::string& db_path, const std::vector<std::string>& paths,
                            ingest::IngestOptions opt = {}) {
  auto db = open_db(db_path);
  const auto r = ingest::ingest(*db, test::bundled_airports(), paths, "test", opt);
  EXPECT_EQ(r.fatal, "");
  return r.counts;
}

// Everything ingest writes except the runs and errors tables, as text.
std::string dump(const std::string& db_path) {
  return test::sqlite_rows(
      db_path,
      {"SELECT path, kind, size, status, positions, errors FROM inputs ORDER BY path",
       "SELECT i.path, p.name, p.positions FROM parts p JOIN inputs i ON i.id = p.input "
       "ORDER BY 1, 2",
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

std::vector<Leg> legs_of(const std::vector<LegRecord>& records) {
  std::vector<Leg> out;
  for (const auto& r : records) out.push_back(r.leg);
  return out;
}

TEST(Chunk, RoundTripsEveryField) {
  std::vector<Position> in(1000);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t i = 0; i < in.size(); ++i) {
    auto& p = in[i];
    p.icao = 0xabc123;
    p.t = 1.7e9 + static_cast<double>(i) * 0.37;
    p.lat = -90 + 180 * u(rng);
    p.lon = -180 + 360 * u(rng);
    p.alt_baro = static_cast<std::int32_t>(u(rng) * 45000);
    p.gs = static_cast<float>(std::round(u(rng) * 6000) / 10);
    p.track = static_cast<float>(std::round(u(rng) * 36000) / 100);
    p.vrate = static_cast<std::int32_t>(u(rng) * 8000) - 4000;
    p.has = static_cast<std::uint8_t>(i & 31);
    p.on_ground = i % 3 == 0;
    std::snprintf(p.callsign.data(), 9, "GXA%u", static_cast<unsigned>(i));
  }
  const auto blob = store::encode_chunk(in);
  std::vector<Position> out;
  ASSERT_TRUE(store::decode_chunk(blob, 0xabc123, out));
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].t, in[i].t);
    EXPECT_NEAR(out[i].lat, in[i].lat, 1e-7);
    EXPECT_NEAR(out[i].lon, in[i].lon, 1e-7);
    EXPECT_EQ(out[i].alt_baro, in[i].alt_baro);
    EXPECT_FLOAT_EQ(out[i].gs, in[i].gs);
    EXPECT_NEAR(out[i].track, in[i].track, 0.006);
    EXPECT_EQ(out[i].vrate, in[i].vrate);
    EXPECT_EQ(out[i].has, in[i].has);
    EXPECT_EQ(out[i].on_ground, in[i].on_ground);
    EXPECT_STREQ(out[i].callsign.data(), in[i].callsign.data());
  }
  // Damage is detected, not read as positions.
  std::vector<Position> bad;
  EXPECT_FALSE(store::decode_chunk(blob.substr(0, blob.size() / 2), 1, bad));
  EXPECT_FALSE(store::decode_chunk("SWC1\xff\xff\xff\x00garbage", 1, bad));
  EXPECT_FALSE(store::decode_chunk("", 1, bad));
}

TEST(Store, CreatesTheSchemaAndRefusesANewerOne) {
  TempDir dir{"store"};
  const std::string path = dir.path + "/a.db";
  {
    auto db = open_db(path);
    EXPECT_EQ(db->schema_version(), store::Store::latest_schema_version());
  }
  {
    auto db = open_db(path);  // a second open migrates nothing
    EXPECT_EQ(db->schema_version(), store::Store::latest_schema_version());
  }
  EXPECT_EQ(test::sqlite_value(path, "PRAGMA application_id"), std::to_string(0x534B5957));
  ASSERT_EQ(test::sqlite_exec(path, "PRAGMA user_version=999"), SQLITE_OK);
  std::string error;
  EXPECT_FALSE(store::Store::open(path, error));
  EXPECT_NE(error.find("newer"), std::string::npos) << error;
  EXPECT_FALSE(store::Store::open(dir.path + "/no/such/folder/x.db", error));
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
}

// An error with no location (a whole input that failed) is stored as an
// empty string: binding an empty view as NULL broke the NOT NULL column and
// ended the whole ingest run.
TEST(Store, AnErrorWithAnEmptyLocationIsStored) {
  TempDir dir{"store"};
  auto db = open_db(dir.path + "/db.sqlite");
  const auto run = db->begin_run("test");
  db->add_error(run, "input.bin", std::string_view{}, "unknown format");
  db->add_error(run, std::string_view{}, "line 3", std::string_view{});
  const auto errors = db->errors(run);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].location, "");
  EXPECT_EQ(errors[0].message, "unknown format");
  EXPECT_EQ(errors[1].input, "");
}

// The inputs table as schemas 1 to 6 made it: no 'failed' status, no reason.
constexpr const char* kInputsBeforeSchema7 = R"sql(
CREATE TABLE inputs_v6(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  selection TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('partial', 'complete')),
  run INTEGER NOT NULL REFERENCES runs(id),
  positions INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0);
INSERT INTO inputs_v6 SELECT id, path, kind, size, mtime, selection, status, run, positions,
  errors FROM inputs;
DROP TABLE inputs;
ALTER TABLE inputs_v6 RENAME TO inputs;
)sql";

// A database written by any earlier schema is brought up to date on open,
// keeping what it holds. Each earlier version is made from today's by taking
// away what the later migrations added (tables, columns, the view that
// schema 6 replaced, the application id that schema 4 brought, and the
// inputs table that schema 7 made again), as an older skywitness left it.
TEST(Store, MigratesADatabaseOfEveryEarlierVersionKeepingItsData) {
  // Tables; "TABLE.COLUMN" for a column; "view NAME" for a view; "sql ..."
  // for SQL that undoes what a migration changed.
  const std::vector<std::vector<std::string>> added = {
      {},                                              // 1: the first schema
      {"aircraft_db"},                                 // 2
      {"encounters"},                                  // 3
      {"leg_roles", "itineraries", "itinerary_sets"},  // 4
      {"coverage"},                                    // 5
      {"view legs_view", "legs.takeoff_seen", "legs.takeoff_from", "legs.takeoff_to",
       "legs.landing_seen", "legs.landing_from", "legs.landing_to", "runs.fragments"},  // 6
      {std::string("sql ") + kInputsBeforeSchema7},                                     // 7
      {"alerts", "alert_sinks", "alert_deliveries"},                                    // 8
  };
  ASSERT_EQ(static_cast<int>(added.size()), store::Store::latest_schema_version())
      << "a migration was added: say here what it adds, so that it is tested";
  for (int version = 1; version < store::Store::latest_schema_version(); ++version) {
    SCOPED_TRACE(fmt::format("from version {}", version));
    TempDir dir{"store"};
    const std::string path = dir.path + "/old.db";
    // A second input, after one that failed (a 'failed' row only schema 7
    // allows, taken away with the rest), so that the ids are not 1, 2, ...
    const std::string letter = dir.write("letter.txt", "Dear editor,\n");
    run_ingest(path, {std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz", letter});
    const std::string second = dir.write("trace_full_ac671b.json", [] {
      std::string json;
      EXPECT_EQ(io::gunzip(test::read_file(std::string(SKYWITNESS_TEST_DATA) +
                                           "/trace_full_ac671b.json.gz"),
                           json),
                "");
      return json;
    }());
    run_ingest(path, {second});
    ASSERT_EQ(test::sqlite_exec(path, "DELETE FROM inputs WHERE status = 'failed'"), SQLITE_OK);
    const auto inputs_and_chunks = [&] {
      return test::sqlite_value(path,
                                "SELECT group_concat(i.id || ' ' || i.path || ' ' || i.status || "
                                "' ' || (SELECT count(*) FROM chunks c WHERE c.input = i.id) || "
                                "' ' || (SELECT count(*) FROM coverage v WHERE v.input = i.id), "
                                "', ') FROM (SELECT * FROM inputs ORDER BY id) i");
    };
    const std::string before = inputs_and_chunks();
    ASSERT_EQ(test::sqlite_value(path, "SELECT min(id) FROM inputs WHERE path = '" + second + "'"),
              "3");
    std::string sql;
    for (std::size_t v = added.size(); v-- > static_cast<std::size_t>(version);)
      for (const auto& what : added[v]) {
        const auto dot = what.find('.');
        if (what.starts_with("sql "))
          sql += what.substr(4);
        else if (what.starts_with("view "))
          sql += fmt::format("DROP VIEW {};", what.substr(5));
        else if (dot != std::string::npos)
          sql += fmt::format("ALTER TABLE {} DROP COLUMN {};", what.substr(0, dot),
                             what.substr(dot + 1));
        else
          sql += fmt::format("DROP TABLE {};", what);
      }
    sql += fmt::format("PRAGMA user_version={};", version);
    if (version < 4) sql += "PRAGMA application_id=0;";
    ASSERT_EQ(test::sqlite_exec(path, sql), SQLITE_OK);
    std::string error;
    // A command that only reads does not migrate: it says what to run.
    EXPECT_FALSE(store::Store::open(path, error, store::Store::Access::kReadOnly));
    EXPECT_NE(error.find("skywitness update"), std::string::npos) << error;
    auto db = open_db(path);
    ASSERT_TRUE(db);
    EXPECT_EQ(db->schema_version(), store::Store::latest_schema_version());
    EXPECT_EQ(db->legs({}).size(), 4u);
    // Version 7: the inputs keep their ids, and the chunks and coverage
    // that name them still do; an input can now be failed, with why.
    EXPECT_EQ(inputs_and_chunks(), before);
    EXPECT_EQ(test::sqlite_value(path,
                                 "SELECT count(*) FROM chunks c JOIN inputs i ON i.id = "
                                 "c.input"),
              test::sqlite_value(path, "SELECT count(*) FROM chunks"));
    EXPECT_EQ(test::sqlite_value(path, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
    db->begin();
    EXPECT_TRUE(db->fail_input(letter, 13, 1, "unknown", 1, "text that is not CSV"));
    db->commit();
    EXPECT_EQ(db->summary().inputs_failed, 1u);
    AircraftRecord r;
    r.icao = 0xac671b;
    r.registration = "N899DN";
    r.type = "B739";
    db->put_aircraft_record(r, "test");
    r.type = "";  // a later source without a type keeps the known one
    r.owner = "DELTA AIR LINES INC";
    db->put_aircraft_record(r, "test2");
    const auto e = db->aircraft_record(0xac671b);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->record.type, "B739");
    EXPECT_EQ(e->record.owner, "DELTA AIR LINES INC");
    EXPECT_EQ(e->source, "test2");
    const EncounterCount c{"2024-03", "GUATEMALA", "GT", 12};
    db->replace_encounters({&c, 1}, "test");
    EXPECT_EQ(db->encounters_by_month("GT").at("2024-03"), 12u);
    store::StoredItineraries set;
    set.icao = 0xac671b;
    set.profile = "p";
    set.guesses = "[]";
    db->put_itineraries(set);
    EXPECT_TRUE(db->itineraries_of(0xac671b, "p"));
    // Version 5's coverage, filled in from the positions an older database holds.
    const auto covered = db->coverage();
    ASSERT_EQ(covered.size(), 1u);
    EXPECT_LT(covered.front().from, db->legs({}).front().leg.origin.time + 1);
    EXPECT_GT(covered.front().to, db->legs({}).back().leg.destination.time - 1);
    // Version 6: legs from before have their time as the sighting and no
    // window, until the next ingest rebuilds them (the same input will do).
    const auto spokane = [&] { return db->legs({}).at(1).leg.destination; };
    EXPECT_EQ(spokane().how, EndHow::kInferred);
    if (version < 6) {  // a schema-6 database has them already
      EXPECT_FALSE(spokane().window);
      EXPECT_EQ(spokane().sighting(), spokane().time);
    }
    db.reset();
    EXPECT_EQ(test::sqlite_value(path, "PRAGMA application_id"), std::to_string(0x534B5957));
    EXPECT_TRUE(store::Store::open(path, error, store::Store::Access::kReadOnly)) << error;
    EXPECT_EQ(test::sqlite_value(path, "SELECT count(*) FROM legs_view"), "4");
    EXPECT_EQ(test::sqlite_value(path,
                                 "SELECT coalesce(landing_time, 'none') FROM legs_view "
                                 "WHERE destination = 'KGEG'"),
              "none");
    run_ingest(path, {std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz"});
    db = open_db(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(spokane().window);
    EXPECT_LE(spokane().sighting(), spokane().window->first);
    EXPECT_LT(spokane().window->first, spokane().window->second);
  }
}

TEST(Ingest, RealSampleGivesTheFourLegs) {
  TempDir dir{"store"};
  const std::string db_path = dir.path + "/a.db";
  const auto c =
      run_ingest(db_path, {std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz"});
  EXPECT_EQ(c.inputs, 1u);
  EXPECT_EQ(c.legs, 4u);
  auto db = open_db(db_path);
  const auto legs = db->legs({});
  ASSERT_EQ(legs.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"", "KMSP"}, {"KMSP", "KGEG"}, {"KGEG", "KMSP"}, {"KMSP", "KDEN"}};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(legs[i].leg.origin.airport, want[i].first);
    EXPECT_EQ(legs[i].leg.destination.airport, want[i].second);
  }
  EXPECT_EQ(legs[1].leg.destination.how, EndHow::kInferred);
  EXPECT_EQ(legs[1].destination_country, "US");
  // The registration comes from the trace file; a query finds the aircraft by it.
  EXPECT_EQ(db->find_aircraft("N899DN"), 0xac671bu);
  // Each leg keeps a simplified track from its first to its last position.
  store::LegQuery q;
  q.with_track = true;
  q.airport = "KDEN";
  const auto den = db->legs(q);
  ASSERT_EQ(den.size(), 1u);
  ASSERT_GE(den[0].track.size(), 10u);
  EXPECT_LT(den[0].track.size(), den[0].leg.positions / 2);
  EXPECT_TRUE(den[0].track.front().ground);
  EXPECT_TRUE(den[0].track.back().ground);
  EXPECT_NEAR(den[0].track.back().lat, 39.86, 0.05);  // on the ground at Denver
}

// The three whole-scenario checks below (every true leg found, a second run
// changes nothing, a run killed at any commit is completed) run on the story's
// scenario in the release stage, and on a small one in every stage, the
// sanitizers' included, where the full ones take minutes: a day of airline
// traffic and two charters (tests/data/sim/airline-day.json), with background
// flights.
const std::string kSmallScenario = std::string(SKYWITNESS_TEST_DATA) + "/sim/airline-day.json";
constexpr double kSmallBackground = 40;

// Every true leg of the plan found in the database on its times, none made
// up, and every observed end at the right airport.
void expect_every_leg_found(const sim::Plan& plan, store::Store& db, const std::string& what) {
  const auto found = legs_of(db.legs({}));
  const auto a = sim::evaluate_legs(found, plan);
  for (const auto& m : a.matches) {
    const auto& t = plan.legs[m.truth];
    const auto& l = found[m.found];
    if ((t.takeoff_covered && l.origin.airport != t.origin) ||
        (t.landing_covered && l.destination.airport != t.destination))
      ADD_FAILURE() << what << ": " << fmt::format("{:06x}", t.icao) << " " << t.origin << "->"
                    << t.destination << " found as " << l.origin.airport << "->"
                    << l.destination.airport;
  }
  std::cout << what << ": legs found " << a.found << " true " << a.truth << " precision "
            << a.precision() << " recall " << a.recall() << " airports " << a.airports() << " ("
            << a.ends << " observed ends), observed ends within " << a.worst_observed_error_s()
            << " s\n";
  // The README states 1.00 for each: every leg, every observed end.
  EXPECT_GT(a.truth, 0u) << what;
  EXPECT_EQ(a.found, a.truth) << what;
  EXPECT_DOUBLE_EQ(a.precision(), 1.0) << what;
  EXPECT_DOUBLE_EQ(a.recall(), 1.0) << what;
  EXPECT_DOUBLE_EQ(a.airports(), 1.0) << what;
  EXPECT_TRUE(a.missed.empty()) << what << ": " << a.missed.size();
  EXPECT_TRUE(a.extra.empty()) << what << ": " << a.extra.size();
}

TEST(IngestStory, SimulatedScenariosMatchTheTruth) {
  for (const char* name : {"seed-2024-03", "seed-2024-03-hole"}) {
    TempDir dir{"store"};
    const auto plan = test::simulate_watched(name, dir.path, sim::kOutTrace | sim::kOutOpensky);
    for (const char* input : {"traces", "opensky"}) {
      const std::string db_path = dir.path + "/" + input + ".db";
      run_ingest(db_path, {dir.path + "/" + input});
      auto db = open_db(db_path);
      expect_every_leg_found(plan, *db, fmt::format("{} {}", name, input));
      // The truth's landings in a hole, and its legs to or from China.
      std::vector<const sim::PlannedLeg*> in_hole, china_truth;
      for (const auto& l : plan.legs) {
        if (!l.landing_hole.empty()) in_hole.push_back(&l);
        if (test::bundled_airports().find(l.origin)->country == "CN" ||
            test::bundled_airports().find(l.destination)->country == "CN")
          china_truth.push_back(&l);
      }
      const auto stops = db->stops({});
      if (std::string(name) == "seed-2024-03-hole") {
        // Both Shenyang trips of the Gulfstream land unseen, each inside its stop.
        ASSERT_EQ(in_hole.size(), 2u);
        ASSERT_EQ(stops.size(), in_hole.size()) << input;
        for (std::size_t i = 0; i < stops.size(); ++i) {
          EXPECT_EQ(stops[i].icao, in_hole[i]->icao);
          EXPECT_LT(stops[i].from_time, in_hole[i]->landing);
          EXPECT_GT(stops[i].to_time, in_hole[i]->landing);
        }
      } else {
        EXPECT_TRUE(in_hole.empty());
        EXPECT_TRUE(stops.empty()) << input;
        store::LegQuery q;
        q.country = "CN";
        const auto china = db->legs(q);
        // To and from Shenyang, July 2022 and March 2024, at the true times.
        ASSERT_EQ(china.size(), china_truth.size()) << input;
        for (std::size_t i = 0; i < china.size(); ++i) {
          EXPECT_EQ(china[i].leg.origin.airport, china_truth[i]->origin);
          EXPECT_EQ(china[i].leg.destination.airport, china_truth[i]->destination);
          EXPECT_NEAR(china[i].leg.destination.time, china_truth[i]->landing, 600);
        }
        EXPECT_EQ(format_iso8601(china_truth[2]->landing).substr(0, 10), "2024-03-30");
      }
    }
  }
}

TEST(IngestSmall, EveryTrueLegFoundBesideBackgroundTraffic) {
  TempDir dir{"store"};
  const auto plan = test::simulate_scenario(kSmallScenario, dir.path,
                                            sim::kOutTrace | sim::kOutOpensky, kSmallBackground);
  std::size_t background = 0;
  for (const auto& l : plan.legs) background += l.itinerary < 0;
  ASSERT_GT(background, 0u);
  for (const char* input : {"traces", "opensky"}) {
    const std::string db_path = dir.path + "/" + input + ".db";
    run_ingest(db_path, {dir.path + "/" + input});
    expect_every_leg_found(plan, *open_db(db_path), std::string("airline-day ") + input);
  }
}

void expect_second_run_changes_nothing(const std::string& scenario, double background) {
  TempDir dir{"store"};
  test::simulate_scenario(scenario, dir.path, sim::kOutTrace | sim::kOutOpensky, background);
  const std::string db_path = dir.path + "/a.db";
  const std::vector<std::string> inputs = {dir.path + "/traces", dir.path + "/opensky"};
  const auto first = run_ingest(db_path, inputs);
  const std::string before = dump(db_path);
  const auto second = run_ingest(db_path, inputs);
  EXPECT_EQ(dump(db_path), before);
  EXPECT_EQ(second.inputs, first.inputs);
  EXPECT_EQ(second.inputs_skipped, first.inputs);
  EXPECT_EQ(second.positions, 0u);
  EXPECT_EQ(second.aircraft_rebuilt, 0u);
  auto db = open_db(db_path);
  const auto runs = db->runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].status, "complete");
  EXPECT_EQ(runs[0].counts.positions, first.positions);
  // Touching a file makes it changed: its positions are replaced, not added twice.
  const auto legs_before = db->legs({}).size();
  db.reset();
  std::string some_trace;
  for (const auto& e : fs::recursive_directory_iterator(dir.path + "/traces"))
    if (e.is_regular_file()) some_trace = e.path().string();
  fs::last_write_time(some_trace, fs::last_write_time(some_trace) + std::chrono::seconds(5));
  const auto third = run_ingest(db_path, inputs);
  EXPECT_EQ(third.inputs_skipped, first.inputs - 1);
  EXPECT_EQ(third.aircraft_rebuilt, 1u);
  EXPECT_EQ(open_db(db_path)->legs({}).size(), legs_before);
}

TEST(IngestStory, SecondRunOfTheSameInputsChangesNothing) {
  expect_second_run_changes_nothing("seed-2024-03", 0);
}

TEST(IngestSmall, SecondRunOfTheSameInputsChangesNothing) {
  expect_second_run_changes_nothing(kSmallScenario, kSmallBackground);
}

// A run killed after its k-th commit, for every k, then run again, gives the
// database an uninterrupted run gives. The child ends with _exit, as a kill
// would: no destructor, no rollback, an open transaction.
void expect_killed_runs_completed(const std::string& scenario, double background,
                                  std::uint64_t commit_positions) {
  TempDir dir{"store"};
  test::simulate_scenario(scenario, dir.path, sim::kOutTrace | sim::kOutOpensky, background);
  const std::vector<std::string> inputs = {dir.path + "/traces", dir.path + "/opensky"};
  ingest::IngestOptions opt;
  opt.commit_positions = commit_positions;  // many commits in a small run
  const std::string reference = dir.path + "/reference.db";
  std::uint64_t commits = 0;
  {
    auto counting = opt;
    counting.on_commit = [&](std::uint64_t n) { commits = n; };
    run_ingest(reference, inputs, counting);
  }
  ASSERT_GE(commits, 10u);
  const std::string want = dump(reference);
  for (std::uint64_t k = 1; k <= commits; k += std::max<std::uint64_t>(1, commits / 8)) {
    const std::string path = fmt::format("{}/killed-{}.db", dir.path, k);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto killing = opt;
      killing.on_commit = [k](std::uint64_t n) {
        if (n == k) _exit(9);
      };
      std::string error;
      auto db = store::Store::open(path, error);
      if (db) ingest::ingest(*db, test::bundled_airports(), inputs, "killed", killing);
      _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 9) << "the run did not reach commit " << k;
    {
      auto db = open_db(path);
      // Consistent as it stands: no leg is left without the positions it came from.
      EXPECT_EQ(test::sqlite_value(path, "PRAGMA integrity_check"), "ok");
      const auto runs = db->runs();
      ASSERT_EQ(runs.size(), 1u);
      EXPECT_EQ(runs[0].status, "running");  // honest: it never finished
    }
    run_ingest(path, inputs, opt);
    EXPECT_EQ(dump(path), want) << "after a kill at commit " << k;
  }
}

TEST(IngestStory, RunKilledAtAnyCommitIsCompletedByTheNextRun) {
  expect_killed_runs_completed("seed-2024-03", 0, 40'000);
}

TEST(IngestSmall, RunKilledAtAnyCommitIsCompletedByTheNextRun) {
  expect_killed_runs_completed(kSmallScenario, kSmallBackground, 4'000);
}

TEST(Ingest, BadInputIsReportedCountedAndSkipped) {
  TempDir dir{"store"};
  const std::string good = std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz";
  // A trace cut in the middle, a trace with a bad point, an OpenSky file with
  // a short row, and a file in no format at all.
  std::string text;
  {
    std::ifstream f(good, std::ios::binary);
    std::string gz((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    ASSERT_TRUE(io::gunzip(gz, text).empty());
  }
  std::ofstream(dir.path + "/cut.json") << text.substr(0, text.size() / 2);
  {
    std::ifstream f(good, std::ios::binary);
    std::string gz((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::ofstream(dir.path + "/trace_full_ac671b.json", std::ios::binary)
        << gz.substr(0, gz.size() * 2 / 3);  // a download cut off: gzip without its end
  }
  std::ofstream(dir.path + "/badpoint.json")
      << R"({"icao":"abcdef","timestamp":1700000000,"trace":[[0,45.0,-93.0,"ground",5,90,0,null,null],[10,"x",-93.0,1000,150,90,0,null,null],[20,45.01,-93.0,1500,160,90,0,null,null]]})";
  std::ofstream(dir.path + "/states.csv")
      << "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
         "baroaltitude,geoaltitude,lastposupdate,lastcontact\n"
         "1700000000,abc001,45.0,-93.0,100,90,0,TEST1,False,False,False,1200,1000,1000,"
         "1700000000,1700000000\n"
         "1700000010,abc001,45.0\n";
  std::ofstream(dir.path + "/noise.bin") << std::string("\x01\x02\x03 not a format");
  // A JSON document over many lines (a simulator's truth.json) is one bad
  // input, not one error per line.
  std::ofstream(dir.path + "/truth.json")
      << "{\n \"name\": \"x\",\n \"legs\": [\n  1,\n  2\n ]\n}\n";
  auto db = open_db(dir.path + "/a.db");
  std::vector<std::string> seen;
  ingest::IngestOptions opt;
  FunctionReporter errors([&](const Error& e) {
    seen.push_back(fmt::format("{}|{}|{}", fs::path(e.where.file).filename().string(),
                               position_text(e.where), e.text()));
  });
  opt.errors = &errors;
  const auto r = ingest::ingest(*db, test::bundled_airports(), {dir.path}, "bad", opt);
  EXPECT_EQ(r.fatal, "");
  EXPECT_EQ(r.counts.inputs, 6u);
  auto has = [&](std::string_view needle) {
    return std::any_of(seen.begin(), seen.end(),
                       [&](const std::string& s) { return s.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(has("cut.json||truncated")) << fmt::format("{}", fmt::join(seen, "\n"));
  EXPECT_TRUE(has("badpoint.json|point 1|"));
  EXPECT_TRUE(has("trace_full_ac671b.json||truncated gzip"));
  EXPECT_TRUE(has("states.csv|line 3|"));
  EXPECT_TRUE(has("noise.bin||"));
  EXPECT_EQ(std::count_if(seen.begin(), seen.end(),
                          [](const std::string& e) { return e.starts_with("truth.json|"); }),
            1);
  // Each was counted in the run, stored with its location, and the rest kept.
  const auto runs = db->runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].counts.errors, seen.size());
  EXPECT_EQ(db->errors(runs[0].id).size(), seen.size());
  EXPECT_EQ(runs[0].counts.inputs_failed, 4u);  // the two cut traces and the unknown files
  // The first half of the cut trace and the first part of the cut gzip (one
  // aircraft in both: its points count once).
  EXPECT_GT(db->positions(0xac671b).size(), 1500u);
  EXPECT_EQ(db->positions(0xabcdef).size(), 2u);
  EXPECT_EQ(db->positions(0xabc001).size(), 1u);
}

// Issue 16, section 4: an input that failed is recorded as failed, with why
// in words (not complete with 0 positions, nor left out), covers no time,
// is listed by the summary, and is read again by the next run, which makes
// it complete once it is readable.
TEST(Ingest, AFailedInputIsRecordedListedAndReadAgain) {
  TempDir dir{"failed"};
  const std::string gz = std::string(SKYWITNESS_TEST_DATA) + "/trace_full_ac671b.json.gz";
  const std::string notes = dir.write("notes.txt", "Dear editor,\nplease find attached\n");
  const std::string later = dir.path + "/later.json.gz";  // not there yet
  test::simulate_watched(std::string(SKYWITNESS_TEST_DATA) + "/sim/mini.json", dir.path + "/sim",
                         sim::kOutAvr);
  const std::string avr = dir.path + "/sim/frames.avr";  // no --clock-epoch: gives nothing
  const std::string db_path = dir.path + "/a.db";
  const auto first = run_ingest(db_path, {gz, notes, later, avr});
  EXPECT_EQ(first.inputs, 4u);
  EXPECT_EQ(first.inputs_failed, 3u);
  {
    auto db = open_db(db_path);
    const auto s = db->summary();
    EXPECT_EQ(s.inputs, 4u);
    EXPECT_EQ(s.inputs_complete, 1u);
    EXPECT_EQ(s.inputs_partial, 0u);
    EXPECT_EQ(s.inputs_failed, 3u);
    EXPECT_EQ(
        std::count(s.inputs_with_errors_paths.begin(), s.inputs_with_errors_paths.end(), notes),
        0);                                 // listed as failed, not as with errors
    ASSERT_EQ(s.failed_inputs.size(), 3u);  // by path
    EXPECT_EQ(s.failed_inputs[0].path, later);
    EXPECT_EQ(s.failed_inputs[0].reason, "no such file or folder");
    EXPECT_EQ(s.failed_inputs[1].path, notes);
    EXPECT_EQ(s.failed_inputs[1].reason,
              "text that is not CSV, JSON or frames: first line 'Dear editor,'");
    EXPECT_EQ(s.failed_inputs[2].path, avr);
    EXPECT_NE(s.failed_inputs[2].reason.find("give --clock-epoch"), std::string::npos)
        << s.failed_inputs[2].reason;
    EXPECT_EQ(s.failed_inputs[2].run, 1);
    // Only the trace covers time: the frames, the day the simulator flew, none.
    const auto covered = db->coverage();
    ASSERT_EQ(covered.size(), 1u);
    EXPECT_EQ(covered.front().to, db->positions(0xac671b).back().t);
  }
  EXPECT_EQ(test::sqlite_value(db_path,
                               "SELECT count(*) FROM coverage c JOIN inputs i ON i.id = "
                               "c.input WHERE i.status = 'failed'"),
            "0");
  const std::string notes_id =
      test::sqlite_value(db_path, "SELECT id FROM inputs WHERE path = '" + notes + "'");
  // Failed inputs are never skipped as done: made readable, they are read.
  fs::copy_file(gz, later);
  fs::copy_file(gz, notes, fs::copy_options::overwrite_existing);
  ingest::IngestOptions with_epoch;
  with_epoch.clock_epoch = 1709251200;
  const auto second = run_ingest(db_path, {gz, notes, later, avr}, with_epoch);
  EXPECT_EQ(second.inputs_skipped, 1u);
  EXPECT_EQ(second.inputs_failed, 0u);
  {
    auto db = open_db(db_path);
    const auto s = db->summary();
    EXPECT_EQ(s.inputs_complete, 4u);
    EXPECT_EQ(s.inputs_failed, 0u);
    EXPECT_TRUE(s.failed_inputs.empty());
  }
  EXPECT_EQ(test::sqlite_value(db_path, "SELECT count(DISTINCT input) FROM coverage"), "4");
  EXPECT_EQ(test::sqlite_value(db_path, "SELECT id FROM inputs WHERE path = '" + notes + "'"),
            notes_id);
  EXPECT_EQ(test::sqlite_value(db_path, "SELECT group_concat(reason, '') FROM inputs"), "");
  // A file read before that is gone now keeps what was read from it: nothing
  // says it changed. One whose content changed into no format loses it.
  fs::remove(later);
  std::vector<std::string> said;
  FunctionReporter report([&](const Error& e) { said.push_back(e.to_string()); });
  ingest::IngestOptions opt;
  opt.errors = &report;
  dir.write("notes.txt", "Dear editor,\nplease find attached, twice\n");
  const auto third = run_ingest(db_path, {later, notes}, opt);
  EXPECT_EQ(third.inputs_failed, 2u);
  ASSERT_EQ(said.size(), 2u) << fmt::format("{}", fmt::join(said, "\n"));
  EXPECT_EQ(said[0],
            later + ": no such file or folder; the positions an earlier run read from it are kept");
  auto db = open_db(db_path);
  const auto s = db->summary();
  EXPECT_EQ(s.inputs_complete, 3u);
  ASSERT_EQ(s.failed_inputs.size(), 1u);
  EXPECT_EQ(s.failed_inputs[0].path, notes);
  EXPECT_EQ(s.failed_inputs[0].run, 3);
  EXPECT_EQ(test::sqlite_value(db_path, "SELECT count(*) FROM chunks WHERE input = " + notes_id),
            "0");
  EXPECT_EQ(db->legs({}).size(), 5u);  // the trace's four, the simulated one
}

}  // namespace
}  // namespace skywitness

namespace skywitness {
namespace {

TEST(Evaluate, CountsMissingExtraAndWrongLegs) {
  sim::Plan plan;
  for (int i = 0; i < 4; ++i) {
    sim::PlannedLeg t;
    t.icao = 0xa00001;
    t.origin = i % 2 ? "KIWA" : "MGGT";
    t.destination = i % 2 ? "MGGT" : "KIWA";
    t.takeoff = 1000.0 * i;
    t.landing = 1000.0 * i + 500;
    plan.legs.push_back(t);
  }
  std::vector<Leg> found;
  for (int i = 0; i < 3; ++i) {  // the last true leg is missed
    Leg l;
    l.icao = 0xa00001;
    l.origin.airport = plan.legs[i].origin;
    l.destination.airport = i == 2 ? "MHLM" : plan.legs[i].destination;  // one wrong airport
    l.origin.time = plan.legs[i].takeoff + 30;
    l.destination.time = plan.legs[i].landing - 30;
    found.push_back(l);
  }
  Leg ghost;  // a leg of another aircraft, or at a time nothing flew
  ghost.icao = 0xa00001;
  ghost.origin.time = 10'000;
  ghost.destination.time = 10'500;
  found.push_back(ghost);
  const auto a = sim::evaluate_legs(found, plan);
  EXPECT_EQ(a.matched, 3u);
  EXPECT_DOUBLE_EQ(a.recall(), 0.75);
  EXPECT_DOUBLE_EQ(a.precision(), 0.75);
  EXPECT_EQ(a.ends, 6u);
  EXPECT_EQ(a.ends_right, 5u);
}

}  // namespace
}  // namespace skywitness
