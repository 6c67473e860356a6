#include "skywitness/tracks/aircraft_json.hpp"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "skywitness/io/source.hpp"

namespace skywitness::tracks {
namespace {

// `"key"`, then a colon, then an array (or null: an aggregator with no
// aircraft to show), anywhere in `text`.
bool key_with_array(std::string_view text, std::string_view quoted_key) {
  for (auto at = text.find(quoted_key); at != std::string_view::npos;
       at = text.find(quoted_key, at + 1)) {
    std::size_t i = at + quoted_key.size();
    auto skip = [&] {
      while (i < text.size() &&
             (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        ++i;
    };
    skip();
    if (i >= text.size() || text[i] != ':') continue;
    ++i;
    skip();
    if (i < text.size() && (text[i] == '[' || text.substr(i).starts_with("null"))) return true;
  }
  return false;
}

bool parse_hex(std::string_view s, Position& p) {
  if (!s.empty() && s.front() == '~') {
    p.non_icao = true;  // TIS-B and other non-ICAO addresses
    s.remove_prefix(1);
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), p.icao, 16);
  return s.size() == 6 && ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

bool looks_like_aircraft_json(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() && (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' ||
                           head.front() == '\n'))
    head.remove_prefix(1);
  if (!head.starts_with('{')) return false;
  // The key alone could be any JSON; with the time or an aircraft address
  // beside it, it is a snapshot.
  return (key_with_array(head, "\"aircraft\"") || key_with_array(head, "\"ac\"")) &&
         (head.find("\"now\"") != std::string_view::npos ||
          head.find("\"hex\"") != std::string_view::npos);
}

struct AircraftJsonReader::Impl {
  simdjson::dom::parser parser;
  std::string text;
};

AircraftJsonReader::AircraftJsonReader(PositionSink on_position, ErrorReporter& errors,
                                       InfoSink on_info)
    : impl_(std::make_unique<Impl>()),
      on_position_(std::move(on_position)),
      on_info_(std::move(on_info)),
      errors_(&errors) {}

AircraftJsonReader::~AircraftJsonReader() = default;

void AircraftJsonReader::report(ErrorKind kind, std::string_view file, std::int64_t index,
                                std::string_view message) {
  report_record(*errors_, error_, kind, file, 0, "aircraft", index, message);
}

bool AircraftJsonReader::read_file(const std::string& path) {
  std::string& text = impl_->text;
  text.clear();
  if (auto error = io::read_whole_file(path, text); !error.empty()) {
    // A cut-off snapshot does not parse: nothing of it is kept.
    ++stats_.files;
    ++stats_.files_failed;
    report(ErrorKind::kIo, path, -1, error);
    return false;
  }
  return read_text(text, path);
}

bool AircraftJsonReader::read_text(std::string_view json, std::string_view name) {
  ++stats_.files;
  auto fail = [&](std::string_view message) {
    report(ErrorKind::kFormat, name, -1, message);
    ++stats_.files_failed;
    return false;
  };
  // One snapshot is a few megabytes at most: the DOM parser reads it whole,
  // which lets "now" come after the array, as the v2 API puts it.
  simdjson::dom::element root;
  if (impl_->parser.parse(json.data(), json.size()).get(root))
    return fail("broken or cut-off JSON: not an aircraft.json snapshot");
  simdjson::dom::object top;
  if (root.get_object().get(top)) return fail("not a JSON object: not an aircraft.json snapshot");
  double now = 0;
  simdjson::dom::element value;
  if (top["now"].get(value) || value.get_double().get(now) || !std::isfinite(now) || now <= 0)
    return fail("'now' is missing or not a time");
  // readsb writes seconds, the v2 API milliseconds: 1e11 s is the year 5138,
  // 1e11 ms is 1973.
  if (now > 1e11) now /= 1000;
  if (top["aircraft"].get(value) && top["ac"].get(value))
    return fail("no 'aircraft' or 'ac' array: not an aircraft.json snapshot");
  if (value.is_null()) return true;
  simdjson::dom::array list;
  if (value.get_array().get(list)) return fail("'aircraft' is not an array");

  std::int64_t index = -1;
  for (simdjson::dom::element entry : list) {
    ++index;
    ++stats_.aircraft;
    auto bad = [&](std::string_view message) {
      ++stats_.bad_aircraft;
      report(ErrorKind::kBadInput, name, index, message);
    };
    simdjson::dom::object a;
    if (entry.get_object().get(a)) {
      bad("aircraft entry is not an object");
      continue;
    }
    Position p;
    std::string_view s;
    if (a["hex"].get_string().get(s) || !parse_hex(s, p)) {
      bad("'hex' is not 6 hex digits");
      continue;
    }
    if (on_info_) {
      std::string_view r, t;
      const bool has_r = !a["r"].get_string().get(r) && r.size() <= 16;
      const bool has_t = !a["t"].get_string().get(t) && t.size() <= 16;
      if ((has_r && !r.empty()) || (has_t && !t.empty()))
        on_info_(p.icao, has_r ? r : std::string_view(), has_t ? t : std::string_view());
    }
    simdjson::dom::element lat, lon;
    const bool has_lat = !a["lat"].get(lat), has_lon = !a["lon"].get(lon);
    if (!has_lat && !has_lon) {
      ++stats_.no_position;  // heard, but no position decoded (or it went stale)
      continue;
    }
    if (!has_lat || !has_lon || lat.get_double().get(p.lat) || lon.get_double().get(p.lon) ||
        !std::isfinite(p.lat) || !std::isfinite(p.lon)) {
      bad("'lat' or 'lon' missing or not a number");
      continue;
    }
    if (std::fabs(p.lat) > 90 || std::fabs(p.lon) > 180) {
      bad("position out of range");
      continue;
    }
    // An optional number within physical bounds; false when present and wrong.
    bool ok = true;
    auto number = [&](const char* key, double lo, double hi, double& out) {
      simdjson::dom::element v;
      if (a[key].get(v) || v.is_null()) return false;
      if (v.get_double().get(out) || !std::isfinite(out) || out < lo || out > hi) {
        ok = false;
        return false;
      }
      return true;
    };
    double seen_pos = 0, d = 0;
    number("seen_pos", 0, 1e7, seen_pos);  // absent: the position is as of `now`
    // To the millisecond: the same position in the next snapshot, seen_pos
    // larger by the time between them, is then the same point.
    p.t = std::round((now - seen_pos) * 1000) / 1000;
    simdjson::dom::element alt;
    if (!a["alt_baro"].get(alt) && !alt.is_null()) {
      if (alt.is_string()) {
        if (alt.get_string().get(s) || s != "ground") ok = false;
        p.on_ground = true;
        p.has |= Position::kAlt;
      } else if (number("alt_baro", -2000, 200000, d)) {
        p.alt_baro = static_cast<std::int32_t>(std::lround(d));
        p.has |= Position::kAlt;
      }
    }
    if (number("gs", 0, 5000, d)) {
      p.gs = static_cast<float>(d);
      p.has |= Position::kGs;
    }
    if (number("track", -360, 720, d)) {
      p.track = static_cast<float>(d);
      p.has |= Position::kTrack;
    }
    if (number("baro_rate", -100000, 100000, d) || number("geom_rate", -100000, 100000, d)) {
      p.vrate = static_cast<std::int32_t>(std::lround(d));
      p.has |= Position::kVrate;
    }
    if (!a["flight"].get_string().get(s)) {
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);  // padded to 8
      const std::size_t n = std::min<std::size_t>(s.size(), 8);
      for (std::size_t i = 0; i < n; ++i) p.callsign[i] = s[i];
      p.callsign[n] = '\0';
      if (n > 0) p.has |= Position::kCallsign;
    }
    if (!ok) {
      bad("aircraft with a malformed field");
      continue;
    }
    ++stats_.positions;
    on_position_(p);
  }
  return true;
}

}  // namespace skywitness::tracks
