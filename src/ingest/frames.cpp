// Raw frames and decode JSON Lines into positions.
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>
#include <simdjson.h>

#include "inputs.hpp"
#include "skywitness/io/source.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/pipeline/positions.hpp"

namespace skywitness::ingest {
namespace {

// One decode record (docs/decode-output.md) back into a message.
// `line` lies in a buffer with simdjson's padding after its end (the rest of
// the text, then the reserve), so it is parsed in place.
bool parse_record(simdjson::ondemand::parser& parser, std::string_view line, Message& m,
                  std::string& why) {
  m.reset();
  const simdjson::padded_string_view padded(line.data(), line.size(),
                                            line.size() + simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(obj)) {
    why = "not a JSON object";
    return false;
  }
  for (auto field : obj) {
    std::string_view key;
    simdjson::ondemand::value v;
    if (field.unescaped_key().get(key) || field.value().get(v)) {
      why = "broken JSON";
      return false;
    }
    double d = 0;
    auto num = [&](double lo, double hi) {
      if (v.get_double().get(d) || !std::isfinite(d) || d < lo || d > hi) {
        why = fmt::format("'{}' is not a number in range", key);
        return false;
      }
      return true;
    };
    if (key == "icao") {
      std::string_view s;
      std::uint32_t a = 0;
      if (v.get_string().get(s) || s.size() != 6 ||
          std::from_chars(s.data(), s.data() + 6, a, 16).ptr != s.data() + 6) {
        why = "'icao' is not 6 hex digits";
        return false;
      }
      m.icao = a;
      m.set(Field::kIcao);
    } else if (key == "t") {
      if (!num(0, 1e11)) return false;
      m.frame.t = d;
      m.set(Field::kTime);
    } else if (key == "clock") {
      std::uint64_t c = 0;
      if (v.get_uint64().get(c)) {
        why = "'clock' is not an integer";
        return false;
      }
      m.frame.ticks = c;
    } else if (key == "lat") {
      if (!num(-90, 90)) return false;
      m.lat = d;
      m.set(Field::kLat);
    } else if (key == "lon") {
      if (!num(-180, 180)) return false;
      m.lon = d;
      m.set(Field::kLon);
    } else if (key == "alt_baro") {
      if (!num(-2000, 200000)) return false;
      m.alt_baro = static_cast<std::int32_t>(d);
      m.set(Field::kAltBaro);
    } else if (key == "on_ground") {
      bool b = false;
      if (v.get_bool().get(b)) {
        why = "'on_ground' is not true or false";
        return false;
      }
      m.on_ground = b;
      m.set(Field::kOnGround);
    } else if (key == "gs") {
      if (!num(0, 5000)) return false;
      m.gs = d;
      m.set(Field::kGs);
    } else if (key == "track") {
      if (!num(-360, 720)) return false;
      m.track = d;
      m.set(Field::kTrack);
    } else if (key == "vrate") {
      if (!num(-100000, 100000)) return false;
      m.vrate = static_cast<std::int32_t>(d);
      m.set(Field::kVrate);
    } else if (key == "baro_rate" || key == "geom_rate") {
      if (!num(-100000, 100000)) return false;
      const bool geom = key == "geom_rate";
      (geom ? m.geom_rate : m.baro_rate) = static_cast<std::int32_t>(d);
      m.set(geom ? Field::kGeomRate : Field::kBaroRate);
    } else if (key == "callsign") {
      std::string_view s;
      if (!v.get_string().get(s) && s.size() <= 8) {
        std::memcpy(m.callsign.data(), s.data(), s.size());
        m.callsign[s.size()] = '\0';
        m.set(Field::kCallsign);
      }
    } else if (key == "non_icao") {
      bool b = false;
      if (!v.get_bool().get(b)) m.non_icao = b;
    }
  }
  return true;
}

}  // namespace

bool read_frames(const std::string& path, bool decode_jsonl, const IngestOptions& options,
                 const std::function<void(const Position&)>& on_position, ErrorReporter& errors,
                 FrameInputStats& stats) {
  pipeline::PositionOptions popt;
  popt.clock_epoch = options.clock_epoch;
  pipeline::MessagePositions positions(popt, on_position);
  if (!decode_jsonl) {
    pipeline::DecodeConfig config;
    config.only = options.only;
    config.format = options.format;
    config.errors = &errors;
    pipeline::DecodePipeline job(std::move(config), &positions);
    const bool ok = job.run(path);
    stats.positions += positions.stats().positions;
    stats.untimed += positions.stats().untimed;
    // An input whose format could not be told was not read at all.
    constexpr auto kUnknown = static_cast<std::size_t>(framing::Fault::kUnknownFormat);
    return ok && job.stats().input_errors[kUnknown] == 0;
  }
  auto opened = io::open_source(path);
  if (!opened.source) {
    errors.report({ErrorKind::kIo, {path}, {}, opened.error});
    return false;
  }
  std::string text;
  opened.source->read_all(text);
  text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  simdjson::ondemand::parser parser;
  Message m;
  std::string why;
  Error bad{ErrorKind::kBadInput, {path}, {}, {}};  // reused for every bad line
  std::uint64_t line_no = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + at, end - at);
    at = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!parse_record(parser, line, m, why)) {
      bad.where.line = line_no;
      bad.message = why;
      errors.report(bad);
      continue;
    }
    if (!options.only.empty() && !options.only.contains(m.icao)) continue;
    positions.write(m);
  }
  stats.positions += positions.stats().positions;
  stats.untimed += positions.stats().untimed;
  if (!opened.source->error().empty()) {
    errors.report({ErrorKind::kIo, {path}, {}, opened.source->error()});
    return false;
  }
  return true;
}

}  // namespace skywitness::ingest
