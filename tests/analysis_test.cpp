// Stored itineraries (analysis component): what report and timeline read from
// the store is what building them again gives, they are made again only for
// aircraft whose legs changed or for another profile, and reading never
// writes.
#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "skywitness/analysis/analysis.hpp"
#include "skywitness/analysis/fleet.hpp"
#include "skywitness/analysis/itineraries.hpp"
#include "test_util.hpp"

namespace skywitness::analysis {
namespace {

namespace fs = std::filesystem;

const roles::Profile& profile() {
  static const roles::Profile p = [] {
    std::string error;
    auto v = roles::load_default_profile(error);
    EXPECT_TRUE(v) << error;
    return v ? *v : roles::Profile{};
  }();
  return p;
}

const registry::SeatTable& seats() {
  static const registry::SeatTable s = [] {
    std::string error;
    auto v = registry::SeatTable::load_bundled(error);
    EXPECT_TRUE(v) << error;
    return *v;
  }();
  return s;
}

// Everything of a fleet's itineraries a report shows, as text, guesses and
// the legs they point at included, so that two fleets compare whole.
std::string describe(const report::Fleet& fleet) {
  std::ostringstream out;
  for (const auto& h : fleet.aircraft) {
    out << fmt::format("{:06x} counted '{}' as '{}' guesses {}\n", h.icao, h.watched_because,
                       h.counted_as, h.guesses.size());
    for (const auto& it : h.itineraries) {
      out << fmt::format(" itinerary from {} back {}\n", it.base, it.back_at_base);
      for (const auto& r : it.legs) {
        out << fmt::format("  leg {} {}->{} {} '{}' counted {} '{}'", r.leg.id,
                           r.leg.leg.origin.airport, r.leg.leg.destination.airport,
                           roles::role_name(r.role), r.country, r.counted, r.reason);
        for (const auto* g : {r.guess, r.origin_guess}) {
          if (!g) continue;
          out << fmt::format(" guess {} {} {:.17g} [", g->airport, g->country, g->country_share);
          for (const auto& c : g->candidates)
            out << fmt::format("{} {:.17g} {:.17g} {}; ", c.airport, c.share, c.ground_minutes,
                               c.evidence);
          out << "] " << g->reason;
        }
        out << '\n';
      }
    }
  }
  return out.str();
}

report::Fleet load(store::Store& db, const roles::Profile& p, FleetSources* sources) {
  return load_fleet(db, p, test::bundled_airports(), seats(), nullptr, {}, {}, false, sources);
}

// The hole scenario: unseen landings, so guesses and inferred removals too.
struct Hole {
  std::unique_ptr<test::IngestedScenario> sim =
      test::simulate_and_ingest("seed-2024-03-hole", "analysis");
};

TEST(StoredItineraries, ReadBackAsBuiltGuessesIncluded) {
  Hole hole;
  auto& db = *hole.sim->db;
  FleetSources before;
  const auto built = load(db, profile(), &before);
  EXPECT_EQ(before.stored, 0u);  // ingest alone stored none
  EXPECT_EQ(before.built, built.aircraft.size());
  std::size_t guesses = 0;
  for (const auto& h : built.aircraft) guesses += h.guesses.size();
  ASSERT_GT(guesses, 0u) << "the scenario must exercise the guesses";

  const auto counts = refresh_itineraries(db, profile(), test::bundled_airports());
  EXPECT_EQ(counts.built, built.aircraft.size());
  EXPECT_EQ(counts.aircraft, built.aircraft.size());
  FleetSources after;
  const auto stored = load(db, profile(), &after);
  EXPECT_EQ(after.stored, built.aircraft.size());
  EXPECT_EQ(after.built, 0u);
  EXPECT_EQ(describe(stored), describe(built));
  // One aircraft alone reads the same as in the whole fleet.
  FleetSources one;
  const auto story = load_fleet(db, profile(), test::bundled_airports(), seats(), nullptr, {},
                                0xa8f007u, false, &one);
  EXPECT_EQ(one.stored, 1u);
  ASSERT_EQ(story.aircraft.size(), 1u);
  // A second refresh has nothing to do.
  EXPECT_EQ(refresh_itineraries(db, profile(), test::bundled_airports()).built, 0u);
}

TEST(StoredItineraries, MadeAgainOnlyForAircraftWhoseLegsChanged) {
  Hole hole;
  auto& db = *hole.sim->db;
  refresh_itineraries(db, profile(), test::bundled_airports());
  // One trace file touched: its aircraft's legs are rebuilt, its stored
  // itineraries dropped with them; every other aircraft's stay.
  std::string trace;
  for (const auto& e : fs::recursive_directory_iterator(hole.sim->dir + "/traces"))
    if (e.is_regular_file() && e.path().filename().string().find("a8f007") != std::string::npos)
      trace = e.path().string();
  ASSERT_FALSE(trace.empty());
  fs::last_write_time(trace, fs::last_write_time(trace) + std::chrono::seconds(5));
  ingest::ingest(db, test::bundled_airports(), {hole.sim->dir + "/traces"}, "test", {});
  const std::string key = profile_key(profile(), test::bundled_airports());
  EXPECT_EQ(db.aircraft_without_itineraries(key), std::vector<std::uint32_t>{0xa8f007});
  FleetSources sources;
  const auto fleet = load(db, profile(), &sources);
  EXPECT_EQ(sources.built, 1u);
  EXPECT_EQ(sources.stored, fleet.aircraft.size() - 1);
  EXPECT_EQ(refresh_itineraries(db, profile(), test::bundled_airports()).built, 1u);
}

TEST(StoredItineraries, AnotherProfileIsBuiltNotReadAndReplacesThemWhenStored) {
  Hole hole;
  auto& db = *hole.sim->db;
  refresh_itineraries(db, profile(), test::bundled_airports());
  roles::Profile other = profile();
  other.hubs.erase("KIWA");  // Mesa is no base any more: other itineraries
  const auto a = profile_key(profile(), test::bundled_airports());
  const auto b = profile_key(other, test::bundled_airports());
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, a.find('#')), profile().name);
  // Settings that are equal give equal keys, whatever object holds them.
  EXPECT_EQ(profile_key(roles::Profile(profile()), test::bundled_airports()), a);
  FleetSources sources;
  const auto built = load(db, other, &sources);
  EXPECT_EQ(sources.stored, 0u);
  EXPECT_EQ(refresh_itineraries(db, other, test::bundled_airports()).built, built.aircraft.size());
  FleetSources again;
  EXPECT_EQ(describe(load(db, other, &again)), describe(built));
  EXPECT_EQ(again.built, 0u);
  EXPECT_EQ(db.itineraries(a).size(), 0u);  // one profile's at a time
}

