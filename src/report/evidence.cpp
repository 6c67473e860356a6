#include "skywitness/report/evidence.hpp"

#include <map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/time.hpp"
#include "skywitness/output/legs.hpp"

namespace skywitness::report {
namespace {

using Json = nlohmann::ordered_json;
using store::SourcedPosition;

std::string iso(double t) {
  return format_iso8601(t);
}

Json position_json(const SourcedPosition& s, bool in_leg) {
  const auto& p = s.position;
  return {{"time", iso(p.t)},
          {"lat", p.lat},
          {"lon", p.lon},
          {"alt_baro", (p.has & Position::kAlt) && !p.on_ground ? Json(p.alt_baro) : Json()},
          {"on_ground", p.on_ground},
          {"gs", (p.has & Position::kGs) ? Json(p.gs) : Json()},
          {"track", (p.has & Position::kTrack) ? Json(p.track) : Json()},
          {"input", s.input},
          {"member", s.part},
          {"in_leg", in_leg}};
}

// An end's time as it is known: the time observed, else its window or the
// sighting it rests on (never a bare time for an end not seen).
std::string end_time_text(const LegEnd& e, bool takeoff) {
  return e.observed() ? iso(e.time) : output::unobserved_time_text(e, !takeoff);
}

}  // namespace

std::string evidence_stem(std::int64_t leg) {
  return fmt::format("evidence/leg-{}", leg);
}

std::optional<LegEvidence> leg_evidence(store::Store& db, std::int64_t id, double around_s) {
  auto leg = db.leg(id);
  if (!leg) return std::nullopt;
  LegEvidence e;
  e.leg = std::move(*leg);
  e.around_s = around_s;
  const auto& l = e.leg.leg;
  std::tie(e.registration, e.type) = db.aircraft_info(l.icao);
  e.positions =
      db.positions_with_source(l.icao, l.origin.time - around_s, l.destination.time + around_s);
  std::map<std::pair<std::string, std::string>, std::size_t> sources;
  e.in_leg.reserve(e.positions.size());
  for (std::size_t i = 0; i < e.positions.size(); ++i) {
    const auto& p = e.positions[i];
    const bool in =
        p.position.t >= l.origin.time - 1e-6 && p.position.t <= l.destination.time + 1e-6;
    e.in_leg.push_back(in);
    if (!in) continue;
    ++e.inside;
    ++sources[{p.input, p.part}];
    if (!e.first) e.first = i;
    e.last = i;
  }
  for (const auto& [k, n] : sources) e.sources.push_back({k.first, k.second, n});
  return e;
}

std::string end_reason(const LegEnd& e, bool takeoff) {
  const char* where = e.airport.empty() ? "an airport" : e.airport.c_str();
  switch (e.evidence) {
    case EndEvidence::kGround:
      return fmt::format("seen on the ground at {}", where);
    case EndEvidence::kLowAltitude:
      return takeoff ? fmt::format("first seen low and climbing near {}", where)
                     : fmt::format("last seen low and descending near {}", where);
    case EndEvidence::kGap:
      if (e.airport.empty())
        return takeoff ? "seen again climbing after a gap in the data, away from any airport it "
                         "was seen at: where it took off is a guess (skywitness flights --leg)"
                       : "lost in the air and seen again after a gap long enough for a stop: "
                         "where it landed is a guess (skywitness flights --leg)";
      return takeoff ? fmt::format(
                           "seen low near {} on either side of a gap in the data: the "
                           "takeoff is inferred inside the gap",
                           where)
                     : fmt::format(
                           "lost low near {} and seen again after a gap in the data: the "
                           "landing is inferred inside the gap",
                           where);
    case EndEvidence::kNone:
      break;
  }
  return takeoff ? "the data start with the aircraft in the air, away from any airport: the "
                   "takeoff was not seen"
                 : "the data end with the aircraft in the air, away from any airport: the "
                   "landing was not seen";
}

std::string evidence_text(const LegEvidence& e, const std::string& db) {
  const auto& l = e.leg.leg;
  std::string out = fmt::format("leg {}: {:06x} {} {}, {} -> {}\n", e.leg.id, l.icao,
                                e.registration.empty() ? "(registration unknown)" : e.registration,
                                l.callsign.empty() ? "no callsign" : "callsign " + l.callsign,
                                l.origin.airport.empty() ? "?" : l.origin.airport,
                                l.destination.airport.empty() ? "?" : l.destination.airport);
  out += fmt::format("  takeoff: {} {}: {}\n", end_how_name(l.origin.how),
                     end_time_text(l.origin, true), end_reason(l.origin, true));
  out += fmt::format("  landing: {} {}: {}\n", end_how_name(l.destination.how),
                     end_time_text(l.destination, false), end_reason(l.destination, false));
  if (e.first) {
    const auto& f = e.positions[*e.first].position;
    const auto& s = e.positions[*e.last].position;
    out += fmt::format(
        "  first sighting {} at {:.5f}, {:.5f}{}; last sighting {} at {:.5f}, {:.5f}{}\n", iso(f.t),
        f.lat, f.lon, f.on_ground ? " on the ground" : "", iso(s.t), s.lat, s.lon,
        s.on_ground ? " on the ground" : "");
  }
  out += fmt::format("  {} positions in the leg, {} more within {:.0f} minutes of it, from:\n",
                     e.inside, e.positions.size() - e.inside, e.around_s / 60);
  for (const auto& s : e.sources)
    out += fmt::format("    {}{}: {} positions\n", s.input,
                       s.member.empty() ? "" : " (member " + s.member + ")", s.positions);
  out += fmt::format(
      "  (skywitness evidence --db {} {} --format csv|json|geojson lists every position)\n", db,
      e.leg.id);
  return out;
}

std::string evidence_csv(const LegEvidence& e) {
  std::string out = "time,lat,lon,alt_baro,on_ground,gs,track,input,member,in_leg\n";
  for (std::size_t i = 0; i < e.positions.size(); ++i) {
    const auto& s = e.positions[i];
    const auto& p = s.position;
    fmt::format_to(std::back_inserter(out), "{},{:.6f},{:.6f},{},{},{},{},{},{},{}\n", iso(p.t),
                   p.lat, p.lon,
                   (p.has & Position::kAlt) && !p.on_ground ? fmt::to_string(p.alt_baro) : "",
                   p.on_ground ? 1 : 0, (p.has & Position::kGs) ? fmt::format("{:.1f}", p.gs) : "",
                   (p.has & Position::kTrack) ? fmt::format("{:.1f}", p.track) : "",
                   output::csv_field(s.input), output::csv_field(s.part), e.in_leg[i] ? 1 : 0);
  }
  return out;
}

nlohmann::ordered_json evidence_summary_json(const LegEvidence& e) {
  const auto& l = e.leg.leg;
  Json j;
  j["leg_id"] = e.leg.id;
  j["icao"] = fmt::format("{:06x}", l.icao);
  j["registration"] = e.registration;
  j["callsign"] = l.callsign;
  // An end's time only when it was observed; else its sighting and window,
  // as the leg writer gives them.
  auto end = [&](const LegEnd& x, const std::string& country, bool takeoff) {
    Json out = {{"airport", x.airport},
                {"country", country},
                {"time", x.observed() ? Json(iso(x.time)) : Json()}};
    if (!x.observed()) {
      out["seen"] = iso(x.sighting());
      out["window"] =
          x.window ? Json::array({iso(x.window->first), iso(x.window->second)}) : Json();
    }
    out["how"] = end_how_name(x.how);
    out["evidence"] = end_evidence_name(x.evidence);
    out["why"] = end_reason(x, takeoff);
    return out;
  };
  j["origin"] = end(l.origin, e.leg.origin_country, true);
  j["destination"] = end(l.destination, e.leg.destination_country, false);
  j["first_seen"] = e.first ? Json(iso(e.positions[*e.first].position.t)) : Json();
  j["last_seen"] = e.last ? Json(iso(e.positions[*e.last].position.t)) : Json();
  Json src = Json::array();
  for (const auto& s : e.sources)
    src.push_back({{"input", s.input}, {"member", s.member}, {"positions", s.positions}});
  j["sources"] = std::move(src);
  return j;
}

std::string evidence_json(const LegEvidence& e) {
  Json j = evidence_summary_json(e);
  Json ps = Json::array();
  for (std::size_t i = 0; i < e.positions.size(); ++i)
    ps.push_back(position_json(e.positions[i], e.in_leg[i]));
  j["positions"] = std::move(ps);
  return output::json_text(j) + "\n";
}

std::string evidence_geojson(const LegEvidence& e) {
  const auto& l = e.leg.leg;
  Json features = Json::array();
  Json line = Json::array();
  for (std::size_t i = 0; i < e.positions.size(); ++i)
    if (e.in_leg[i]) line.push_back({e.positions[i].position.lon, e.positions[i].position.lat});
  features.push_back({{"type", "Feature"},
                      {"geometry", {{"type", "LineString"}, {"coordinates", line}}},
                      {"properties",
                       {{"leg_id", e.leg.id},
                        {"icao", fmt::format("{:06x}", l.icao)},
                        {"origin", l.origin.airport},
                        {"destination", l.destination.airport}}}});
  for (std::size_t i = 0; i < e.positions.size(); ++i) {
    const auto& p = e.positions[i].position;
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {p.lon, p.lat}}}},
                        {"properties", position_json(e.positions[i], e.in_leg[i])}});
  }
  return output::json_text({{"type", "FeatureCollection"}, {"features", features}}) + "\n";
}

}  // namespace skywitness::report
