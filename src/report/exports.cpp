// The month's legs of the watched aircraft as GeoJSON and KML, with their
// roles and itineraries, for maps (QGIS, Google Earth, geojson.io).
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"
#include "skywitness/report/render.hpp"

namespace skywitness::report {
namespace {

std::string iso(double t) {
  return format_iso8601(std::round(t)).substr(0, 19) + "Z";
}

std::string itinerary_id(const ExportedLeg& e) {
  return fmt::format(
      "{:06x}-{}", e.aircraft->icao,
      format_iso8601(e.itinerary->legs.front().leg.leg.origin.time).substr(0, 16) + "Z");
}

std::string end_name(const LegEnd& e, const roles::StopGuess* guess) {
  return !e.airport.empty() ? e.airport : guess ? guess->airport + "?" : "?";
}

}  // namespace

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

std::string legs_geojson(const std::vector<ExportedLeg>& legs) {
  // One feature at a time: a month of every aircraft is large, and one JSON
  // tree of it all would take several times the text's memory.
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (const auto& e : legs) {
    const auto& l = e.leg->leg.leg;
    nlohmann::ordered_json coords = nlohmann::ordered_json::array();
    for (const auto& p : e.track)
      coords.push_back({std::round(p.lon * 1e5) / 1e5, std::round(p.lat * 1e5) / 1e5});
    if (&e != &legs.front()) out += ',';
    out += nlohmann::ordered_json{{"type", "Feature"},
                                  {"geometry",
                                   {{"type", "LineString"}, {"coordinates", std::move(coords)}}},
                                  {"properties",
                                   {{"icao", fmt::format("{:06x}", e.aircraft->icao)},
                                    {"registration", e.aircraft->who.record.registration},
                                    {"type", e.aircraft->who.record.type},
                                    {"callsign", l.callsign},
                                    {"itinerary", itinerary_id(e)},
                                    {"role", roles::role_name(e.leg->role)},
                                    {"country", e.leg->country},
                                    {"counted", e.leg->counted},
                                    {"inferred", e.leg->guess != nullptr},
                                    {"origin", end_name(l.origin, e.leg->origin_guess)},
                                    {"destination", end_name(l.destination, e.leg->guess)},
                                    {"takeoff_time", iso(l.origin.time)},
                                    {"landing_time", iso(l.destination.time)},
                                    {"reason", e.leg->reason},
                                    {"leg_id", e.leg->leg.id}}}}
               .dump();
  }
  return out + "]}\n";
}

std::string legs_kml(const std::vector<ExportedLeg>& legs, const std::string& title) {
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>{}</name>\n"
      "<Style "
      "id=\"removal\"><LineStyle><color>ff2222b2</color><width>3</width></LineStyle></Style>\n"
      "<Style "
      "id=\"other\"><LineStyle><color>ff888888</color><width>2</width></LineStyle></Style>\n",
      xml_escape(title));
  std::string current;
  for (const auto& e : legs) {
    const auto id = itinerary_id(e);
    if (id != current) {
      if (!current.empty()) out += "</Folder>\n";
      current = id;
      out += fmt::format("<Folder>\n<name>{} {} from {}</name>\n", id,
                         xml_escape(e.aircraft->who.record.registration),
                         xml_escape(e.itinerary->base));
    }
    const auto& l = e.leg->leg.leg;
    const bool removal = e.leg->counted;
    out += fmt::format(
        "<Placemark>\n<name>{} {} &gt; {}</name>\n<description>{}</description>\n"
        "<TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>\n<styleUrl>#{}</styleUrl>\n"
        "<LineString><tessellate>1</tessellate><altitudeMode>clampToGround</altitudeMode>"
        "<coordinates>",
        roles::role_name(e.leg->role), xml_escape(end_name(l.origin, e.leg->origin_guess)),
        xml_escape(end_name(l.destination, e.leg->guess)), xml_escape(e.leg->reason),
        iso(l.origin.time), iso(l.destination.time), removal ? "removal" : "other");
    for (const auto& p : e.track) out += fmt::format("{:.5f},{:.5f} ", p.lon, p.lat);
    out += "</coordinates></LineString>\n</Placemark>\n";
  }
  if (!current.empty()) out += "</Folder>\n";
  out += "</Document>\n</kml>\n";
  return out;
}

}  // namespace skywitness::report
