#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "progress.hpp"
#include "skywitness/analysis/itineraries.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/roles/profile.hpp"

namespace skywitness::cli {
namespace {

// `skywitness ingest`: inputs into the store, legs rebuilt for the aircraft
// whose positions changed, and their itineraries stored for a profile.
class IngestCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database (created when absent)")->required();
    app.add_option(
           "paths", paths_,
           "Files or folders (searched recursively): readsb traces, split or whole tar "
           "archives, aircraft.json snapshots and aggregator v2 API JSON, OpenSky CSV, decode "
           "JSON Lines, AVR, Beast, SBS, hex, timestamp,hex CSV")
        ->required();
    app.add_option("--aircraft-file", aircraft_file_,
                   "Only these aircraft: addresses, one a line; archive members of others are "
                   "skipped without being decompressed");
    app.add_option("--clock-epoch", clock_epoch_,
                   "UTC time of receiver clock tick 1, for AVR and Beast input (ISO 8601)");
    app.add_option("--format", format_,
                   "Format of raw-frame inputs: avr, beast, sbs, hex, csv (detected when not "
                   "given; traces, archives, aircraft.json snapshots, OpenSky CSV and decode "
                   "JSON Lines are still told by content)")
        ->check(CLI::IsMember({"avr", "beast", "sbs", "hex", "csv"}));
    app.add_option("--profile", profile_,
                   "Profile TOML whose itineraries and leg roles to store; default "
                   "data/profiles/us-removal.toml");
    app.add_option("-j,--jobs", jobs_,
                   "Threads that decompress and parse inputs and rebuild legs (default: one a "
                   "core); one writes the database, which is the same whatever this is")
        ->check(CLI::PositiveNumber);
    app.add_flag("--errors", errors_, "Print every error with its location as it happens");
    app.add_flag("-q,--quiet", quiet_, "No progress lines");
    app.add_flag("--strict", strict_,
                 "Fail the run (exit 1) when any input failed, not only when every one did");
    app.footer(
        "Exit code: 0 when the inputs were read (bad lines, points and frames are counted and "
        "skipped, and an input that failed is counted); 1 when every input failed (with --strict: "
        "when any did: a path that is not there, a file in no format skywitness reads, one that "
        "cannot be read) or the database failed; 2 for bad arguments. An input that failed is "
        "recorded so, with why (skywitness status lists them), and read again by the next run.");
    arguments_ = "ingest";
  }

  int run() override {
    for (const auto& p : paths_) arguments_ += " " + p;
    ingest::IngestOptions opt;
    // Not in arguments_: the run's result does not depend on it.
    opt.jobs = jobs_;
    std::string error;
    if (!aircraft_file_.empty()) {
      arguments_ += " --aircraft-file " + aircraft_file_;
      if (const auto st = ingest::read_aircraft_file(aircraft_file_, opt.only); !st.ok()) {
        fmt::print(stderr, "skywitness ingest: {}\n", st.to_string());
        return 2;
      }
    }
    if (!clock_epoch_.empty()) {
      const auto t = parse_iso8601(clock_epoch_);
      if (!t) {
        fmt::print(stderr, "skywitness ingest: --clock-epoch '{}' is not an ISO 8601 UTC time\n",
                   clock_epoch_);
        return 2;
      }
      opt.clock_epoch = *t;
      arguments_ += " --clock-epoch " + clock_epoch_;
    }
    if (!format_.empty()) {
      framing::Format f{};
      framing::parse_format(format_, f);
      opt.format = f;
      arguments_ += " --format " + format_;
    }
    if (!profile_.empty()) arguments_ += " --profile " + profile_;
    if (strict_) arguments_ += " --strict";
    auto profile = profile_.empty() ? roles::load_default_profile(error)
                                    : roles::load_profile(profile_, error);
    if (!profile) {
      fmt::print(stderr, "skywitness ingest: {}\n", error);
      return 2;
    }
    auto airports = geo::Airports::load_bundled(error);
    if (!airports) {
      fmt::print(stderr, "skywitness ingest: {}\n", error);
      return 1;
    }
    auto db = store::Store::open(db_, error);
    if (!db) {
      fmt::print(stderr, "skywitness ingest: {}\n", error);
      return 1;
    }
    // On a terminal, a line that moves; elsewhere, none.
    ProgressLine progress("ingest: ", !quiet_);
    opt.progress = progress.sink();
    if (opt.progress) opt.progress_s = 0.5;
    // Tests ask for a line at every checkpoint.
    if (const char* every = std::getenv("SKYWITNESS_PROGRESS_SECONDS"); every && opt.progress)
      opt.progress_s = std::max(1e-6, std::atof(every));
    // "INPUT: line 3: bad_hex: ...": the input, then the location as the
    // errors table keeps it.
    std::uint64_t shown = 0;
    FunctionReporter report([&](const Error& e) {
      if (!errors_ && ++shown > 20) return;
      progress.done();
      const auto where = position_text(e.where);
      if (where.empty())
        fmt::print(stderr, "{}: {}\n", e.where.file, e.text());
      else
        fmt::print(stderr, "{}: {}: {}\n", e.where.file, where, e.text());
    });
    opt.errors = &report;
    const auto r = ingest::ingest(*db, *airports, paths_, arguments_, opt);
    progress.done();
    const auto& c = r.counts;
    if (!errors_ && shown > 20)
      fmt::print(stderr, "... {} more errors (all are in the database's errors table, run {})\n",
                 shown - 20, r.run);
    fmt::print(stderr,
               "run {}: {} ({} already ingested, {} failed), {} read ({} skipped), {}, {}; legs "
               "rebuilt for {}: {}, {}{}\n",
               r.run, plural(c.inputs, "input"), c.inputs_skipped, c.inputs_failed,
               plural(c.parts, "archive member"), c.parts_skipped, plural(c.positions, "position"),
               plural(c.errors, "error"), plural(c.aircraft_rebuilt, "aircraft"),
               plural(c.legs, "leg"), plural(c.stops, "unobserved stop"),
               c.fragments ? fmt::format(" ({} dropped: too little seen to be a flight)",
                                         plural(c.fragments, "fragment"))
                           : "");
    if (!r.fatal.empty()) {
      fmt::print(stderr, "skywitness ingest: stopped: {}\n", r.fatal);
      return 1;
    }
    // Report, timeline and the server read these instead of building the
    // fleet's on every run; only aircraft with none for the profile (legs
    // just rebuilt, or another profile) are done.
    const auto it = analysis::refresh_itineraries(*db, *profile, *airports);
    if (it.built > 0 || !quiet_)
      fmt::print(stderr,
                 "itineraries of profile {} stored for {} aircraft ({} of {} already were)\n",
                 profile->name, it.built, it.aircraft - it.built, it.aircraft);
    // Bad parts of an input do not fail it; failed inputs fail the run when
    // there was nothing else, or when --strict asks.
    if (strict_ && c.inputs_failed > 0) return 1;
    return c.inputs > 0 && c.inputs_failed == c.inputs ? 1 : 0;
  }

 private:
  std::string db_, aircraft_file_, clock_epoch_, format_, profile_, arguments_;
  std::vector<std::string> paths_;
  unsigned jobs_ = 0;  // 0: one a core
  bool errors_ = false, quiet_ = false, strict_ = false;
};

}  // namespace

std::unique_ptr<Command> make_ingest_command() {
  return std::make_unique<IngestCommand>();
}

}  // namespace skywitness::cli
