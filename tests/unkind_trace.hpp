// Traces as real coverage records them, written without the simulator: its
// own flight model (a runway heading that is not the course, a turn after
// takeoff, routes through waypoints, wind, a climb that slows with height,
// a descent planned on distance to go), receivers on a radio horizon that
// hear the ground only close by, reception that thins out towards the edge
// of coverage, and readsb's way of writing a point (on a change of track or
// altitude, else every 30 to 60 s). The tests of unobserved stops run on it,
// so that they do not pass merely because the simulator is kind.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "skywitness/core/position.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/geo/geodesy.hpp"

namespace skywitness::test {

struct UnkindReceiver {
  geo::LatLon pos;
  double range_nm = 200;
  double antenna_ft = 100;
  bool hears_ground = false;  // only a receiver at the field hears taxiing aircraft
};

struct UnkindLeg {
  const geo::Airport* from = nullptr;
  const geo::Airport* to = nullptr;
  double runway_out = 0, runway_in = 0;  // runway headings, degrees
  std::vector<geo::LatLon> via;          // waypoints between them
  double cruise_ft = 41000, tas_kt = 470;
  double wind_kt = 0;  // along the track: positive is a tailwind
  double ground_minutes_after = 90;
  std::string callsign;
};

class UnkindTrace {
 public:
  UnkindTrace(std::uint32_t icao, double start, std::uint64_t seed)
      : icao_(icao), t_(start), rng_(seed) {}

  std::vector<UnkindReceiver> receivers;
  std::vector<Position> points;            // what the archive holds
  std::vector<double> takeoffs, landings;  // the truth, per leg

  void fly(const UnkindLeg& leg) {
    geo::LatLon p = leg.from->pos;
    double alt = leg.from->elevation_ft, heading = leg.runway_out, gs = 0;
    callsign_ = leg.callsign;
    taxi(p, alt, 300);
    // Takeoff roll.
    while (gs < 140) {
      gs += 3;
      p = geo::destination(p, heading, gs / 3600);
      step(p, alt, gs, heading, 0, true);
    }
    takeoffs.push_back(t_);
    // Airborne: fly the waypoints, then a fix 12 NM out on the runway's
    // extended centre line, then the threshold.
    std::vector<geo::LatLon> route = leg.via;
    const geo::LatLon fix = geo::destination(leg.to->pos, leg.runway_in + 180, 12);
    route.push_back(fix);
    route.push_back(leg.to->pos);
    std::size_t next = 0;
    const double elev_to = leg.to->elevation_ft;
    for (;;) {
      double to_go = geo::distance_nm(p, route[next]);
      for (std::size_t i = next; i + 1 < route.size(); ++i)
        to_go += geo::distance_nm(route[i], route[i + 1]);
      // Vertical: climb at a rate that falls with height; descend on a 3:1
      // profile of the distance to go.
      const double agl_from = alt - leg.from->elevation_ft;
      double vrate = 0;
      const double profile = elev_to + 300 * to_go;
      if (alt > profile + 200 || next + 1 == route.size()) {
        vrate = -std::clamp((alt - std::min(profile, alt)) * 2 + 800, 700.0, 3000.0);
        if (next + 1 == route.size()) vrate = -std::max(700.0, gs * 5.3);  // 3-degree final
      } else if (alt < leg.cruise_ft - 50) {
        vrate = alt < 10000 ? 3000 : alt < 25000 ? 2000 : alt < 35000 ? 1200 : 600;
      }
      alt = std::min(leg.cruise_ft, alt + vrate / 60);
      // Speed: 250 kt below 10,000 ft, cruise speed above 25,000 ft, 140 kt
      // on final, plus the wind above 10,000 ft.
      double tas = alt < 10000   ? 250
                   : alt > 25000 ? leg.tas_kt
                                 : 250 + (leg.tas_kt - 250) * (alt - 10000) / 15000;
      if (next + 1 == route.size()) tas = 140;
      const double target = tas + (alt > 10000 ? leg.wind_kt : 0);
      gs += std::clamp(target - gs, -2.0, 2.0);
      // Lateral: straight out on the runway heading up to 2,000 ft, then
      // turn at 2 degrees a second towards the next point.
      if (agl_from > 2000 || next > 0) {
        const double want = geo::bearing_deg(p, route[next]);
        double turn = std::fmod(want - heading + 540.0, 360.0) - 180.0;
        turn = std::clamp(turn, -2.0, 2.0);
        heading = std::fmod(heading + turn + 360.0, 360.0);
      }
      p = geo::destination(p, heading, gs / 3600);
      const double d_next = geo::distance_nm(p, route[next]);
      if (next + 1 < route.size() && d_next < 3) ++next;
      if (next + 1 == route.size() && (alt <= elev_to + 30 || d_next < 0.2)) break;
      step(p, alt, gs, heading, vrate, false);
    }
    // Landing roll and taxi in.
    landings.push_back(t_);
    alt = elev_to;
    while (gs > 20) {
      gs -= 4;
      p = geo::destination(p, heading, gs / 3600);
      step(p, alt, gs, heading, 0, true);
    }
    taxi(p, alt, 240);
    // On the ground, silent to everyone but a receiver at the field.
    const double stay = leg.ground_minutes_after * 60 - 540;
    for (double s = 0; s < stay; s += 30) {
      t_ += 30;
      if (heard(p, alt, true)) write(p, alt, 0, heading, 0, true, true);
    }
  }

