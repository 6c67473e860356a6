#include "skywitness/output/legs.hpp"

#include "skywitness/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "skywitness/core/text.hpp"
#include "skywitness/core/time.hpp"

namespace skywitness::output {
namespace {

using Json = nlohmann::ordered_json;

std::string time_text(double t, bool exact) {
  return exact ? format_iso8601(t) : iso_seconds(t);
}

// An end's window, its seconds rounded outwards: the text holds all of it.
Json window_json(const LegEnd& e, bool exact) {
  if (!e.window) return Json();
  const auto [from, to] = *e.window;
  return exact ? Json::array({format_iso8601(from), format_iso8601(to)})
               : Json::array({iso_seconds(std::floor(from)), iso_seconds(std::ceil(to))});
}

// Whether a field belongs in the record: those of an unobserved end are
// left out for an observed one, which keeps observed legs' records as they
// were before the fields came.
bool applies(LegField f, const Leg& l) {
  switch (f) {
    case LegField::kFirstSeen:
    case LegField::kTakeoffWindow:
      return !l.origin.observed();
    case LegField::kLastSeen:
    case LegField::kLandingWindow:
      return !l.destination.observed();
    case LegField::kLikelyOrigin:
    case LegField::kLikelyOriginCountry:
    case LegField::kOriginGuess:
      return l.origin.airport.empty();
    case LegField::kLikelyDestinationIfUnseen:
    case LegField::kLikelyDestinationCountry:
    case LegField::kDestinationGuess:
      return l.destination.airport.empty();
    default:
      return true;
  }
}

// The airport of an end, else its guess marked with "?", else "?": how the
// exports and the itineraries table name an end that was not seen.
std::string shown(const LegEnd& e, std::string_view guess) {
  if (!e.airport.empty()) return e.airport;
  return std::string(guess) + "?";
}

Json field_json(LegField f, const LegRecord& r, const LegExtras& x, bool exact) {
  const auto& l = r.leg;
  const auto& o = l.origin;
  const auto& d = l.destination;
  switch (f) {
    case LegField::kIcao:
      return fmt::format("{:06x}", l.icao);
    case LegField::kRegistration:
      return x.registration;
    case LegField::kType:
      return x.type;
    case LegField::kCallsign:
      return l.callsign;
    case LegField::kItinerary:
      return x.itinerary;
    case LegField::kRole:
      return x.role;
    case LegField::kCountry:
      return x.country;
    case LegField::kCounted:
      return x.counted;
    case LegField::kInferred:
      return x.inferred;
    case LegField::kOrigin:
      return o.airport;
    case LegField::kDestination:
      return d.airport;
    case LegField::kOriginShown:
      return shown(o, x.origin_guess);
    case LegField::kDestinationShown:
      return shown(d, x.destination_guess);
    // Only a time observed is a takeoff or landing time.
    case LegField::kTakeoffTime:
      return o.observed() ? Json(time_text(o.time, exact)) : Json();
    case LegField::kLandingTime:
      return d.observed() ? Json(time_text(d.time, exact)) : Json();
    case LegField::kFirstSeen:
      return time_text(o.sighting(), exact);
    case LegField::kTakeoffWindow:
      return window_json(o, exact);
    case LegField::kLastSeen:
      return time_text(d.sighting(), exact);
    case LegField::kLandingWindow:
      return window_json(d, exact);
    case LegField::kOriginHow:
      return end_how_name(o.how);
    case LegField::kDestinationHow:
      return end_how_name(d.how);
    case LegField::kOriginEvidence:
      return end_evidence_name(o.evidence);
    case LegField::kDestinationEvidence:
      return end_evidence_name(d.evidence);
    case LegField::kOriginCountry:
      return r.origin_country;
    case LegField::kDestinationCountry:
      return r.destination_country;
    case LegField::kOriginCandidates:
      return o.candidates;
    case LegField::kDestinationCandidates:
      return d.candidates;
    case LegField::kPositions:
      return l.positions;
    case LegField::kLikelyDestination:
    case LegField::kLikelyDestinationIfUnseen:
      return x.destination_guess;
    case LegField::kGuess:
      return x.guess ? *x.guess : Json();
    case LegField::kReason:
      return x.reason;
    case LegField::kLegId:
      return r.id;
    case LegField::kLikelyOrigin:
      return x.origin_guess;
    case LegField::kLikelyOriginCountry:
      return x.origin_guess_country;
    case LegField::kLikelyDestinationCountry:
      return x.destination_guess_country;
    case LegField::kOriginGuess:
      return x.origin_guess_json ? *x.origin_guess_json : Json();
    case LegField::kDestinationGuess:
      return x.guess ? *x.guess : Json();
  }
  return Json();
}

// A JSON value as one CSV field: strings as they are, lists space separated,
// null empty, anything else (a guess) as its JSON text.
std::string csv_value(const Json& v) {
  if (v.is_string()) return csv_field(v.get_ref<const std::string&>());
  if (v.is_null()) return "";
  if (v.is_array() && std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_string(); }))
    return csv_field(fmt::format("{}", fmt::join(v.get<std::vector<std::string>>(), " ")));
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return json_text(v);
  return csv_field(json_text(v));
}

}  // namespace

