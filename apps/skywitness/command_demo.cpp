#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "skywitness/analysis/fleet.hpp"
#include "skywitness/analysis/itineraries.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/registry/airlines.hpp"
#include "skywitness/report/monthly.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/roles/profile.hpp"
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
    app.add_flag("-q,--quiet", quiet_, "No progress lines, only what each stage found");
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
    if (!quiet_) opt.progress = [](const std::string& m) { fmt::print("   {}\n", m); };
    sim::SimSummary sum;
    sim::Plan plan;
    if (!sim::simulate(*scenario, *airports, opt, sum, error, &plan)) {
      fmt::print(stderr, "skywitness demo: {}\n", error);
      return 1;
    }
    fmt::print("   {} of {} in {}, and {}\n", plural(sum.legs - sum.background_legs, "leg"),
               plural(sum.aircraft, "watched aircraft"),
               plural(sum.itineraries, "itinerary", "itineraries"),
               plural(sum.background_legs, "background flight"));
    fmt::print(
        "   raw frames {} ({} corrupted on purpose) -> {}/frames.avr, frames.beast, messages.sbs\n",
        sum.frames, sum.frames_corrupted, out_);
    fmt::print("   readsb traces {} -> {}/traces/YYYY/MM/DD/traces/\n",
               plural(sum.trace_files, "file"), out_);
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
    // As decode says it: an input that cannot be read; bad frames are only counted.
    FunctionReporter input_errors([](const Error& e) {
      if (e.code == framing::fault_name(framing::Fault::kInputError))
        fmt::print(stderr, "skywitness: {}{}{}\n", to_string(e.where), e.message,
                   e.kind == ErrorKind::kFormat ? "; use --format" : "");
    });
    pipeline::DecodeConfig decode;
    decode.errors = &input_errors;
    pipeline::DecodePipeline job(decode, nullptr);
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
    if (!quiet_) iopt.progress = [](const std::string& m) { fmt::print("   {}\n", m); };
    const auto r =
        ingest::ingest(*db, *airports, {out_ + "/traces", out_ + "/opensky"}, "demo", iopt);
    if (!r.fatal.empty()) {
      fmt::print(stderr, "skywitness demo: {}\n", r.fatal);
      return 1;
    }
    fmt::print("   {}, {}, {}: {} and {} of {}\n", plural(r.counts.inputs, "input"),
               plural(r.counts.positions, "position"), plural(r.counts.errors, "error"),
               plural(r.counts.legs, "leg"), plural(r.counts.stops, "unobserved stop"),
               plural(r.counts.aircraft_rebuilt, "aircraft"));
    std::vector<Leg> found;
    for (auto& rec : db->legs({})) found.push_back(std::move(rec.leg));
    const auto acc = sim::evaluate_legs(found, plan);
    fmt::print(
        "   against the ground truth: {} of {} true legs found, {} of {} legs found are "
        "true (recall {:.4f}, precision {:.4f}); {} of {} observed airports right\n",
        acc.matched, acc.truth, acc.matched, acc.found, acc.recall(), acc.precision(),
        acc.ends_right, acc.ends);
    fmt::print("   matched on their times: every observed takeoff and landing within {:.0f} s\n",
               acc.worst_observed_error_s());
    store::LegQuery q;
    q.icao = kStoryAircraft;
    q.from = parse_iso8601("2024-03-29");
    fmt::print("   the story's Gulfstream from 29 March 2024:\n");
    for (const auto& rec : db->legs(q)) {
      const auto& l = rec.leg;
      // An end not seen has no time: its window, or after / before the sighting.
      const auto when = [](const LegEnd& e, bool landing) {
        return e.observed() ? format_iso8601(e.time).substr(0, 16)
                            : output::unobserved_time_text(e, landing);
      };
      fmt::print("   {:06x} {} {:>4} -> {:<4} ({}) took off {} landed {} ({}/{})\n", l.icao,
                 l.callsign, l.origin.airport.empty() ? "?" : l.origin.airport,
                 l.destination.airport.empty() ? "?" : l.destination.airport,
                 rec.destination_country, when(l.origin, false), when(l.destination, true),
                 end_how_name(l.origin.how), end_how_name(l.destination.how));
    }
    fmt::print(
        "   (skywitness flights --db {} [--aircraft N807SK] [--country CN] "
        "[--format json|csv|geojson] for the rest)\n",
        db_path);
    return report(*db, *scenario, plan, *airports);
  }

  // Steps 4 and 5: the March 2024 report and China's timeline, with the
  // report's counts set beside the ground truth's.
  int report(store::Store& db, const sim::Scenario& scenario, const sim::Plan& plan,
             const geo::Airports& airports) {
    std::string error;
    auto profile = roles::load_default_profile(error);
    auto seats = profile ? registry::SeatTable::load_bundled(error) : std::nullopt;
    auto names = seats ? geo::CountryNames::load_bundled(error) : std::nullopt;
    if (!names) {
      fmt::print(stderr, "skywitness demo: {}\n", error);
      return 1;
    }
    // The watchlist a monitor would keep: the charter airline by its callsign
    // prefix, the other tails by registration, the Gulfstream by address.
    std::string list = "# The watched aircraft of the demo scenario (docs/watchlists.md)\n";
    std::set<std::string> prefixes;
    for (const auto& a : scenario.aircraft) {
      if (a.callsign == "GXA") {
        if (prefixes.insert(a.callsign).second)
          list += fmt::format("callsign {:<12} # {}\n", a.callsign, a.operator_name);
      } else if (a.callsign.empty()) {
        list += fmt::format("address {:06x}       # {} {}, no callsign\n", a.icao, a.registration,
                            a.type);
      } else {
        list += fmt::format("registration {:<8} # {}\n", a.registration, a.operator_name);
      }
    }
    const std::string list_path = out_ + "/watchlist.txt";
    std::ofstream(list_path) << list;
    CountingReporter errors;  // the list is written above, from the database: no bad lines
    const auto watched = watchlist::Watchlist::parse(list, errors, list_path);

    const std::string month = "2024-03";
    fmt::print("\n== 4. The report for March 2024 (watchlist {})\n", list_path);
    // Stored as ingest stores them, so that report and timeline read them.
    const auto kept = analysis::refresh_itineraries(db, *profile, airports);
    analysis::FleetSources sources;
    const auto fleet =
        analysis::load_fleet(db, *profile, airports, *seats, &watched, {}, {}, false, &sources);
    fmt::print("   itineraries and leg roles of {} aircraft stored (profile {}); {} read back\n",
               kept.built, profile->name, sources.stored);
    const auto removals = report::counted_removals(fleet);
    report::ReportOptions opt;
    opt.month = month;
    opt.profile_name = profile->name;
    opt.watchlist_name = list_path;
    opt.db = db.path();
    opt.airports = &airports;
    const auto airlines = registry::Airlines::load_bundled(error);
    if (!airlines) {
      fmt::print(stderr, "skywitness demo: {}\n", error);
      return 1;
    }
    opt.airlines = &*airlines;
    const auto r = report::build_report(fleet, removals, *profile, *names, {}, opt);
    const auto timelines = report::report_timelines(r, removals, fleet, db);
    const std::string dir = out_ + "/report-" + month;
    std::vector<std::string> written;
    if (!report::write_report(dir, r, timelines, *names, db, fleet, {"md", "html", "csv", "json"},
                              written, error)) {
      fmt::print(stderr, "skywitness demo: {}\n", error);
      return 1;
    }
    std::istringstream summary(report::report_summary(r));
    for (std::string line; std::getline(summary, line);) fmt::print("   {}\n", line);
    // The truth: the removals the scenario names, landing in March. A
    // scenario that names none has no truth to hold the report to.
    std::map<std::string, int> truth, found;
    if (const auto removals_true = sim::true_removals(plan, error)) {
      for (const auto& t : *removals_true)
        if (report::month_of(plan.legs[t.leg].landing) == month) ++truth[t.country];
      for (const auto& row : r.by_country)
        if (row.month.legs) found[row.key] = row.month.legs;
      fmt::print("   against the ground truth: {}\n",
                 found == truth ? "every country's count is right"
                                : fmt::format("the truth says {}", fmt::join(truth, ", ")));
    } else {
      fmt::print("   no ground truth for the counts: {}\n", error);
    }
    fmt::print(
        "   {}/report.html (open it in a browser), report.md, report.json, report.csv,\n"
        "   removal-legs.csv, legs.geojson and legs.kml; evidence/ holds each removal leg's\n"
        "   positions, which its id in the report links to (or: skywitness evidence --db {} ID)\n",
        dir, db.path());

    fmt::print("\n== 5. When did China start accepting flights again?\n");
    auto china = report::build_timeline(removals, "CN", fleet.coverage);
    china.scope = r.scope;
    china.data_first = r.data_first;
    china.data_last = r.data_last;
    for (const auto& e : china.events) fmt::print("   {}\n", e.text);
    const std::string page = out_ + "/timeline-CN.html";
    std::ofstream(page) << report::to_html(report::timeline_document(china, *names),
                                           "skywitness: removal flights to China");
    fmt::print("   the page: {} (skywitness timeline --db {}/skywitness.db --country CN)\n", page,
               out_);
    fmt::print(
        "\n== 6. The dashboard: the month, China and the Gulfstream on a map\n"
        "   skywitness serve --db {}/skywitness.db\n"
        "   then open http://127.0.0.1:8080/ (Ctrl-C stops it; the database is read-only)\n",
        out_);
    return 0;
  }

 private:
  std::string out_, scenario_;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_demo_command() {
  return std::make_unique<DemoCommand>();
}

}  // namespace skywitness::cli
