#include <cstdio>
#include <map>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

using Json = nlohmann::ordered_json;
using store::SourcedPosition;

std::string iso(double t) {
  return format_iso8601(t);
}

// Why an end is known the way it is, in words a reader can check against
// the positions listed.
std::string end_reason(const LegEnd& e, bool takeoff) {
  const char* where = e.airport.empty() ? "an airport" : e.airport.c_str();
  switch (e.evidence) {
    case EndEvidence::kGround:
      return fmt::format("seen on the ground at {}", where);
    case EndEvidence::kLowAltitude:
      return takeoff ? fmt::format("first seen low and climbing near {}", where)
                     : fmt::format("last seen low and descending near {}", where);
    case EndEvidence::kGap:
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

// `skywitness evidence`: the positions behind one leg, each with the input it
// came from, so that every number of a report opens onto what was recorded.
class EvidenceCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database written by skywitness ingest")->required();
    app.add_option("leg", id_, "Leg id (the leg_id of report.json, removal-legs.csv, flights)")
        ->required();
    app.add_option("--format", format_, "text (summary and sources), csv, json or geojson")
        ->check(CLI::IsMember({"text", "csv", "json", "geojson"}))
        ->default_val("text");
    app.add_option("--around", around_min_,
                   "Minutes of positions before the takeoff and after the landing to list too")
        ->check(CLI::Range(0, 24 * 60))
        ->default_val(30);
  }

  int run() override {
    std::string error;
    auto db = store::Store::open(db_, error, store::Store::Access::kReadOnly);
    if (!db) {
      fmt::print(stderr, "skywitness evidence: {}\n", error);
      return 1;
    }
    const auto leg = db->leg(id_);
    if (!leg) {
      fmt::print(stderr, "skywitness evidence: no leg {} in {}\n", id_, db_);
      return 1;
    }
    const auto& l = leg->leg;
    const double margin = around_min_ * 60.0;
    const auto positions =
        db->positions_with_source(l.icao, l.origin.time - margin, l.destination.time + margin);
    auto in_leg = [&](const Position& p) {
      return p.t >= l.origin.time - 1e-6 && p.t <= l.destination.time + 1e-6;
    };
    const auto [registration, type] = db->aircraft_info(l.icao);
    if (format_ == "csv") return csv(positions, in_leg);
    if (format_ == "geojson") return geojson(*leg, positions, in_leg);
    std::map<std::pair<std::string, std::string>, std::size_t> sources;
    const SourcedPosition* first = nullptr;
    const SourcedPosition* last = nullptr;
    std::size_t inside = 0;
    for (const auto& p : positions) {
      if (!in_leg(p.position)) continue;
      ++inside;
      ++sources[{p.input, p.part}];
      if (!first) first = &p;
      last = &p;
    }
    if (format_ == "json") {
      Json j;
      j["leg_id"] = leg->id;
      j["icao"] = fmt::format("{:06x}", l.icao);
      j["registration"] = registration;
      j["callsign"] = l.callsign;
      auto end = [&](const LegEnd& e, const std::string& country, bool takeoff) {
        return Json{{"airport", e.airport},
                    {"country", country},
                    {"time", iso(e.time)},
                    {"how", end_how_name(e.how)},
                    {"evidence", end_evidence_name(e.evidence)},
                    {"why", end_reason(e, takeoff)}};
      };
      j["origin"] = end(l.origin, leg->origin_country, true);
      j["destination"] = end(l.destination, leg->destination_country, false);
      j["first_seen"] = first ? Json(iso(first->position.t)) : Json();
      j["last_seen"] = last ? Json(iso(last->position.t)) : Json();
      Json src = Json::array();
      for (const auto& [k, n] : sources)
        src.push_back({{"input", k.first}, {"member", k.second}, {"positions", n}});
      j["sources"] = std::move(src);
      Json ps = Json::array();
      for (const auto& p : positions) ps.push_back(position_json(p, in_leg(p.position)));
      j["positions"] = std::move(ps);
      fmt::print("{}\n", j.dump());
      return 0;
    }
    fmt::print("leg {}: {:06x} {} {}, {} -> {}\n", leg->id, l.icao,
               registration.empty() ? "(registration unknown)" : registration,
               l.callsign.empty() ? "no callsign" : "callsign " + l.callsign,
               l.origin.airport.empty() ? "?" : l.origin.airport,
               l.destination.airport.empty() ? "?" : l.destination.airport);
    fmt::print("  takeoff: {} {}: {}\n", end_how_name(l.origin.how), iso(l.origin.time),
               end_reason(l.origin, true));
    fmt::print("  landing: {} {}: {}\n", end_how_name(l.destination.how), iso(l.destination.time),
               end_reason(l.destination, false));
    if (first)
      fmt::print("  first sighting {} at {:.5f}, {:.5f}{}; last sighting {} at {:.5f}, {:.5f}{}\n",
                 iso(first->position.t), first->position.lat, first->position.lon,
                 first->position.on_ground ? " on the ground" : "", iso(last->position.t),
                 last->position.lat, last->position.lon,
                 last->position.on_ground ? " on the ground" : "");
    fmt::print("  {} positions in the leg, {} more within {} minutes of it, from:\n", inside,
               positions.size() - inside, around_min_);
    for (const auto& [k, n] : sources)
      fmt::print("    {}{}: {} positions\n", k.first,
                 k.second.empty() ? "" : " (member " + k.second + ")", n);
    fmt::print(
        "  (skywitness evidence --db {} {} --format csv|json|geojson lists every position)\n", db_,
        leg->id);
    return 0;
  }

 private:
  static Json position_json(const SourcedPosition& s, bool in_leg) {
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

  template <typename InLeg>
  int csv(const std::vector<SourcedPosition>& positions, InLeg in_leg) {
    fmt::print("time,lat,lon,alt_baro,on_ground,gs,track,input,member,in_leg\n");
    for (const auto& s : positions) {
      const auto& p = s.position;
      fmt::print("{},{:.6f},{:.6f},{},{},{},{},{},{},{}\n", iso(p.t), p.lat, p.lon,
                 (p.has & Position::kAlt) && !p.on_ground ? fmt::to_string(p.alt_baro) : "",
                 p.on_ground ? 1 : 0, (p.has & Position::kGs) ? fmt::format("{:.1f}", p.gs) : "",
                 (p.has & Position::kTrack) ? fmt::format("{:.1f}", p.track) : "",
                 output::csv_field(s.input), output::csv_field(s.part), in_leg(p) ? 1 : 0);
    }
    return 0;
  }

  template <typename InLeg>
  int geojson(const LegRecord& leg, const std::vector<SourcedPosition>& positions, InLeg in_leg) {
    Json features = Json::array();
    Json line = Json::array();
    for (const auto& s : positions)
      if (in_leg(s.position)) line.push_back({s.position.lon, s.position.lat});
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "LineString"}, {"coordinates", line}}},
                        {"properties",
                         {{"leg_id", leg.id},
                          {"icao", fmt::format("{:06x}", leg.leg.icao)},
                          {"origin", leg.leg.origin.airport},
                          {"destination", leg.leg.destination.airport}}}});
    for (const auto& s : positions)
      features.push_back(
          {{"type", "Feature"},
           {"geometry", {{"type", "Point"}, {"coordinates", {s.position.lon, s.position.lat}}}},
           {"properties", position_json(s, in_leg(s.position))}});
    fmt::print("{}\n", Json{{"type", "FeatureCollection"}, {"features", features}}.dump());
    return 0;
  }

  std::string db_, format_ = "text";
  std::int64_t id_ = 0;
  int around_min_ = 30;
};

}  // namespace

std::unique_ptr<Command> make_evidence_command() {
  return std::make_unique<EvidenceCommand>();
}

}  // namespace skywitness::cli
