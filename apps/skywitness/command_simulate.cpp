#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "progress.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/sim/simulator.hpp"

namespace skywitness::cli {
namespace {

class SimulateCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--scenario", scenario_, "Built-in scenario name or a scenario file (JSON)")
        ->required();
    app.add_option("--out", out_, "Output folder")->required();
    app.add_option("--formats", formats_, "Outputs: avr,beast,sbs,trace,opensky (or all)")
        ->default_val("all");
    app.add_option("--seed", seed_, "Random seed; the same seed gives the same files")
        ->default_val(1);
    app.add_option("--background", background_,
                   "Background flights a day (overrides the scenario's)")
        ->check(CLI::Range(0.0, 1e6));
    app.add_flag("-q,--quiet", quiet_, "No progress on stderr");
  }

  int run() override {
    std::string error;
    unsigned formats = 0;
    if (!sim::parse_formats(formats_, formats, error)) {
      fmt::print(stderr, "skywitness simulate: {}\n", error);
      return 2;
    }
    auto scenario = sim::load_scenario(scenario_, error);
    if (!scenario) {
      fmt::print(stderr, "skywitness simulate: {}\n", error);
      return 2;
    }
    if (background_ >= 0) {
      scenario->background.flights_per_day = background_;
      if (scenario->background.to <= scenario->background.from) {
        scenario->background.from = scenario->start;
        scenario->background.to = scenario->end;
      }
    }
    auto airports = geo::Airports::load_bundled(error);
    if (!airports) {
      fmt::print(stderr, "skywitness simulate: {}\n", error);
      return 1;
    }
    sim::SimOptions opt;
    opt.out_dir = out_;
    opt.formats = formats;
    opt.seed = seed_;
    ProgressLine progress("simulate: ", !quiet_);
    opt.progress = progress.sink();
    sim::SimSummary sum;
    const bool ok = sim::simulate(*scenario, *airports, opt, sum, error);
    progress.done();
    if (!ok) {
      fmt::print(stderr, "skywitness simulate: {}\n", error);
      return 1;
    }
    fmt::print("scenario {}: {} ({} background), {}, {}\n", scenario->name, plural(sum.legs, "leg"),
               sum.background_legs, plural(sum.itineraries, "itinerary", "itineraries"),
               plural(sum.aircraft, "watched aircraft"));
    if (formats & (sim::kOutAvr | sim::kOutBeast | sim::kOutSbs))
      fmt::print("raw frames: {} written ({} corrupted), {} lost in reception, {}\n", sum.frames,
                 sum.frames_corrupted, sum.frames_lost, plural(sum.sbs_lines, "SBS line"));
    if (formats & sim::kOutTrace)
      fmt::print("traces: {}, {}\n", plural(sum.trace_files, "file"),
                 plural(sum.trace_points, "point"));
    if (formats & sim::kOutOpensky)
      fmt::print("opensky: {}\n", plural(sum.opensky_rows, "state vector"));
    fmt::print("ground truth: {}/truth.json\n", out_);
    return 0;
  }

 private:
  std::string scenario_, out_, formats_;
  std::uint64_t seed_ = 1;
  double background_ = -1;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_simulate_command() {
  return std::make_unique<SimulateCommand>();
}

}  // namespace skywitness::cli
