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
#include "skywitness/analysis/itineraries.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/roles/stops.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

using output::iso_seconds;

// `skywitness flights`: legs from the store, filtered, as a table, CSV, JSON
// or GeoJSON (output::LegWriter). Field meanings: docs/store.md. An end that
// was not seen is given its guess (the unobserved stop's candidates, as the
// itineraries of the profile have it), marked as one: "ZYTX?", "CN?".
class FlightsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database written by skywitness ingest")->required();
    app.add_option("--aircraft", aircraft_, "Address (6 hex digits), registration, or callsign");
    app.add_option("--leg", leg_, "Only this leg (its id, as report and evidence give it)")
        ->check(CLI::Validator(
            [](const std::string& s) {
              return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos &&
                             s.size() < 19 && std::stoll(s) > 0
                         ? std::string()
                         : fmt::format(
                               "'{}' is not a leg id (a positive whole number, the "
                               "leg_id of the report, flights or evidence)",
                               s);
            },
            "ID"));
    app.add_option("--from", from_, "Legs landing at or after this UTC date or time (ISO 8601)");
    app.add_option("--to", to_,
                   "Legs taking off before this UTC time; a date alone includes that whole day");
    app.add_option("--airport", airport_, "Legs from or to this airport (ICAO code)");
    app.add_option("--country", country_,
                   "Legs from or to this country (ISO 3166-1 alpha-2, e.g. CN), an end not "
                   "seen included when a candidate for it is there");
    app.add_option("--profile", profile_,
                   "Profile TOML whose stored guesses to use; default "
                   "data/profiles/us-removal.toml");
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
      if (!load_airports()) return 1;
      if (!check_airport("flights", "--airport", airport_, *airports_)) return 2;
    }
    if (!country_.empty() && !check_country("flights", "--country", country_)) return 2;
    q.airport = airport_;
    q.country = country_;
    q.or_unknown_end = !airport_.empty() || !country_.empty();
    if (leg_ > 0) q.id = leg_;
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
    if (leg_ > 0 && legs.empty()) {
      fmt::print(
          stderr, "skywitness flights: no leg {} in {}{}\n", leg_, db_,
          q.icao || q.from || q.to || q.or_unknown_end ? " that the filters let through" : "");
      return 1;
    }
    output::LegWriterOptions options;
    output::parse_leg_format(format_, options.format);
    options.fields = options.format == output::LegFormat::kCsv
                         ? std::span<const output::LegField>(output::leg_fields::kFlightsCsv)
                         : output::leg_fields::kFlights;
    options.table = output::TableLayout::kFlights;
    output::LegWriter w(stdout, std::move(options));
    for (const auto& r : legs) {
      const bool unknown_end = r.leg.origin.airport.empty() || r.leg.destination.airport.empty();
      const Guesses* g = unknown_end ? guesses(*db, r.leg.icao) : nullptr;
      if (unknown_end && !g) return 1;
      const auto* o = g ? g->find(r.id, true) : nullptr;
      const auto* d = g ? g->find(r.id, false) : nullptr;
      if (q.or_unknown_end && !roles::leg_touches(r, o ? o->guess : nullptr, d ? d->guess : nullptr,
                                                  airport_, country_))
        continue;
      output::LegExtras x;
      x.registration = reg(*db, r.leg.icao);
      if (o) {
        x.origin_guess = o->guess->airport;
        x.origin_guess_country = o->country;
        x.origin_guess_json = &o->json;
      }
      if (d) {
        x.destination_guess = d->guess->airport;
        x.destination_guess_country = d->country;
        x.guess = &d->json;
      }
      w.write(r, x);
    }
    w.finish();
    return 0;
  }

 private:
  // A guess of where an unseen end was, as the writer shows it.
  struct EndGuess {
    const roles::StopGuess* guess = nullptr;
    std::string country;  // the guess's, or "unknown" when the evidence does not decide
    nlohmann::ordered_json json;
  };
  // One aircraft's guesses by leg and end.
  struct Guesses {
    analysis::AircraftItineraries itineraries;
    std::map<std::pair<std::int64_t, bool>, EndGuess> ends;  // (leg id, origin?) -> guess

    const EndGuess* find(std::int64_t leg, bool origin) const {
      const auto it = ends.find({leg, origin});
      return it == ends.end() ? nullptr : &it->second;
    }
  };

  // The bundled airports, read once (for --airport and for the guesses);
  // false, with the message printed, when they cannot be.
  bool load_airports() {
    if (airports_) return true;
    std::string error;
    airports_ = geo::Airports::load_bundled(error);
    if (!airports_) fmt::print(stderr, "skywitness flights: {}\n", error);
    return airports_.has_value();
  }

  // The aircraft's guesses, from its itineraries for the profile (stored, or
  // built now); nullptr, with the message printed, when the profile or the
  // airports cannot be read.
  const Guesses* guesses(store::Store& db, std::uint32_t icao) {
    if (auto it = guesses_.find(icao); it != guesses_.end()) return &it->second;
    std::string error;
    if (!profile_loaded_) {
      auto p = profile_.empty() ? roles::load_default_profile(error)
                                : roles::load_profile(profile_, error);
      if (!p) {
        fmt::print(stderr, "skywitness flights: {}\n", error);
        return nullptr;
      }
      if (!load_airports()) return nullptr;
      profile_loaded_ = std::move(*p);
      key_ = analysis::profile_key(*profile_loaded_, *airports_);
    }
    store::LegQuery q;
    q.icao = icao;
    const auto legs = db.legs(q);
    Guesses& g = guesses_[icao];
    g.itineraries =
        analysis::aircraft_itineraries(db, icao, legs, *profile_loaded_, *airports_, key_);
    for (const auto& it : g.itineraries.itineraries)
      for (const auto& r : it.legs) {
        auto add = [&](const roles::StopGuess* s, bool origin) {
          if (!s) return;
          g.ends[{r.leg.id, origin}] = {s, s->country_or_unknown(), report::guess_json(*s)};
        };
        add(r.origin_guess, true);
        add(r.guess, false);
      }
    return &g;
  }

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

  std::string db_, aircraft_, from_, to_, airport_, country_, format_ = "table", profile_;
  std::int64_t leg_ = 0;
  bool stops_ = false;
  std::map<std::uint32_t, std::pair<std::string, std::string>> info_;
  std::optional<roles::Profile> profile_loaded_;
  std::optional<geo::Airports> airports_;
  std::string key_;
  std::map<std::uint32_t, Guesses> guesses_;
};

}  // namespace

std::unique_ptr<Command> make_flights_command() {
  return std::make_unique<FlightsCommand>();
}

}  // namespace skywitness::cli
