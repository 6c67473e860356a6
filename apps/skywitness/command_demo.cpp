#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/sim/evaluate.hpp"
#include "skywitness/sim/simulator.hpp"

namespace skywitness::cli {
namespace {

// The Gulfstream of the news story in the built-in scenarios.
constexpr std::uint32_t kStoryAircraft = 0xa8f007;

// The first thing a new user runs: simulate the bundled scenario and run
// every stage that exists on it, saying what each did and where its output is.
class DemoCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--out", out_, "Output folder")->default_val("out/demo");
    app.add_option("--scenario", scenario_, "Scenario to simulate")->default_val("seed-2024-03");
  }

  int run() override {
    std::string error;
    auto scenario = sim::load_scenario(scenario_, error);
    auto airports = scenario ? geo::Airports::load_bundled(error) : std::nullopt;
    if (!scenario || !airports) {
      fmt::print(stderr, "skywitness demo: {}\n", error);
      return 1;
    }
    fmt::print("== 1. Simulating '{}' into {}\n   {}\n", scenario->name, out_,
               scenario->description);
    sim::SimOptions opt;
    opt.out_dir = out_;
    opt.progress = [](const std::string& m) { fmt::print("   {}\n", m); };
    sim::SimSummary sum;
    sim::Plan plan;
    if (!sim::simulate(*scenario, *airports, opt, sum, error, &plan)) {
      fmt::print(stderr, "skywitness demo: {}\n", error);
      return 1;
    }
    fmt::print("   {} legs of {} watched aircraft in {} itineraries, and {} background flights\n",
               sum.legs - sum.background_legs, sum.aircraft, sum.itineraries, sum.background_legs);
    fmt::print(
        "   raw frames {} ({} corrupted on purpose) -> {}/frames.avr, frames.beast, messages.sbs\n",
        sum.frames, sum.frames_corrupted, out_);
    fmt::print("   readsb traces {} files -> {}/traces/YYYY/MM/DD/traces/\n", sum.trace_files,
               out_);
    fmt::print("   OpenSky state vectors {} -> {}/opensky/\n", sum.opensky_rows, out_);
    fmt::print("   ground truth -> {}/truth.json\n", out_);

    for (const auto& it : plan.itineraries) {
      if (it.label.empty()) continue;
      std::vector<std::string> stops{plan.legs[it.legs.front()].origin};
      for (auto l : it.legs) stops.push_back(plan.legs[l].destination);
      fmt::print("   itinerary '{}': {} ({} to {})\n", it.label, fmt::join(stops, " -> "),
                 format_iso8601(plan.legs[it.legs.front()].off_block).substr(0, 16),
                 format_iso8601(plan.legs[it.legs.back()].on_block).substr(0, 16));
    }

    fmt::print("\n== 2. Decoding the raw frames ({}/frames.avr)\n", out_);
    pipeline::DecodePipeline job({}, nullptr);
    job.run(out_ + "/frames.avr");
    const auto& s = job.stats();
    const auto& t = job.tracker_stats();
    fmt::print("   {} frames: {} decoded, {} failed the parity check, {} positions, {} aircraft\n",
               s.frames, s.messages_ok, s.bad_crc,
               t.positions_global + t.positions_local + t.positions_receiver, t.aircraft_seen);
    fmt::print("   (skywitness decode --stats {}/frames.avr for the full counts)\n", out_);
    fmt::print(
        "\n== 3. Ingesting the readsb traces and OpenSky state vectors into {}/skywitness.db\n",
        out_);
    const std::string db_path = out_ + "/skywitness.db";
    std::filesystem::remove(db_path);
    std::filesystem::remove(db_path + "-wal");
    std::filesystem::remove(db_path + "-shm");
    auto db = store::Store::open(db_path, error);
    if (!db) {
      fmt::print(stderr, "skywitness demo: {}\n", error);
      return 1;
    }
    ingest::IngestOptions iopt;
    iopt.progress = [](const std::string& m) { fmt::print("   {}\n", m); };
    const auto r =
        ingest::ingest(*db, *airports, {out_ + "/traces", out_ + "/opensky"}, "demo", iopt);
    if (!r.fatal.empty()) {
      fmt::print(stderr, "skywitness demo: {}\n", r.fatal);
      return 1;
    }
    fmt::print(
        "   {} inputs, {} positions, {} errors: {} legs and {} unobserved stops of {} "
        "aircraft\n",
        r.counts.inputs, r.counts.positions, r.counts.errors, r.counts.legs, r.counts.stops,
        r.counts.aircraft_rebuilt);
    std::vector<Leg> found;
    for (auto& rec : db->legs({})) found.push_back(std::move(rec.leg));
    const auto acc = sim::evaluate_legs(found, plan);
    fmt::print(
        "   against the ground truth: {} of {} true legs found, {} of {} legs found are "
        "true (recall {:.4f}, precision {:.4f}); {} of {} observed airports right\n",
        acc.matched, acc.truth, acc.matched, acc.found, acc.recall(), acc.precision(),
        acc.ends_right, acc.ends);
    store::LegQuery q;
    q.icao = kStoryAircraft;
    q.from = parse_iso8601("2024-03-29");
    fmt::print("   the story's Gulfstream from 29 March 2024:\n");
    for (const auto& rec : db->legs(q)) {
      const auto& l = rec.leg;
      fmt::print("   {:06x} {} {:>4} -> {:<4} ({}) took off {} landed {} ({}/{})\n", l.icao,
                 l.callsign, l.origin.airport.empty() ? "?" : l.origin.airport,
                 l.destination.airport.empty() ? "?" : l.destination.airport,
                 rec.destination_country, format_iso8601(l.origin.time).substr(0, 16),
                 format_iso8601(l.destination.time).substr(0, 16), end_how_name(l.origin.how),
                 end_how_name(l.destination.how));
    }
    fmt::print(
        "   (skywitness flights --db {} [--aircraft N807SK] [--country CN] "
        "[--format json|csv|geojson] for the rest)\n",
        db_path);
    fmt::print("\nItineraries, removal roles and the monthly report come next (issue 5).\n");
    return 0;
  }

 private:
  std::string out_, scenario_;
};

}  // namespace

std::unique_ptr<Command> make_demo_command() {
  return std::make_unique<DemoCommand>();
}

}  // namespace skywitness::cli
