#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/roles/itineraries.hpp"

namespace skywitness::cli {
namespace {

std::string minutes(double t) {
  return format_iso8601(t).substr(0, 16) + "Z";
}

// `skywitness itineraries`: each aircraft's legs chained from base to base,
// every leg with its role and the reason for it.
class ItinerariesCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", in_.db, "SQLite database written by skywitness ingest")->required();
    app.add_option("--profile", in_.profile,
                   "Profile TOML (hubs, border airports, technical stops, thresholds); default "
                   "data/profiles/us-removal.toml");
    app.add_option("--aircraft", in_.aircraft, "Address (6 hex digits) or registration");
    app.add_option("--from", from_, "Itineraries ending at or after this UTC date or time");
    app.add_option("--to", to_,
                   "Itineraries starting before this UTC time; a date alone includes "
                   "that whole day");
    app.add_option("--format", format_,
                   "table, json, or the legs with their tracks as geojson or kml")
        ->check(CLI::IsMember({"table", "json", "geojson", "kml"}))
        ->default_val("table");
    app.add_flag("--quiet", in_.quiet, "No progress on stderr");
  }

  int run() override {
    std::optional<double> from, to;
    if (!from_.empty() && !(from = parse_iso8601(from_))) return bad_time("--from", from_);
    if (!to_.empty()) {
      if (!(to = parse_iso8601(to_))) return bad_time("--to", to_);
      if (to_.size() == 10) *to += 86400;
    }
    Analysis a;
    if (const int rc = load_analysis("itineraries", in_, a)) return rc;
    const auto& fleet = a.fleet;
    if (format_ == "geojson" || format_ == "kml") {
      const auto legs = report::legs_for_export(*a.db, fleet, from, to);
      fmt::print("{}", format_ == "geojson"
                           ? report::legs_geojson(legs)
                           : report::legs_kml(legs, "skywitness: itineraries from " + in_.db));
      return 0;
    }
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    std::size_t shown = 0;
    for (const auto& h : fleet.aircraft) {
      for (const auto& it : h.itineraries) {
        const double start = it.legs.front().leg.leg.origin.time;
        const double end = it.legs.back().leg.leg.destination.time;
        if ((from && end < *from) || (to && start >= *to)) continue;
        ++shown;
        if (format_ == "json") {
          out.push_back(json(it, h));
          continue;
        }
        fmt::print("{:06x} {} {}{}: from {} {}, {}\n", h.icao,
                   h.who.record.registration.empty() ? "?" : h.who.record.registration,
                   h.who.record.type.empty() ? "type unknown" : h.who.record.type,
                   h.seats ? fmt::format(" ({} seats at most)", *h.seats) : "", it.base,
                   minutes(start),
                   it.back_at_base ? fmt::format("back at base {}", minutes(end))
                                   : "not seen back at a base");
        for (const auto& r : it.legs) {
          const auto& l = r.leg.leg;
          fmt::print("  {} {:>4} -> {:<4} {:<17} {}\n", minutes(l.origin.time),
                     !l.origin.airport.empty() ? l.origin.airport
                     : r.origin_guess          ? r.origin_guess->airport + "?"
                                               : "?",
                     !l.destination.airport.empty() ? l.destination.airport
                     : r.guess                      ? r.guess->airport + "?"
                                                    : "?",
                     roles::role_name(r.role), r.reason);
        }
      }
    }
    if (format_ == "json")
      fmt::print("{}\n", out.dump(1));
    else
      fmt::print("{} itineraries (profile {})\n", shown, a.profile.name);
    return 0;
  }

 private:
  int bad_time(const char* name, const std::string& text) {
    fmt::print(stderr, "skywitness itineraries: {} '{}' is not a date or UTC time\n", name, text);
    return 2;
  }

  static nlohmann::ordered_json json(const roles::Itinerary& it, const report::AircraftHistory& h) {
    nlohmann::ordered_json legs = nlohmann::ordered_json::array();
    for (const auto& r : it.legs) {
      const auto& l = r.leg.leg;
      legs.push_back(
          {{"origin", l.origin.airport},
           {"destination", l.destination.airport},
           {"takeoff_time", format_iso8601(std::round(l.origin.time)).substr(0, 19) + "Z"},
           {"landing_time", format_iso8601(std::round(l.destination.time)).substr(0, 19) + "Z"},
           {"origin_how", end_how_name(l.origin.how)},
           {"destination_how", end_how_name(l.destination.how)},
           {"role", roles::role_name(r.role)},
           {"country", r.country},
           {"inferred", r.guess != nullptr},
           {"likely_destination", r.guess ? r.guess->airport : ""},
           {"guess", r.guess ? report::guess_json(*r.guess) : nlohmann::ordered_json()},
           {"counted", r.counted},
           {"reason", r.reason}});
    }
    return {{"icao", fmt::format("{:06x}", it.icao)},
            {"registration", h.who.record.registration},
            {"type", h.who.record.type},
            {"seats", h.seats ? nlohmann::ordered_json(*h.seats) : nlohmann::ordered_json()},
            {"base", it.base},
            {"back_at_base", it.back_at_base},
            {"legs", legs}};
  }

  AnalysisInputs in_;
  std::string from_, to_, format_ = "table";
};

}  // namespace

std::unique_ptr<Command> make_itineraries_command() {
  return std::make_unique<ItinerariesCommand>();
}

}  // namespace skywitness::cli
