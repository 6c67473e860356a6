#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "command.hpp"
#include "skywitness/analysis/analysis.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

using output::iso_seconds;

// `skywitness flights`: legs from the store, filtered, as a table, CSV, JSON
// or GeoJSON (output::LegWriter). Field meanings: docs/store.md.
class FlightsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database written by skywitness ingest")->required();
    app.add_option("--aircraft", aircraft_, "Address (6 hex digits), registration, or callsign");
    app.add_option("--from", from_, "Legs landing at or after this UTC date or time (ISO 8601)");
    app.add_option("--to", to_,
                   "Legs taking off before this UTC time; a date alone includes that whole day");
    app.add_option("--airport", airport_, "Legs from or to this airport (ICAO code)");
    app.add_option("--country", country_,
                   "Legs from or to this country (ISO 3166-1 alpha-2, e.g. CN)");
    app.add_option("--format", format_, "table, csv, json or geojson")
        ->check(CLI::IsMember({"table", "csv", "json", "geojson"}))
        ->default_val("table");
    app.add_flag("--stops", stops_,
                 "List the unobserved stops (long gaps where the aircraft landed unseen) "
                 "instead of legs");
  }

  int run() override {
    std::string error;
    store::LegQuery q;
    if (!check_period("flights", from_, to_, q.from, q.to, true)) return 2;
    if (!airport_.empty()) {
      const auto airports = geo::Airports::load_bundled(error);
      if (!airports) {
        fmt::print(stderr, "skywitness flights: {}\n", error);
        return 1;
      }
      if (!check_airport("flights", "--airport", airport_, *airports)) return 2;
    }
    if (!country_.empty() && !check_country("flights", "--country", country_)) return 2;
    q.airport = airport_;
    q.country = country_;
    q.with_track = format_ == "geojson";
    if (!std::filesystem::exists(db_)) {
      fmt::print(stderr, "skywitness flights: {}: no such database (run skywitness ingest first)\n",
                 db_);
      return 1;
    }
    auto db = store::Store::open(db_, error, store::Store::Access::kReadOnly);
    if (!db) {
      fmt::print(stderr, "skywitness flights: {}\n", error);
      return 1;
    }
    if (!aircraft_.empty()) {
      if (auto found = analysis::find_aircraft(*db, aircraft_)) {
        q.icao = *found;
      } else {
        fmt::print(stderr,
                   "skywitness flights: no aircraft with address, registration or callsign '{}' "
                   "in {}\n",
                   aircraft_, db_);
        return 1;
      }
    }
    if (stops_) return print_stops(*db, q);
    const auto legs = db->legs(q);
    output::LegWriterOptions options;
    output::parse_leg_format(format_, options.format);
    options.fields = options.format == output::LegFormat::kCsv
                         ? std::span<const output::LegField>(output::leg_fields::kFlightsCsv)
                         : output::leg_fields::kFlights;
    output::LegWriter w(stdout, std::move(options));
    for (const auto& r : legs) {
      output::LegExtras x;
      x.registration = reg(*db, r.leg.icao);
      w.write(r, x);
    }
    w.finish();
    return 0;
  }

 private:
  const std::string& reg(store::Store& db, std::uint32_t icao) {
    auto it = info_.find(icao);
    if (it == info_.end()) it = info_.emplace(icao, db.aircraft_info(icao)).first;
    return it->second.first;
  }

  int print_stops(store::Store& db, const store::LegQuery& q) {
    const auto stops = db.stops(q);
    if (format_ == "table") {
      fmt::print("{:<6} {:<20} {:<20} {:>22} {:>22} {:>9}\n", "icao", "last seen (UTC)",
                 "seen again (UTC)", "last position", "next position", "reach NM");
      for (const auto& s : stops)
        fmt::print("{:06x} {:<20} {:<20} {:>22} {:>22} {:>9.0f}\n", s.icao,
                   iso_seconds(s.from_time), iso_seconds(s.to_time),
                   fmt::format("{:.3f},{:.3f}", s.from_lat, s.from_lon),
                   fmt::format("{:.3f},{:.3f}", s.to_lat, s.to_lon), s.reach_nm);
      fmt::print("{}\n", plural(stops.size(), "unobserved stop"));
      return 0;
    }
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& s : stops)
      out.push_back({{"icao", fmt::format("{:06x}", s.icao)},
                     {"registration", reg(db, s.icao)},
                     {"from_time", iso_seconds(s.from_time)},
                     {"to_time", iso_seconds(s.to_time)},
                     {"from", {s.from_lat, s.from_lon}},
                     {"to", {s.to_lat, s.to_lon}},
                     {"reach_nm", std::round(s.reach_nm)}});
    fmt::print("{}\n", out.dump(1));
    return 0;
  }

  std::string db_, aircraft_, from_, to_, airport_, country_, format_ = "table";
  bool stops_ = false;
  std::map<std::uint32_t, std::pair<std::string, std::string>> info_;
};

}  // namespace

std::unique_ptr<Command> make_flights_command() {
  return std::make_unique<FlightsCommand>();
}

}  // namespace skywitness::cli
