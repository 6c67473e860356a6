#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

std::string iso_seconds(double t) {
  return format_iso8601(std::round(t)).substr(0, 19) + "Z";
}

std::string joined(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// CSV field, quoted when it needs to be (RFC 4180).
std::string csv(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// `skywitness flights`: legs from the store, filtered, as a table, CSV, JSON
// or GeoJSON. Field meanings: docs/store.md.
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
    if (!from_.empty() && !time_arg("--from", from_, false, q.from)) return 2;
    if (!to_.empty() && !time_arg("--to", to_, true, q.to)) return 2;
    for (auto& c : airport_) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (auto& c : country_) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    q.airport = airport_;
    q.country = country_;
    q.with_track = format_ == "geojson";
    if (!std::filesystem::exists(db_)) {
      fmt::print(stderr, "skywitness flights: {}: no such database (run skywitness ingest first)\n",
                 db_);
      return 1;
    }
    auto db = store::Store::open(db_, error);
    if (!db) {
      fmt::print(stderr, "skywitness flights: {}\n", error);
      return 1;
    }
    if (!aircraft_.empty()) {
      std::uint32_t a = 0;
      const auto* b = aircraft_.data();
      if (aircraft_.size() == 6 && std::from_chars(b, b + 6, a, 16).ptr == b + 6) {
        q.icao = a;
      } else if (auto found = db->find_aircraft(aircraft_)) {
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
    if (format_ == "table") {
      table(*db, legs);
    } else if (format_ == "csv") {
      fmt::print(
          "icao,registration,callsign,origin,origin_country,origin_how,origin_evidence,"
          "origin_candidates,takeoff_time,destination,destination_country,destination_how,"
          "destination_evidence,destination_candidates,landing_time,positions\n");
      for (const auto& r : legs) {
        const auto& l = r.leg;
        fmt::print("{:06x},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", l.icao,
                   csv(reg(*db, l.icao)), csv(l.callsign), l.origin.airport, r.origin_country,
                   end_how_name(l.origin.how), end_evidence_name(l.origin.evidence),
                   joined(l.origin.candidates, ' '), iso_seconds(l.origin.time),
                   l.destination.airport, r.destination_country, end_how_name(l.destination.how),
                   end_evidence_name(l.destination.evidence), joined(l.destination.candidates, ' '),
                   iso_seconds(l.destination.time), l.positions);
      }
    } else if (format_ == "json") {
      fmt::print("[");
      for (std::size_t i = 0; i < legs.size(); ++i)
        fmt::print("{}\n{}", i ? "," : "", record(*db, legs[i]).dump());
      fmt::print("\n]\n");
    } else {
      nlohmann::ordered_json fc = {{"type", "FeatureCollection"},
                                   {"features", nlohmann::ordered_json::array()}};
      for (const auto& r : legs) {
        nlohmann::ordered_json coords = nlohmann::ordered_json::array();
        for (const auto& p : r.track)
          coords.push_back({std::round(p.lon * 1e5) / 1e5, std::round(p.lat * 1e5) / 1e5,
                            std::round(p.alt * 0.3048)});
        fc["features"].push_back({{"type", "Feature"},
                                  {"geometry", {{"type", "LineString"}, {"coordinates", coords}}},
                                  {"properties", record(*db, r)}});
      }
      fmt::print("{}\n", fc.dump());
    }
    return 0;
  }

 private:
  bool time_arg(const char* name, const std::string& text, bool end, std::optional<double>& out) {
    auto t = parse_iso8601(text);
    if (!t) {
      fmt::print(stderr,
                 "skywitness flights: {} '{}' is not a date (2024-03-30) or UTC time "
                 "(2024-03-30T08:00:00Z)\n",
                 name, text);
      return false;
    }
    out = *t + (end && text.size() == 10 ? 86400.0 : 0.0);
    return true;
  }

  const std::string& reg(store::Store& db, std::uint32_t icao) {
    auto it = info_.find(icao);
    if (it == info_.end()) it = info_.emplace(icao, db.aircraft_info(icao)).first;
    return it->second.first;
  }

  nlohmann::ordered_json record(store::Store& db, const LegRecord& r) {
    const auto& l = r.leg;
    const auto& o = l.origin;
    const auto& d = l.destination;
    return {{"icao", fmt::format("{:06x}", l.icao)},
            {"registration", reg(db, l.icao)},
            {"callsign", l.callsign},
            {"origin", o.airport},
            {"destination", d.airport},
            {"takeoff_time", iso_seconds(o.time)},
            {"landing_time", iso_seconds(d.time)},
            {"origin_how", end_how_name(o.how)},
            {"destination_how", end_how_name(d.how)},
            {"origin_evidence", end_evidence_name(o.evidence)},
            {"destination_evidence", end_evidence_name(d.evidence)},
            {"origin_country", r.origin_country},
            {"destination_country", r.destination_country},
            {"origin_candidates", o.candidates},
            {"destination_candidates", d.candidates},
            {"positions", l.positions}};
  }

  void table(store::Store& db, const std::vector<LegRecord>& legs) {
    fmt::print("{:<6} {:<8} {:<8} {:<7} {:<20} {:<7} {:<20} {:<19} {:>9}\n", "icao", "reg",
               "callsign", "from", "takeoff (UTC)", "to", "landing (UTC)", "how (from/to)",
               "positions");
    auto code = [](const LegEnd& e) {
      if (e.airport.empty()) return std::string("?");
      return e.candidates.empty() ? e.airport : e.airport + "*";
    };
    bool candidates = false;
    for (const auto& r : legs) {
      const auto& l = r.leg;
      candidates |= !l.origin.candidates.empty() || !l.destination.candidates.empty();
      fmt::print("{:06x} {:<8} {:<8} {:<7} {:<20} {:<7} {:<20} {:<19} {:>9}\n", l.icao,
                 reg(db, l.icao), l.callsign, code(l.origin), iso_seconds(l.origin.time),
                 code(l.destination), iso_seconds(l.destination.time),
                 fmt::format("{}/{}", end_how_name(l.origin.how), end_how_name(l.destination.how)),
                 l.positions);
    }
    fmt::print("{} legs\n", legs.size());
    if (candidates)
      fmt::print("* more than one airport fits this end; --format json lists the candidates\n");
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
      fmt::print("{} unobserved stops\n", stops.size());
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