TEST(StoredItineraries, ARecordThatDoesNotFitTheLegsIsRefused) {
  Hole hole;
  auto& db = *hole.sim->db;
  store::LegQuery q;
  q.icao = 0xa8f007;
  const auto legs = db.legs(q);
  auto made = build_aircraft_itineraries(db, 0xa8f007, legs, profile(), test::bundled_airports());
  const auto stored = to_stored(0xa8f007, made, "k");
  ASSERT_TRUE(from_stored(stored, legs));
  auto fewer = legs;
  fewer.pop_back();  // a leg the record names is gone
  EXPECT_FALSE(from_stored(stored, fewer));
  auto bad_role = stored;
  bad_role.itineraries.front().legs.front().role = "deportation";
  EXPECT_FALSE(from_stored(bad_role, legs));
  auto bad_guess = stored;
  bad_guess.itineraries.front().legs.front().guess = 99;
  EXPECT_FALSE(from_stored(bad_guess, legs));
  auto bad_json = stored;
  bad_json.guesses = "{not json";
  EXPECT_FALSE(from_stored(bad_json, legs));
}

// report and timeline load through analysis::load, which opens the database
// read-only: the file is the same byte for byte afterwards, and a database
// in a folder nobody may write to loads (when the tests do not run as root,
// which may write anywhere).
TEST(Analysis, LoadingReadsOnly) {
  Hole hole;
  const std::string path = hole.sim->dir + "/db.sqlite";
  refresh_itineraries(*hole.sim->db, profile(), test::bundled_airports());
  hole.sim->db.reset();  // closed: its WAL folded back into the file
  const std::string folder = hole.sim->dir + "/ro";
  fs::create_directory(folder);
  fs::copy_file(path, folder + "/db.sqlite");
  const auto before = test::read_file(folder + "/db.sqlite");
  ::chmod(folder.c_str(), 0555);
  Inputs in;
  in.db = folder + "/db.sqlite";
  Analysis a;
  const Status st = analysis::load(in, a);
  ::chmod(folder.c_str(), 0755);
  ASSERT_TRUE(st.ok()) << st.to_string();
  EXPECT_GT(a.fleet.aircraft.size(), 0u);
  EXPECT_EQ(a.sources.built, 0u);
  EXPECT_TRUE(a.db->read_only());
  a.db.reset();
  EXPECT_EQ(test::read_file(folder + "/db.sqlite"), before);
  // SQLite's reader may leave an empty -wal and its -shm index beside a WAL
  // database (root, as in CI, may write to any folder): nothing in them.
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == ".sqlite-wal") EXPECT_EQ(fs::file_size(e.path()), 0u);
}

TEST(Analysis, FindsAnAircraftByAddressOrRegistration) {
  Hole hole;
  EXPECT_EQ(find_aircraft(*hole.sim->db, "a8f007"), 0xa8f007u);
  EXPECT_EQ(find_aircraft(*hole.sim->db, "N807SK"), 0xa8f007u);
  EXPECT_EQ(find_aircraft(*hole.sim->db, "N000XX"), std::nullopt);
  EXPECT_EQ(find_aircraft(*hole.sim->db, "a8f00g"), std::nullopt);
}

TEST(Analysis, ABadLoadSaysWhatAndOfWhichKind) {
  Inputs in;
  in.db = "/nonexistent/x.db";
  Analysis a;
  Status st = analysis::load(in, a);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kDatabase);
  EXPECT_NE(st.to_string().find("/nonexistent/x.db: no such database"), std::string::npos)
      << st.to_string();
  in.watchlist = "w.txt";
  in.all_aircraft = true;
  st = analysis::load(in, a);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kUsage);
}

}  // namespace
}  // namespace skywitness::analysis
