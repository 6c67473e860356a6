#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/sim/simulator.hpp"

namespace skywitness::cli {
namespace {

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
        "\nFlight reconstruction, itineraries and the monthly report come next (issues 4 and "
        "5).\n");
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
