#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/flights/segmenter.hpp"
#include "skywitness/flights/simplify.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/tracks/opensky_csv.hpp"
#include "skywitness/tracks/readsb_trace.hpp"

namespace skywitness::cli {
namespace {

// Legs straight from readsb trace files or OpenSky CSV, without a database:
// a first look at flight reconstruction. Holds every position in memory.
// JSON Lines by default, as before the store existed; the other formats are
// those of `skywitness flights`, the same text for the same legs.
class LegsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("paths", paths_, "readsb trace files or folders of them (searched recursively)")
        ->required();
    app.add_flag("--errors", errors_,
                 "Report every bad trace point with its file and index on stderr");
    app.add_option(
           "--format", format_,
           "jsonl: a line per leg and per unobserved stop (\"type\":\"unobserved_stop\"), "
           "times to the millisecond; or, as skywitness flights writes them (docs/store.md), "
           "table, csv, json or geojson (tracks within 250 m), legs only")
        ->check(CLI::IsMember({"jsonl", "table", "csv", "json", "geojson"}))
        ->default_val("jsonl");
  }

  int run() override {
    std::map<std::uint32_t, std::vector<Position>> tracks;
    std::uint64_t errors = 0;
    // "FILE: point 3: message", "FILE: line 12: message", "FILE: message".
    FunctionReporter report([&](const Error& e) {
      ++errors;
      if (!errors_) return;
      if (const auto where = position_text(e.where); where.empty())
        fmt::print(stderr, "{}: {}\n", e.where.file, e.message);
      else
        fmt::print(stderr, "{}: {}: {}\n", e.where.file, where, e.message);
    });
    auto keep = [&](const Position& p) { tracks[p.icao].push_back(p); };
    tracks::TraceReader reader(keep, report);
    tracks::OpenskyReader opensky(keep, report);
    // OpenSky state vectors by name (*.csv, *.csv.gz); anything else is a trace file.
    auto read = [&](const std::string& f) {
      if (f.ends_with(".csv") || f.ends_with(".csv.gz")) {
        opensky.read_file(f);
        return;
      }
      reader.read_file(f);
      if (const auto& info = reader.info(); !info.registration.empty())
        registrations_[info.icao] = info.registration;
    };
    for (const auto& path : paths_) {
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec)) {
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::recursive_directory_iterator(path, ec))
          if (e.is_regular_file()) files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) read(f);
      } else {
        read(path);
      }
    }
    std::string error;
    auto airports = geo::Airports::load_bundled(error);
    if (!airports) {
      fmt::print(stderr, "skywitness legs: {}\n", error);
      return 1;
    }
    const geo::AirportIndex index(*airports);
    output::LegWriterOptions options;
    output::parse_leg_format(format_, options.format);
    const bool jsonl = options.format == output::LegFormat::kJsonl;
    const bool geojson = options.format == output::LegFormat::kGeojson;
    if (jsonl) {
      options.fields = output::leg_fields::kLegsJsonl;
      options.exact_times = true;
    } else if (options.format == output::LegFormat::kCsv) {
      options.fields = output::leg_fields::kLegsCsv;
    }
    output::LegWriter out(stdout, std::move(options));
    std::size_t stops = 0;
    std::uint64_t rejected = 0;
    for (auto& [icao, track] : tracks) {
      std::stable_sort(track.begin(), track.end(),
                       [](const Position& a, const Position& b) { return a.t < b.t; });
      const auto seg = flights::segment(track, index);
      rejected += seg.rejected;
      output::LegExtras x;
      if (auto r = registrations_.find(icao); r != registrations_.end()) x.registration = r->second;
      std::vector<Position> scratch;
      for (const auto& l : seg.legs) {
        LegRecord r;
        r.leg = l;
        if (!jsonl) {
          if (const auto* a = airports->find(l.origin.airport)) r.origin_country = a->country;
          if (const auto* a = airports->find(l.destination.airport))
            r.destination_country = a->country;
        }
        // Thinned as ingest stores them (docs/store.md), within 250 m.
        if (geojson) r.track = flights::leg_track(track, seg.rejected_at, l, 250, scratch);
        out.write(r, x);
      }
      // Stops are not legs: in the other formats only the count below has them
      // (`flights --stops` lists them from a database).
      stops += seg.stops.size();
      if (!jsonl) continue;
      for (const auto& s : seg.stops) {
        fmt::print(
            "{{\"type\":\"unobserved_stop\",\"icao\":\"{:06x}\",\"from_time\":\"{}\",\"to_time\":"
            "\"{}\","
            "\"from\":[{:.5f},{:.5f}],\"to\":[{:.5f},{:.5f}],\"reach_nm\":{:.0f}}}\n",
            icao, format_iso8601(s.from_time), format_iso8601(s.to_time), s.from_lat, s.from_lon,
            s.to_lat, s.to_lon, s.reach_nm);
      }
    }
    out.finish();
    const std::size_t legs = out.written();
    const auto& st = reader.stats();
    const auto& os = opensky.stats();
    fmt::print(stderr,
               "{} ({} failed), {} ({} bad, {} out of order); {} ({}, {} stale, {} bad); {} at "
               "impossible speeds dropped: {}, {}\n",
               plural(st.files, "trace file"), st.files_failed, plural(st.points, "point"),
               st.bad_points, st.backwards, plural(os.rows, "OpenSky row"),
               plural(os.positions, "position"), os.stale, os.bad_rows,
               plural(rejected, "position"), plural(legs, "leg"), plural(stops, "unobserved stop"));
    return st.points + os.positions == 0 ? 1 : 0;
  }

 private:
  std::vector<std::string> paths_;
  bool errors_ = false;
  std::string format_ = "jsonl";
  std::map<std::uint32_t, std::string> registrations_;  // trace files' "r"
};

}  // namespace

std::unique_ptr<Command> make_legs_command() {
  return std::make_unique<LegsCommand>();
}

}  // namespace skywitness::cli
