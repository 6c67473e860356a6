#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
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
    auto report = [&](std::string_view file, std::int64_t where, const char* unit,
                      std::string_view message) {
      ++errors;
      if (!errors_) return;
      if (where > 0 || (where == 0 && unit[0] == 'p'))
        fmt::print(stderr, "{}: {} {}: {}\n", file, unit, where, message);
      else
        fmt::print(stderr, "{}: {}\n", file, message);
    };
    auto keep = [&](const Position& p) { tracks[p.icao].push_back(p); };
    tracks::TraceReader reader(
        keep, [&](const tracks::TraceError& e) { report(e.file, e.point, "point", e.message); });
    tracks::OpenskyReader opensky(keep, [&](const tracks::CsvError& e) {
      report(e.file, static_cast<std::int64_t>(e.line), "line", e.message);
    });
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
      options.fields = output::leg_fields::kFlightsCsv;
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
      for (const auto& l : seg.legs) {
        LegRecord r;
        r.leg = l;
        if (!jsonl) {
          if (const auto* a = airports->find(l.origin.airport)) r.origin_country = a->country;
          if (const auto* a = airports->find(l.destination.airport))
            r.destination_country = a->country;
        }
        if (geojson) r.track = leg_track(track, seg.rejected_at, l);
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
    fmt::print(
        stderr,
        "{} trace files ({} failed), {} points ({} bad, {} out of order); {} OpenSky rows "
        "({} positions, {} "
        "stale, {} bad); {} positions at impossible speeds dropped: {} legs, {} unobserved stops\n",
        st.files, st.files_failed, st.points, st.bad_points, st.backwards, os.rows, os.positions,
        os.stale, os.bad_rows, rejected, legs, stops);
    return st.points + os.positions == 0 ? 1 : 0;
  }

 private:
  // The leg's positions thinned as ingest stores them (docs/store.md): from
  // the runway the roll began on to the landing, without the positions the
  // segmenter rejected, within 250 m of the full path.
  static std::vector<TrackPoint> leg_track(const std::vector<Position>& track,
                                           const std::vector<std::size_t>& rejected, const Leg& l) {
    auto by_time = [](const Position& p, double t) { return p.t < t; };
    auto lo = static_cast<std::size_t>(
        std::lower_bound(track.begin(), track.end(), l.origin.time, by_time) - track.begin());
    const auto hi = static_cast<std::size_t>(
        std::lower_bound(track.begin(), track.end(), l.destination.time + 1e-6, by_time) -
        track.begin());
    if (lo > 0 && track[lo - 1].on_ground) --lo;
    std::vector<Position> points;
    auto skip = std::lower_bound(rejected.begin(), rejected.end(), lo);
    for (std::size_t i = lo; i < hi; ++i) {
      if (skip != rejected.end() && *skip == i) {
        ++skip;
        continue;
      }
      points.push_back(track[i]);
    }
    std::vector<TrackPoint> out;
    for (const auto i : flights::simplify(points, 250)) {
      const auto& p = points[i];
      out.push_back({p.t, p.lat, p.lon, (p.has & Position::kAlt) && !p.on_ground ? p.alt_baro : 0,
                     p.on_ground});
    }
    return out;
  }

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
