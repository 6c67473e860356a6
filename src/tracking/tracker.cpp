#include "skywitness/tracking/tracker.hpp"

#include "skywitness/geo/geodesy.hpp"

#include <cmath>

namespace skywitness::tracking {

Tracker::Tracker(TrackerOptions options) : opt_(options) {}

void Tracker::update(Message& m) {
  ++seq_;
  if (m.source != Source::kModeS || !m.has_field(Field::kIcao)) return;
  const bool has_time = !std::isnan(m.frame.t);
  const bool timed = has_time || m.frame.ticks != 0;
  // Inputs without any clock still need state to expire: count a thousand
  // messages as a second, about the rate of a busy receiver.
  const double now = has_time             ? m.frame.t
                     : m.frame.ticks != 0 ? static_cast<double>(m.frame.ticks) / 12e6
                                          : static_cast<double>(seq_) * 1e-3;
  // Non-ICAO addresses (TIS-B, anonymous) live in their own space.
  const std::uint32_t key = m.icao | (m.non_icao ? 0x1000000U : 0U);

  if (m.address_source == AddressSource::kRecovered) {
    Aircraft* known = aircraft_.find(key);
    if (known && known->announced) {
      m.address_source = AddressSource::kConfirmed;
      known->last_seen = now;
      ++stats_.addresses_confirmed;
    } else {
      ++stats_.addresses_unconfirmed;
    }
    return;  // a parity-derived address never creates state on its own
  }

  auto [entry, inserted] = aircraft_.insert(key);
  Aircraft& a = *entry;
  if (inserted) {
    ++stats_.aircraft_seen;
    if (aircraft_.size() > stats_.aircraft_peak) stats_.aircraft_peak = aircraft_.size();
  }
  a.last_seen = now;
  if (m.address_source == AddressSource::kAnnounced) a.announced = true;
  if (m.has_field(Field::kCpr)) decode_position(a, m, now, timed);

  if (now - last_sweep_ > 60 || now < last_sweep_) {
    expire(now);
    last_sweep_ = now;
  }
}

void Tracker::expire(double now) {
  aircraft_.erase_if(
      [&](std::uint32_t, const Aircraft& a) { return now - a.last_seen > opt_.expire_after_s; });
}

bool Tracker::plausible(Aircraft& a, const Message& m, double lat, double lon, double now,
                        bool timed) {
  if (opt_.receiver &&
      geo::distance_nm({opt_.receiver->lat, opt_.receiver->lon}, {lat, lon}) > opt_.max_range_nm) {
    ++stats_.rejected_range;
    return false;
  }
  const bool fresh = a.has_position && (!timed || now - a.pos_t <= opt_.position_max_age_s);
  if (!fresh) return true;
  double allowed = 0;
  if (timed) {
    const double dt = std::max(now - a.pos_t, 0.0);
    allowed = m.cpr_surface ? opt_.max_surface_kt * dt / 3600 + 0.5
                            : opt_.max_airborne_kt * dt / 3600 + 2.0;
  } else {
    allowed = m.cpr_surface ? 5.0 : 100.0;  // no clock: only catch gross jumps
  }
  // Cheap bounds first: a degree of latitude is 60 NM and a degree of
  // longitude at most that, so most checks need no trigonometry.
  const double dlat = std::fabs(lat - a.lat) * 60.0;
  double dlon = std::fabs(lon - a.lon);
  dlon = std::min(dlon, 360.0 - dlon) * 60.0;
  const bool ok =
      dlat * dlat + dlon * dlon <= allowed * allowed * 0.99 ||
      (dlat <= allowed * 1.01 && geo::distance_nm({a.lat, a.lon}, {lat, lon}) <= allowed);
  if (ok) return true;
  ++stats_.rejected_speed;
  // Three rejections in a row: the stored position is the likelier culprit.
  if (++a.rejections >= 3) {
    a.has_position = false;
    a.rejections = 0;
  }
  return false;
}

void Tracker::decode_position(Aircraft& a, Message& m, double now, bool timed) {
  using modes::cpr::Encoded;
  using modes::cpr::LatLon;
  const Encoded e{m.cpr_lat, m.cpr_lon};
  const bool surface = m.cpr_surface, odd = m.cpr_odd;
  CprSample& mine = surface ? (odd ? a.surf_odd : a.surf_even) : (odd ? a.odd : a.even);
  const CprSample& other = surface ? (odd ? a.surf_even : a.surf_odd) : (odd ? a.even : a.odd);
  mine = CprSample{e, now, seq_, true};

  const double window = surface ? opt_.surface_pair_window_s : opt_.airborne_pair_window_s;
  const bool pair = other.valid && (!timed || std::fabs(now - other.t) <= window);
  const bool fresh = a.has_position && (!timed || now - a.pos_t <= opt_.position_max_age_s);

  std::optional<LatLon> ref;
  if (fresh)
    ref = LatLon{a.lat, a.lon};
  else if (opt_.receiver)
    ref = *opt_.receiver;

  std::optional<LatLon> pos;
  PositionMethod method = PositionMethod::kNone;
  if (pair) {
    const Encoded even = odd ? other.e : e, oddv = odd ? e : other.e;
    if (surface) {
      if (ref)
        pos = modes::cpr::global_surface(even, oddv, odd, *ref);
      else
        ++stats_.surface_no_reference;
    } else {
      pos = modes::cpr::global_airborne(even, oddv, odd);
      if (!pos) ++stats_.rejected_zone;
    }
    if (pos) method = PositionMethod::kGlobal;
  }
  if (!pos && fresh) {
    pos = modes::cpr::local(e, odd, surface, {a.lat, a.lon});
    method = PositionMethod::kLocal;
  }
  if (!pos && opt_.receiver) {
    pos = modes::cpr::local(e, odd, surface, *opt_.receiver);
    method = PositionMethod::kReceiver;
  }
  if (!pos) return;
  if (!plausible(a, m, pos->lat, pos->lon, now, timed)) return;

  a.rejections = 0;
  a.has_position = true;
  a.lat = pos->lat;
  a.lon = pos->lon;
  a.pos_t = now;
  m.lat = pos->lat;
  m.lon = pos->lon;
  m.position_method = method;
  m.set(Field::kLat);
  m.set(Field::kLon);
  switch (method) {
    case PositionMethod::kGlobal:
      ++stats_.positions_global;
      break;
    case PositionMethod::kLocal:
      ++stats_.positions_local;
      break;
    case PositionMethod::kReceiver:
      ++stats_.positions_receiver;
      break;
    default:
      break;
  }
}

}  // namespace skywitness::tracking