bool parse_leg_format(std::string_view name, LegFormat& out) {
  static constexpr std::pair<std::string_view, LegFormat> kNames[] = {
      {"table", LegFormat::kTable}, {"csv", LegFormat::kCsv},         {"json", LegFormat::kJson},
      {"jsonl", LegFormat::kJsonl}, {"geojson", LegFormat::kGeojson}, {"kml", LegFormat::kKml}};
  for (const auto& [n, f] : kNames) {
    if (n != name) continue;
    out = f;
    return true;
  }
  return false;
}

const char* leg_field_name(LegField f) {
  switch (f) {
    case LegField::kIcao:
      return "icao";
    case LegField::kRegistration:
      return "registration";
    case LegField::kType:
      return "type";
    case LegField::kCallsign:
      return "callsign";
    case LegField::kItinerary:
      return "itinerary";
    case LegField::kRole:
      return "role";
    case LegField::kCountry:
      return "country";
    case LegField::kCounted:
      return "counted";
    case LegField::kInferred:
      return "inferred";
    case LegField::kOrigin:
    case LegField::kOriginShown:
      return "origin";
    case LegField::kDestination:
    case LegField::kDestinationShown:
      return "destination";
    case LegField::kTakeoffTime:
      return "takeoff_time";
    case LegField::kLandingTime:
      return "landing_time";
    case LegField::kFirstSeen:
      return "first_seen";
    case LegField::kTakeoffWindow:
      return "takeoff_window";
    case LegField::kLastSeen:
      return "last_seen";
    case LegField::kLandingWindow:
      return "landing_window";
    case LegField::kOriginHow:
      return "origin_how";
    case LegField::kDestinationHow:
      return "destination_how";
    case LegField::kOriginEvidence:
      return "origin_evidence";
    case LegField::kDestinationEvidence:
      return "destination_evidence";
    case LegField::kOriginCountry:
      return "origin_country";
    case LegField::kDestinationCountry:
      return "destination_country";
    case LegField::kOriginCandidates:
      return "origin_candidates";
    case LegField::kDestinationCandidates:
      return "destination_candidates";
    case LegField::kPositions:
      return "positions";
    case LegField::kLikelyDestination:
    case LegField::kLikelyDestinationIfUnseen:
      return "likely_destination";
    case LegField::kGuess:
      return "guess";
    case LegField::kReason:
      return "reason";
    case LegField::kLegId:
      return "leg_id";
    case LegField::kLikelyOrigin:
      return "likely_origin";
    case LegField::kLikelyOriginCountry:
      return "likely_origin_country";
    case LegField::kLikelyDestinationCountry:
      return "likely_destination_country";
    case LegField::kOriginGuess:
      return "origin_guess";
    case LegField::kDestinationGuess:
      return "destination_guess";
  }
  return "?";
}

Json leg_json(const LegRecord& r, const LegExtras& extras, std::span<const LegField> fields,
              bool exact_times) {
  Json out = Json::object();
  for (const auto f : fields)
    if (applies(f, r.leg)) out[leg_field_name(f)] = field_json(f, r, extras, exact_times);
  return out;
}

