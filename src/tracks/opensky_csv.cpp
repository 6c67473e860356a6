#include "skywitness/tracks/opensky_csv.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "skywitness/io/source.hpp"

namespace skywitness::tracks {
namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> f;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    f.push_back(line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return f;
}

bool number(std::string_view s, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

OpenskyReader::OpenskyReader(PositionSink on_position, ErrorReporter& errors)
    : on_position_(std::move(on_position)), errors_(&errors) {}

void OpenskyReader::report(ErrorKind kind, std::string_view file, std::uint64_t line,
                           std::string_view message) {
  report_record(*errors_, error_, kind, file, line, {}, -1, message);
}

bool OpenskyReader::header(std::string_view line, std::string_view name) {
  const auto f = split(line);
  columns_ = static_cast<int>(f.size());
  for (int i = 0; i < columns_; ++i) {
    const auto c = f[static_cast<std::size_t>(i)];
    int* slot = c == "time"           ? &time_
                : c == "icao24"       ? &icao_
                : c == "lat"          ? &lat_
                : c == "lon"          ? &lon_
                : c == "velocity"     ? &velocity_
                : c == "heading"      ? &heading_
                : c == "vertrate"     ? &vertrate_
                : c == "callsign"     ? &callsign_
                : c == "onground"     ? &onground_
                : c == "baroaltitude" ? &baroalt_
                : c == "lastcontact"  ? &lastcontact_
                                      : nullptr;
    if (slot) *slot = i;
  }
  if (time_ < 0 || icao_ < 0 || lat_ < 0 || lon_ < 0) {
    report(ErrorKind::kFormat, name, 1,
           "header lacks time, icao24, lat or lon: not an OpenSky state-vector file");
    return false;
  }
  return true;
}

void OpenskyReader::row(std::string_view line, std::uint64_t line_no, std::string_view name) {
  ++stats_.rows;
  const auto f = split(line);
  if (static_cast<int>(f.size()) != columns_) {
    ++stats_.bad_rows;
    report(ErrorKind::kBadInput, name, line_no,
           fmt::format("{} columns where the header has {}", f.size(), columns_));
    return;
  }
  auto col = [&](int i) { return i < 0 ? std::string_view{} : f[static_cast<std::size_t>(i)]; };
  Position p;
  double t = 0, v = 0;
  std::string_view hex = col(icao_);
  auto [hp, hec] = std::from_chars(hex.data(), hex.data() + hex.size(), p.icao, 16);
  if (!number(col(time_), t) || hex.size() != 6 || hec != std::errc{} ||
      hp != hex.data() + hex.size()) {
    ++stats_.bad_rows;
    report(ErrorKind::kBadInput, name, line_no, "time or icao24 does not parse");
    return;
  }
  p.t = t;
  if (lastcontact_ >= 0 && number(col(lastcontact_), v) && t - v > 15) {
    ++stats_.stale;  // a repeated state, not a new observation
    return;
  }
  if (col(lat_).empty() || col(lon_).empty()) {
    ++stats_.no_position;
    return;
  }
  if (!number(col(lat_), p.lat) || !number(col(lon_), p.lon) || std::fabs(p.lat) > 90 ||
      std::fabs(p.lon) > 180) {
    ++stats_.bad_rows;
    report(ErrorKind::kBadInput, name, line_no, "lat/lon out of range or does not parse");
    return;
  }
  p.on_ground = col(onground_) == "True" || col(onground_) == "true" || col(onground_) == "1";
  if (number(col(baroalt_), v) && std::fabs(v) < 60000) {
    p.alt_baro = static_cast<std::int32_t>(std::lround(v / 0.3048));
    p.has |= Position::kAlt;
  } else if (p.on_ground) {
    p.has |= Position::kAlt;
  }
  if (number(col(velocity_), v) && v >= 0 && v < 2000) {
    p.gs = static_cast<float>(v / 0.514444);
    p.has |= Position::kGs;
  }
  if (number(col(heading_), v) && v >= -360 && v <= 720) {
    p.track = static_cast<float>(v);
    p.has |= Position::kTrack;
  }
  if (number(col(vertrate_), v) && std::fabs(v) < 500) {
    p.vrate = static_cast<std::int32_t>(std::lround(v / 0.00508));
    p.has |= Position::kVrate;
  }
  std::string_view cs = col(callsign_);
  while (!cs.empty() && cs.back() == ' ') cs.remove_suffix(1);
  if (!cs.empty()) {
    const std::size_t n = std::min<std::size_t>(cs.size(), 8);
    for (std::size_t i = 0; i < n; ++i) p.callsign[i] = cs[i];
    p.callsign[n] = '\0';
    p.has |= Position::kCallsign;
  }
  ++stats_.positions;
  on_position_(p);
}

bool OpenskyReader::read_text(std::string_view text, std::string_view name) {
  std::uint64_t line_no = 0;
  bool have_header = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!have_header) {
      if (!header(line, name)) return false;
      have_header = true;
      continue;
    }
    row(line, line_no, name);
  }
  return have_header;
}

bool OpenskyReader::read_file(const std::string& path) {
  auto opened = io::open_source(path);
  if (!opened.source) {
    report(ErrorKind::kIo, path, 0, opened.error);
    return false;
  }
  // Whole lines are handed over as they complete; memory holds one chunk.
  std::string carry;
  std::uint8_t buf[1 << 16];
  std::uint64_t line_no = 0;
  bool have_header = false, ok = true;
  auto line = [&](std::string_view l) {
    ++line_no;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.empty() || !ok) return;
    if (!have_header) {
      ok = header(l, path);
      have_header = ok;
      return;
    }
    row(l, line_no, path);
  };
  while (std::size_t n = opened.source->read(buf, sizeof buf)) {
    carry.append(reinterpret_cast<char*>(buf), n);
    std::size_t start = 0;
    for (std::size_t nl; (nl = carry.find('\n', start)) != std::string::npos; start = nl + 1)
      line(std::string_view(carry).substr(start, nl - start));
    carry.erase(0, start);
  }
  if (!opened.source->error().empty()) {
    report(ErrorKind::kIo, path, 0, opened.source->error());
    return false;  // a partial last line is not trusted
  }
  if (!carry.empty()) line(carry);
  return ok && have_header;
}

}  // namespace skywitness::tracks
