#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/flights/segmenter.hpp"
#include "skywitness/tracks/opensky_csv.hpp"
#include "skywitness/tracks/readsb_trace.hpp"

namespace skywitness::cli {
namespace {

// Legs from readsb trace files, as JSON Lines: a first look at flight
// reconstruction before `ingest` and the store (issue 4) exist. Holds every
// position in memory.
class LegsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("paths", paths_, "readsb trace files or folders of them (searched recursively)")
        ->required();
    app.add_flag("--errors", errors_,
                 "Report every bad trace point with its file and index on stderr");
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
      const bool csv = f.ends_with(".csv") || f.ends_with(".csv.gz");
      csv ? opensky.read_file(f) : reader.read_file(f);
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
    std::size_t legs = 0, stops = 0;
    std::uint64_t rejected = 0;
    for (auto& [icao, track] : tracks) {
      std::stable_sort(track.begin(), track.end(),
                       [](const Position& a, const Position& b) { return a.t < b.t; });
      const auto seg = flights::segment(track, index);
      rejected += seg.rejected;
      for (const auto& l : seg.legs) {
        fmt::print(
            "{{\"icao\":\"{:06x}\",\"callsign\":\"{}\",\"origin\":\"{}\",\"destination\":\"{}\","
            "\"takeoff_time\":\"{}\","
            "\"landing_time\":\"{}\",\"origin_how\":\"{}\",\"destination_how\":\"{}\",\"origin_"
            "evidence\":\"{}\","
            "\"destination_evidence\":\"{}\",\"origin_candidates\":[{}],\"destination_candidates\":"
            "[{}],\"positions\":{}}}\n",
            icao, l.callsign, l.origin.airport, l.destination.airport,
            format_iso8601(l.origin.time), format_iso8601(l.destination.time),
            end_how_name(l.origin.how), end_how_name(l.destination.how),
            end_evidence_name(l.origin.evidence), end_evidence_name(l.destination.evidence),
            quoted(l.origin.candidates), quoted(l.destination.candidates), l.positions);
        ++legs;
      }
      for (const auto& s : seg.stops) {
        fmt::print(
            "{{\"type\":\"unobserved_stop\",\"icao\":\"{:06x}\",\"from_time\":\"{}\",\"to_time\":"
            "\"{}\","
            "\"from\":[{:.5f},{:.5f}],\"to\":[{:.5f},{:.5f}],\"reach_nm\":{:.0f}}}\n",
            icao, format_iso8601(s.from_time), format_iso8601(s.to_time), s.from_lat, s.from_lon,
            s.to_lat, s.to_lon, s.reach_nm);
        ++stops;
      }
    }
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
  static std::string quoted(const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += fmt::format("{}\"{}\"", i ? "," : "", v[i]);
    return out;
  }
  std::vector<std::string> paths_;
  bool errors_ = false;
};

}  // namespace

std::unique_ptr<Command> make_legs_command() {
  return std::make_unique<LegsCommand>();
}

}  // namespace skywitness::cli
