#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/core/coverage.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

// `skywitness status`: what a database holds and, first, which times it has
// data for, with the gaps between them: before anyone reads a zero in a
// report, they see whether the data covered the time.
class StatusCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database written by skywitness ingest")->required();
    app.add_option("--min-gap-days", min_gap_days_,
                   "Gaps in the data shorter than this are not listed")
        ->default_val(1);
  }

  int run() override {
    std::string error;
    auto db = store::Store::open(db_, error, store::Store::Access::kReadOnly);
    if (!db) {
      fmt::print(stderr, "skywitness status: {}\n", error);
      return 1;
    }
    const auto s = db->summary();
    const auto covered = db->coverage();
    fmt::print("{}: skywitness database, schema version {}\n", db_, db->schema_version());
    if (covered.empty()) {
      fmt::print("data: none\n");
    } else {
      const double from = covered.front().from, to = covered.back().to;
      const double days = covered_seconds(covered, from, to) / 86400;
      fmt::print("data: {} to {}, {:.1f} of {:.1f} days covered\n", format_date(from),
                 format_date(to - 1), days, (to - from) / 86400);
      const auto gaps = uncovered(covered, from, to, min_gap_days_ * 86400);
      if (gaps.empty()) {
        fmt::print("gaps: none of {} day{} or more\n", min_gap_days_,
                   min_gap_days_ == 1 ? "" : "s");
      } else {
        fmt::print("gaps ({} of {} day{} or more, no data in them):\n", gaps.size(), min_gap_days_,
                   min_gap_days_ == 1 ? "" : "s");
        for (const auto& g : gaps)
          fmt::print("  {} to {} ({:.1f} days)\n", format_iso8601(g.from).substr(0, 16),
                     format_iso8601(g.to).substr(0, 16), (g.to - g.from) / 86400);
      }
    }
    fmt::print("inputs: {} ({} complete, {} partial, {} failed, {} with errors)\n", s.inputs,
               s.inputs_complete, s.inputs_partial, s.inputs_failed, s.inputs_with_errors);
    for (const auto& p : s.inputs_with_errors_paths)
      fmt::print("  with errors or partial: {}\n", p);
    // What the last run to try each could not read, and why: the next
    // ingest that meets them reads them again.
    for (const auto& f : s.failed_inputs)
      fmt::print("  failed (run {}): {}: {}\n", f.run, f.path, f.reason);
    if (s.inputs_failed > s.failed_inputs.size())
      fmt::print("  ... and {} more failed (the inputs table of the database lists them all)\n",
                 s.inputs_failed - s.failed_inputs.size());
    const auto runs = db->runs();
    std::uint64_t failed = 0;
    for (const auto& r : runs) failed += r.counts.inputs_failed;
    fmt::print("runs: {}, {} failed input{} over them", runs.size(), failed,
               failed == 1 ? "" : "s");
    if (!runs.empty())
      fmt::print("; the last {} ({}, {})", runs.back().id, runs.back().status, runs.back().started);
    fmt::print("\n");
    fmt::print("positions: {}\naircraft: {}\nlegs: {}, unobserved stops: {}\n", s.positions,
               s.aircraft, s.legs, s.stops);
    fmt::print("itineraries stored for {} aircraft\n", s.itinerary_sets);
    fmt::print("imported aircraft records: {}, encounter rows: {}\n", s.aircraft_db_records,
               s.encounter_rows);
    return 0;
  }

 private:
  std::string db_;
  int min_gap_days_ = 1;
};

}  // namespace

std::unique_ptr<Command> make_status_command() {
  return std::make_unique<StatusCommand>();
}

}  // namespace skywitness::cli