 private:
  void taxi(const geo::LatLon& p, double alt, double seconds) {
    for (double s = 0; s < seconds; ++s) step(p, alt, 12, 0, 0, true);
  }

  // Whether a position sent now is received: within a receiver's range and
  // radio horizon, less often towards the edge, the ground only close to a
  // receiver that can hear it.
  bool heard(const geo::LatLon& p, double alt, bool on_ground) {
    double best = 0;
    for (const auto& r : receivers) {
      const double d = geo::distance_nm(p, r.pos);
      if (on_ground) {
        if (r.hears_ground && d < 8) best = 1;
        continue;
      }
      const double reach =
          std::min(r.range_nm, 1.23 * (std::sqrt(r.antenna_ft) + std::sqrt(std::max(alt, 0.0))));
      if (d > reach) continue;
      const double margin = d / reach;  // 0 at the receiver, 1 at the edge
      best = std::max(best, margin < 0.7 ? 0.9 : 0.9 - (margin - 0.7) / 0.3 * 0.85);
    }
    return u_(rng_) < best;
  }

  void step(const geo::LatLon& p, double alt, double gs, double track, double vrate,
            bool on_ground) {
    t_ += 1;
    if (!heard(p, alt, on_ground)) return;
    const double since = t_ - last_t_;
    const bool changed =
        since >= 8 && (std::fabs(std::fmod(track - last_track_ + 540.0, 360.0) - 180.0) > 4 ||
                       std::fabs(alt - last_alt_) >= 400);
    if (since >= interval_ || changed || on_ground != last_ground_)
      write(p, alt, gs, track, vrate, on_ground, false);
  }

  void write(const geo::LatLon& p, double alt, double gs, double track, double vrate,
             bool on_ground, bool parked) {
    Position q;
    q.icao = icao_;
    q.t = t_;
    q.lat = p.lat;
    q.lon = p.lon;
    q.on_ground = on_ground;
    q.has = Position::kGs | Position::kTrack;
    if (!on_ground) {
      q.alt_baro = static_cast<std::int32_t>(std::lround(alt / 25) * 25);
      q.vrate = static_cast<std::int32_t>(std::lround(vrate / 64) * 64);
      q.has |= Position::kAlt | Position::kVrate;
    }
    q.gs = static_cast<float>(parked ? 0 : gs);
    q.track = static_cast<float>(track);
    if (!callsign_.empty()) {
      std::memcpy(q.callsign.data(), callsign_.data(), std::min<std::size_t>(8, callsign_.size()));
      q.has |= Position::kCallsign;
    }
    points.push_back(q);
    last_t_ = t_;
    last_track_ = track;
    last_alt_ = alt;
    last_ground_ = on_ground;
    interval_ = 30 + 30 * u_(rng_);
  }

  std::uint32_t icao_;
  double t_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> u_{0, 1};
  std::string callsign_;
  double last_t_ = -1e9, last_track_ = 0, last_alt_ = 0, interval_ = 45;
  bool last_ground_ = true;
};

}  // namespace skywitness::test