std::string json_text(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string iso_seconds(double t) {
  return format_iso8601(std::round(t)).substr(0, 19) + "Z";
}

std::string unobserved_time_text(const LegEnd& e, bool landing) {
  const auto down = [](double t) { return std::floor(t / 60) * 60; };
  const auto up = [](double t) { return std::ceil(t / 60) * 60; };
  const auto text = [](double t) {
    const auto s = format_iso8601(t);
    return s.substr(0, 10) + " " + s.substr(11, 5);
  };
  if (e.window) {
    const auto from = text(down(e.window->first)), to = text(up(e.window->second));
    return from + "-" + (from.substr(0, 10) == to.substr(0, 10) ? to.substr(11) : to.substr(5));
  }
  // The data start or end in the air: the takeoff was before the first
  // sighting, the landing after the last.
  if (e.how == EndHow::kUnknown)
    return landing ? "after " + text(down(e.sighting())) : "before " + text(up(e.sighting()));
  // An inferred end without a window (a database from before windows were
  // kept, until its legs are rebuilt): its time is only near the end.
  return "not seen, near " + text(std::round(e.sighting() / 60) * 60);
}

LegWriter::LegWriter(Sink out, LegWriterOptions options)
    : out_(std::move(out)), options_(std::move(options)) {}

LegWriter::LegWriter(std::FILE* out, LegWriterOptions options)
    : LegWriter([out](std::string_view s) { std::fwrite(s.data(), 1, s.size(), out); },
                std::move(options)) {}

void LegWriter::start() {
  if (started_) return;
  started_ = true;
  std::string head;
  switch (options_.format) {
    case LegFormat::kTable:
      if (options_.table == TableLayout::kColumns)
        head = fmt::format("{:<6} {:<8} {:<8} {:<7} {:<20} {:<7} {:<20} {:<19} {:>9}\n", "icao",
                           "reg", "callsign", "from", "takeoff (UTC)", "to", "landing (UTC)",
                           "how (from/to)", "positions");
      else if (options_.table == TableLayout::kFlights)
        head = fmt::format("{:>7} {:<6} {:<8} {:<8} {:<7} {:<20} {:<7} {:<22} {:<19} {:<9} {:>9}\n",
                           "leg", "icao", "reg", "callsign", "from", "takeoff (UTC)", "to",
                           "landing (UTC)", "how (from/to)", "countries", "positions");
      break;
    case LegFormat::kCsv:
      for (const auto f : options_.fields) {
        if (!head.empty()) head += ',';
        head += leg_field_name(f);
      }
      head += '\n';
      break;
    case LegFormat::kJson:
      head = "[";
      break;
    case LegFormat::kJsonl:
      break;
    case LegFormat::kGeojson:
      head = R"({"type":"FeatureCollection","features":[)";
      break;
    case LegFormat::kKml:
      head = fmt::format(
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>{}</name>\n"
          "<Style "
          "id=\"removal\"><LineStyle><color>ff2222b2</color><width>3</width></LineStyle></Style>\n"
          "<Style "
          "id=\"other\"><LineStyle><color>ff888888</color><width>2</width></LineStyle></Style>\n",
          xml_escape(options_.title));
      break;
  }
  if (!head.empty()) out_(head);
}

void LegWriter::write(const LegRecord& r, const LegExtras& x) {
  start();
  const auto& l = r.leg;
  const bool exact = options_.exact_times;
  auto& b = buf_;
  b.clear();
  switch (options_.format) {
    case LegFormat::kTable:
      if (options_.table != TableLayout::kItinerary) {
        // "*": the end's airport is one of several that fit; the count at the
        // end says where they are listed. An end not seen: its guess and "?".
        auto code = [](const LegEnd& e, std::string_view guess) {
          if (e.airport.empty()) return std::string(guess) + "?";
          return e.candidates.empty() ? e.airport : e.airport + "*";
        };
        candidates_ |= !l.origin.candidates.empty() || !l.destination.candidates.empty();
        // An end not observed has no time: its window, or after / before
        // the sighting.
        auto when = [](const LegEnd& e, bool landing) {
          return e.observed() ? iso_seconds(e.time) : unobserved_time_text(e, landing);
        };
        const auto how =
            fmt::format("{}/{}", end_how_name(l.origin.how), end_how_name(l.destination.how));
        if (options_.table == TableLayout::kColumns) {
          b = fmt::format("{:06x} {:<8} {:<8} {:<7} {:<20} {:<7} {:<20} {:<19} {:>9}\n", l.icao,
                          x.registration, l.callsign, code(l.origin, {}), when(l.origin, false),
                          code(l.destination, {}), when(l.destination, true), how, l.positions);
        } else {
          // "US>CN": the ends' countries; a guessed one "CN?", "unknown?"
          // when the evidence does not decide.
          auto country = [](const std::string& seen, std::string_view guess) {
            if (!seen.empty()) return seen;
            return guess.empty() ? std::string("?") : std::string(guess) + "?";
          };
          b = fmt::format("{:>7} {:06x} {:<8} {:<8} {:<7} {:<20} {:<7} {:<22} {:<19} {:<9} {:>9}\n",
                          r.id, l.icao, x.registration, l.callsign, code(l.origin, x.origin_guess),
                          when(l.origin, false), code(l.destination, x.destination_guess),
                          when(l.destination, true), how,
                          country(r.origin_country, x.origin_guess_country) + ">" +
                              country(r.destination_country, x.destination_guess_country),
                          l.positions);
        }
      } else {
        // Minutes are enough beside the itinerary's line; truncated, as there.
        auto minutes = [](double t) { return format_iso8601(t).substr(0, 16) + "Z"; };
        b = fmt::format(
            "  {} {:>4} -> {:<4} {:<17} {}\n",
            l.origin.observed() ? minutes(l.origin.time) : unobserved_time_text(l.origin, false),
            field_json(LegField::kOriginShown, r, x, exact).get<std::string>(),
            field_json(LegField::kDestinationShown, r, x, exact).get<std::string>(), x.role,
            x.reason);
      }
      break;
    case LegFormat::kCsv:
      for (std::size_t i = 0; i < options_.fields.size(); ++i) {
        if (i) b += ',';
        const auto f = options_.fields[i];
        if (!applies(f, l)) continue;  // empty
        const auto v = field_json(f, r, x, exact);
        // A window as an ISO 8601 interval, "from/to".
        if ((f == LegField::kTakeoffWindow || f == LegField::kLandingWindow) && v.is_array())
          b += v[0].get<std::string>() + "/" + v[1].get<std::string>();
        else
          b += csv_value(v);
      }
      b += '\n';
      break;
    case LegFormat::kJson:
      b = count_ ? ",\n" : "\n";
      b += json_text(leg_json(r, x, options_.fields, exact));
      break;
    case LegFormat::kJsonl:
      b = json_text(leg_json(r, x, options_.fields, exact));
      b += '\n';
      break;
    case LegFormat::kGeojson: {
      Json coords = Json::array();
      for (const auto& p : r.track) {
        // 1e-5 degrees is about a metre: finer digits would only add bytes.
        Json point = {std::round(p.lon * 1e5) / 1e5, std::round(p.lat * 1e5) / 1e5};
        if (options_.altitude) point.push_back(std::round(p.alt * 0.3048));
        coords.push_back(std::move(point));
      }
      if (count_) b += ',';
      b += json_text({{"type", "Feature"},
                      {"geometry", {{"type", "LineString"}, {"coordinates", std::move(coords)}}},
                      {"properties", leg_json(r, x, options_.fields, exact)}});
      break;
    }
    case LegFormat::kKml: {
      if (x.itinerary != folder_) {
        if (!folder_.empty()) b += "</Folder>\n";
        folder_ = x.itinerary;
        if (!folder_.empty())
          b += fmt::format("<Folder>\n<name>{}</name>\n", xml_escape(x.itinerary_name));
      }
      // Named by role when the leg has one (what a map of removals is
      // about), else by callsign, else by address.
      const std::string label = !x.role.empty()       ? std::string(x.role)
                                : !l.callsign.empty() ? l.callsign
                                                      : fmt::format("{:06x}", l.icao);
      // The time span is the track's, seen; an end not seen says when it
      // can have been in the description.
      std::string description(x.reason);
      if (!l.origin.observed())
        description += fmt::format("{}takeoff not seen: {}", description.empty() ? "" : "; ",
                                   unobserved_time_text(l.origin, false));
      if (!l.destination.observed())
        description += fmt::format("{}landing not seen: {}", description.empty() ? "" : "; ",
                                   unobserved_time_text(l.destination, true));
      b += fmt::format(
          "<Placemark>\n<name>{} {} &gt; {}</name>\n<description>{}</description>\n"
          "<TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>\n<styleUrl>#{}</styleUrl>\n"
          "<LineString><tessellate>1</tessellate><altitudeMode>clampToGround</altitudeMode>"
          "<coordinates>",
          xml_escape(label),
          xml_escape(field_json(LegField::kOriginShown, r, x, exact).get<std::string>()),
          xml_escape(field_json(LegField::kDestinationShown, r, x, exact).get<std::string>()),
          xml_escape(description),
          time_text(l.origin.observed() ? l.origin.time : l.origin.sighting(), exact),
          time_text(l.destination.observed() ? l.destination.time : l.destination.sighting(),
                    exact),
          x.counted ? "removal" : "other");
      for (const auto& p : r.track)
        fmt::format_to(std::back_inserter(b), "{:.5f},{:.5f} ", p.lon, p.lat);
      b += "</coordinates></LineString>\n</Placemark>\n";
      break;
    }
  }
  ++count_;
  out_(b);
}

void LegWriter::finish() {
  if (finished_) return;
  start();
  finished_ = true;
  std::string tail;
  switch (options_.format) {
    case LegFormat::kTable:
      if (options_.table == TableLayout::kItinerary) break;
      tail = plural(count_, "leg") + "\n";
      if (candidates_)
        tail += "* more than one airport fits this end; --format json lists the candidates\n";
      break;
    case LegFormat::kCsv:
    case LegFormat::kJsonl:
      break;
    case LegFormat::kJson:
      tail = "\n]\n";
      break;
    case LegFormat::kGeojson:
      tail = "]}\n";
      break;
    case LegFormat::kKml:
      if (!folder_.empty()) tail = "</Folder>\n";
      tail += "</Document>\n</kml>\n";
      break;
  }
  if (!tail.empty()) out_(tail);
}

}  // namespace skywitness::output
