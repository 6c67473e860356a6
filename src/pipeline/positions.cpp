#include "skywitness/pipeline/positions.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace skywitness::pipeline {

void MessagePositions::write(const Message& m) {
  if (!m.has_field(Field::kIcao)) return;
  double t = std::numeric_limits<double>::quiet_NaN();
  if (m.has_field(Field::kTime)) {
    t = m.frame.t;
  } else if (m.frame.ticks != 0 && opt_.clock_epoch) {
    t = *opt_.clock_epoch + static_cast<double>(m.frame.ticks - 1) / 12e6;
  }
  auto& s = state_[m.icao];
  if (std::isfinite(t)) {
    if (m.has_field(Field::kGs)) {
      s.gs = static_cast<float>(m.gs);
      s.speed_t = t;
    }
    if (m.has_field(Field::kTrack)) s.track = static_cast<float>(m.track);
    // A Comm-B heading and speed report carries two rates: the inertial
    // one, when given, as the barometric one lags.
    if (m.has_field(Field::kVrate))
      s.vrate = m.vrate;
    else if (m.has_field(Field::kGeomRate))
      s.vrate = m.geom_rate;
    else if (m.has_field(Field::kBaroRate))
      s.vrate = m.baro_rate;
    if (m.has_field(Field::kOnGround)) {
      s.on_ground = m.on_ground;
      s.ground_t = t;
    }
  }
  if (m.has_field(Field::kCallsign)) std::memcpy(s.callsign.data(), m.callsign.data(), 9);
  if (m.has_field(Field::kAltBaro)) s.alt = m.alt_baro;
  if (!m.has_field(Field::kLat) || !m.has_field(Field::kLon)) return;
  if (!std::isfinite(t)) {
    ++stats_.untimed;
    return;
  }
  Position p;
  p.icao = m.icao;
  p.non_icao = m.non_icao;
  p.t = t;
  p.lat = m.lat;
  p.lon = m.lon;
  p.on_ground = m.has_field(Field::kOnGround) ? m.on_ground : (t - s.ground_t < 30 && s.on_ground);
  if (m.has_field(Field::kAltBaro)) {
    p.alt_baro = m.alt_baro;
    p.has |= Position::kAlt;
  } else if (p.on_ground) {
    p.has |= Position::kAlt;
  }
  if (t - s.speed_t < 30) {
    p.gs = s.gs;
    p.track = s.track;
    p.vrate = s.vrate;
    p.has |= Position::kGs | Position::kTrack | Position::kVrate;
  }
  if (s.callsign[0]) {
    p.callsign = s.callsign;
    p.has |= Position::kCallsign;
  }
  ++stats_.positions;
  sink_(p);
}

}  // namespace skywitness::pipeline
