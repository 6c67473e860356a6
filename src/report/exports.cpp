// The month's legs of the watched aircraft as GeoJSON and KML, with their
// roles and itineraries, for maps (QGIS, Google Earth, geojson.io), written
// by the one leg writer (output/legs.hpp).
#include <map>
#include <utility>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"
#include "skywitness/report/render.hpp"

namespace skywitness::report {
std::string itinerary_id(const roles::Itinerary& it) {
  return fmt::format("{:06x}-{}", it.icao,
                     format_iso8601(it.legs.front().leg.leg.origin.time).substr(0, 16) + "Z");
}

nlohmann::ordered_json itinerary_json(const roles::Itinerary& it, const AircraftHistory& h) {
  nlohmann::ordered_json legs = nlohmann::ordered_json::array();
  for (const auto& r : it.legs) {
    auto x = role_extras(r);
    const auto guess = r.guess ? guess_json(*r.guess) : nlohmann::ordered_json();
    x.guess = &guess;
    legs.push_back(output::leg_json(r.leg, x, output::leg_fields::kItineraries));
  }
  return {{"icao", fmt::format("{:06x}", it.icao)},
          {"registration", h.who.record.registration},
          {"type", h.who.record.type},
          {"seats", h.seats ? nlohmann::ordered_json(*h.seats) : nlohmann::ordered_json()},
          {"seats_max", h.seats ? nlohmann::ordered_json(h.seats_max.value_or(*h.seats))
                                : nlohmann::ordered_json()},
          {"counted_as", h.counted_as},
          {"counted_because", h.watched_because},
          {"base", it.base},
          {"back_at_base", it.back_at_base},
          {"legs", legs}};
}

std::vector<ExportedLeg> legs_for_export(store::Store& db, const Fleet& fleet,
                                         std::optional<double> from, std::optional<double> to) {
  std::vector<ExportedLeg> out;
  for (const auto& h : fleet.aircraft) {
    if (h.watched_because.empty()) continue;
    store::LegQuery q;
    q.icao = h.icao;
    q.from = from;
    q.to = to;
    q.with_track = true;
    std::map<std::int64_t, std::vector<TrackPoint>> tracks;
    for (auto& l : db.legs(q)) tracks[l.id] = std::move(l.track);
    if (tracks.empty()) continue;
    for (const auto& it : h.itineraries)
      for (const auto& r : it.legs)
        if (auto t = tracks.find(r.leg.id); t != tracks.end())
          out.push_back({&h, &it, &r, std::move(t->second)});
  }
  return out;
}

output::LegExtras role_extras(const roles::RoledLeg& r) {
  output::LegExtras x;
  x.role = roles::role_name(r.role);
  x.country = r.country;
  x.counted = r.counted;
  x.inferred = r.guess != nullptr;
  if (r.origin_guess) x.origin_guess = r.origin_guess->airport;
  if (r.guess) x.destination_guess = r.guess->airport;
  x.reason = r.reason;
  return x;
}

void write_legs(const std::vector<ExportedLeg>& legs, output::LegFormat format,
                const std::string& title, const output::LegWriter::Sink& out) {
  output::LegWriterOptions options;
  options.format = format;
  options.fields = output::leg_fields::kExports;
  options.altitude = false;  // the maps draw on the ground (KML clampToGround)
  options.title = title;
  output::LegWriter w(out, std::move(options));
  for (const auto& e : legs) {
    const auto& r = *e.leg;
    const auto& who = e.aircraft->who.record;
    const auto id = itinerary_id(*e.itinerary);
    const auto folder = fmt::format("{} {} from {}", id, who.registration, e.itinerary->base);
    output::LegExtras x = role_extras(r);
    x.registration = who.registration;
    x.type = who.type;
    x.itinerary = id;
    x.itinerary_name = folder;
    // The leg as ingest stored it, with the track legs_for_export read.
    LegRecord leg;
    leg.id = r.leg.id;
    leg.leg = r.leg.leg;
    leg.origin_country = r.leg.origin_country;
    leg.destination_country = r.leg.destination_country;
    leg.track = e.track;
    w.write(leg, x);
  }
  w.finish();
}

std::string legs_geojson(const std::vector<ExportedLeg>& legs) {
  std::string out;
  write_legs(legs, output::LegFormat::kGeojson, "", [&](std::string_view s) { out += s; });
  return out;
}

std::string legs_kml(const std::vector<ExportedLeg>& legs, const std::string& title) {
  std::string out;
  write_legs(legs, output::LegFormat::kKml, title, [&](std::string_view s) { out += s; });
  return out;
}

}  // namespace skywitness::report
