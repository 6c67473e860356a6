#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "arguments.hpp"
#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/roles/itineraries.hpp"

namespace skywitness::cli {
namespace {

std::string minutes(double t) {
  return format_iso8601(t).substr(0, 16) + "Z";
}

// `skywitness itineraries`: each aircraft's legs chained from base to base,
// every leg with its role and the reason for it, and why the aircraft is
// counted (the watchlist's rule and line, the profile's operator or rule);
// with --watchlist only the aircraft it matches.
class ItinerariesCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", in_.db, "SQLite database written by skywitness ingest")->required();
    add_counting_options(app, in_);
    app.add_option("--aircraft", in_.aircraft, "Address (6 hex digits) or registration");
    app.add_option("--from", from_, "Itineraries ending at or after this UTC date or time");
    app.add_option("--to", to_,
                   "Itineraries starting before this UTC time; a date alone includes "
                   "that whole day");
    app.add_option("--format", format_,
                   "table, json, or the legs with their tracks as geojson or kml")
        ->check(CLI::IsMember({"table", "json", "geojson", "kml"}))
        ->default_val("table");
    app.add_flag("-q,--quiet", in_.quiet, "No progress on stderr");
  }

  int run() override {
    std::optional<double> from, to;
    if (!check_period("itineraries", from_, to_, from, to, true)) return 2;
    Analysis a;
    if (const int rc = load_analysis("itineraries", in_, a)) return rc;
    const auto& fleet = a.fleet;
    output::LegFormat format = output::LegFormat::kTable;
    output::parse_leg_format(format_, format);
    const auto to_stdout = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
    if (format == output::LegFormat::kGeojson || format == output::LegFormat::kKml) {
      const auto legs = report::legs_for_export(*a.db, fleet, from, to);
      report::write_legs(legs, format, "skywitness: itineraries from " + in_.db, to_stdout);
      return 0;
    }
    // The table's leg lines; JSON legs are objects inside their itinerary's.
    output::LegWriterOptions options;
    options.table = output::TableLayout::kItinerary;
    output::LegWriter table(to_stdout, std::move(options));
    std::size_t shown = 0;
    const bool only_watched = !in_.watchlist.empty();
    for (const auto& h : fleet.aircraft) {
      if (only_watched && h.watched_because.empty()) continue;
      for (const auto& it : h.itineraries) {
        const double start = it.legs.front().leg.leg.origin.time;
        const double end = it.legs.back().leg.leg.destination.time;
        if ((from && end < *from) || (to && start >= *to)) continue;
        ++shown;
        if (format == output::LegFormat::kJson) {
          // One itinerary at a time, indented as the array's element that it
          // is: the same text as the whole array's dump(1).
          std::string text = output::json_text(report::itinerary_json(it, h), 1);
          for (std::size_t at = 0; (at = text.find('\n', at)) != std::string::npos; at += 2)
            text.insert(at + 1, 1, ' ');
          fmt::print("{} {}", shown == 1 ? "[\n" : ",\n", text);
          continue;
        }
        // Ends not seen have no time: their window, or before / after the sighting.
        const auto& first = it.legs.front().leg.leg.origin;
        const auto& last = it.legs.back().leg.leg.destination;
        fmt::print("{:06x} {} {}{}: from {} {}, {}{}\n", h.icao,
                   h.who.record.registration.empty() ? "?" : h.who.record.registration,
                   h.who.record.type.empty() ? "type unknown" : h.who.record.type,
                   h.seats ? fmt::format(" ({} seats typical, {} at most)", *h.seats,
                                         h.seats_max.value_or(*h.seats))
                           : "",
                   it.base,
                   first.observed() ? minutes(start) : output::unobserved_time_text(first, false),
                   it.back_at_base
                       ? fmt::format("back at base {}",
                                     last.observed() ? minutes(end)
                                                     : output::unobserved_time_text(last, true))
                       : "not seen back at a base",
                   h.watched_because.empty() ? "" : "; counted: " + h.watched_because);
        for (const auto& r : it.legs) table.write(r.leg, report::role_extras(r));
      }
    }
    table.finish();
    if (format == output::LegFormat::kJson)
      fmt::print("{}", shown ? "\n]\n" : "[]\n");
    else
      fmt::print("{} (profile {})\n", plural(shown, "itinerary", "itineraries"), a.profile.name);
    return 0;
  }

 private:
  AnalysisInputs in_;
  std::string from_, to_, format_ = "table";
};

}  // namespace

std::unique_ptr<Command> make_itineraries_command() {
  return std::make_unique<ItinerariesCommand>();
}

}  // namespace skywitness::cli
