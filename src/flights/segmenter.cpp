#include "skywitness/flights/segmenter.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace skywitness {

const char* end_how_name(EndHow h) {
  switch (h) {
    case EndHow::kObserved:
      return "observed";
    case EndHow::kInferred:
      return "inferred";
    case EndHow::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const char* end_evidence_name(EndEvidence e) {
  switch (e) {
    case EndEvidence::kGround:
      return "ground";
    case EndEvidence::kLowAltitude:
      return "low_altitude";
    case EndEvidence::kGap:
      return "gap";
    case EndEvidence::kNone:
      return "none";
  }
  return "none";
}

}  // namespace skywitness

namespace skywitness::flights {
namespace {

double angle_between(double a, double b) {
  const double d = std::fabs(std::fmod(a - b + 540.0, 360.0) - 180.0);
  return d;
}

}  // namespace

// The state machine behind both the streaming and the batch interface. It
// holds the open leg and the last closed one: a closed leg is final only
// when the next leg opens (a touch-and-go reopens it) or the data ends.
class Segmenter::Impl {
 public:
  Impl(const geo::AirportIndex& index, const SegmenterOptions& opt, LegSink on_leg,
       StopSink on_stop)
      : index_(index), opt_(opt), on_leg_(std::move(on_leg)), on_stop_(std::move(on_stop)) {}

  void push(const Position& p) {
    const std::size_t i = pushed_++;
    const Position* prev = has_prev_ ? &prev_ : nullptr;
    if (prev && !plausible(*prev, p)) {
      ++rejected_;
      rejected_at_.push_back(i);
      return;
    }
    if (prev && p.t - prev->t > opt_.gap_s) gap(*prev, p);
    if (p.on_ground) {
      if (!prev || !prev->on_ground) {
        ground_since_ = p.t;
        ground_min_gs_ = 1e9;
      }
      ground_min_gs_ =
          std::min(ground_min_gs_, (p.has & Position::kGs) ? static_cast<double>(p.gs) : 0.0);
      if (in_air_) land_on_ground(prev, p);
    } else {
      if (!in_air_) {
        const bool touch_and_go = prev && prev->on_ground && held_ && !reopened_guard_ &&
                                  p.t - ground_since_ < opt_.touch_and_go_s && ground_min_gs_ > 40;
        if (touch_and_go) {
          // A touch-and-go: the wheels touched, the aircraft never stopped.
          cur_ = std::move(*held_);
          held_.reset();
          cur_.destination = LegEnd{};
          in_air_ = true;
        } else if (prev && prev->on_ground) {
          take_off_from_ground(*prev, p);
        } else {
          // The data starts in the air, or the aircraft is airborne again
          // after a gap that gap() did not resolve into a leg.
          start_in_air(p);
        }
      }
      if (p.has & Position::kCallsign) cur_.callsign = p.callsign.data();
    }
    if (in_air_) ++cur_.positions;
    prev_ = p;
    has_prev_ = true;
  }

  void flush() {
    if (in_air_ && has_prev_) end_in_air(prev_);
    release();
    has_prev_ = false;
    in_air_ = false;
    reopened_guard_ = false;
    cur_ = Leg{};
  }

  bool in_air() const { return in_air_; }
  const Leg* open_leg() const { return in_air_ ? &cur_ : nullptr; }
  const Leg* held_leg() const { return held_ ? &*held_ : nullptr; }
  std::optional<LegEnd> arrival_at(const Position& p) const {
    const auto fit = low_near_airport(p, true);
    if (!fit) return std::nullopt;
    auto e = end_from(fit, p.t, EndHow::kInferred, EndEvidence::kLowAltitude);
    return e;
  }
  std::uint64_t rejected() const { return rejected_; }
  std::uint64_t fragments() const { return fragments_; }
  const std::vector<std::size_t>& rejected_at() const { return rejected_at_; }

 private:
  bool plausible(const Position& from, const Position& to) const {
    const double dt = std::max(0.0, to.t - from.t);
    const double allowed = opt_.max_speed_kt * dt / 3600.0 + 2.0;
    return geo::distance_nm({from.lat, from.lon}, {to.lat, to.lon}) <= allowed;
  }

  struct Fit {
    std::string airport;
    std::vector<std::string> candidates;
    double distance_nm = 0;
  };

  std::optional<Fit> ground_airport(const Position& p) const {
    double d = 0;
    const auto* a = index_.nearest({p.lat, p.lon}, opt_.ground_airport_nm, &d);
    if (!a) return std::nullopt;
    return Fit{a->ident, {}, d};
  }

  // An airport the aircraft is low enough near, flying towards it (arriving)
  // or away from it (departing). Observation beats preference: a field the
  // aircraft was seen right over (within about 2 km, under 1,000 ft above it)
  // wins outright; otherwise each field is scored on how well the position
  // fits a landing there or a takeoff from there (distance, alignment of the
  // track with the field, height against a normal approach or climb), and
  // scheduled service only breaks ties between fields that fit about equally.
  std::optional<Fit> low_near_airport(const Position& p, bool arriving) const {
    if (!(p.has & Position::kAlt) || p.on_ground) return std::nullopt;
    if ((p.has & Position::kVrate) && (arriving ? p.vrate > 300 : p.vrate < -300))
      return std::nullopt;
    struct Candidate {
      double cost, distance;
      std::string ident;
      bool scheduled;
      bool overhead;
    };
    std::vector<Candidate> fits;
    for (const auto& hit : index_.within({p.lat, p.lon}, opt_.airport_reach_nm)) {
      const double agl = p.alt_baro - hit.airport->elevation_ft;
      const double slope = arriving ? opt_.low_ft_per_nm : opt_.climb_ft_per_nm;
      if (agl > opt_.low_base_ft + slope * hit.distance_nm) continue;
      double misalignment = 0;
      if ((p.has & Position::kTrack) && hit.distance_nm > 3) {
        const double to_field = geo::bearing_deg({p.lat, p.lon}, hit.airport->pos);
        const double course = arriving ? to_field : std::fmod(to_field + 180.0, 360.0);
        misalignment = angle_between(course, static_cast<double>(p.track));
        if (misalignment > 90) continue;
      }
      // Height above a slightly steep approach (350 ft per NM, a 3-degree
      // path is 320) when arriving, or above a steep climb (1,000 ft per NM)
      // when departing, with 800 ft to spare: far above it, this field is
      // not where the aircraft is about to land or has just left.
      const double path_ft = (arriving ? 350.0 : 1000.0) * hit.distance_nm;
      const double above = std::max(0.0, agl - path_ft - 800.0);
      Candidate c;
      c.cost = hit.distance_nm + misalignment / 10.0 + above / 200.0;
      c.distance = hit.distance_nm;
      c.ident = hit.airport->ident;
      c.scheduled = hit.airport->scheduled;
      c.overhead = hit.distance_nm <= opt_.overhead_nm && agl <= opt_.overhead_ft;
      fits.push_back(std::move(c));
    }
    if (fits.empty()) return std::nullopt;
    std::stable_sort(fits.begin(), fits.end(), [](const Candidate& a, const Candidate& b) {
      return a.overhead != b.overhead ? a.overhead : a.cost < b.cost;
    });
    const Candidate* best = &fits.front();
    if (!best->overhead) {
      // Ties: fields within a quarter of the best fit (far from every field,
      // a few miles more or less decide nothing); the first with
      // scheduled service among them, else the best fit.
      const double margin = std::max(opt_.tie_margin, 0.25 * best->cost);
      for (const auto& c : fits) {
        if (c.cost > best->cost + margin) break;
        if (c.scheduled) {
          best = &c;
          break;
        }
      }
    }
    Fit f{best->ident, {}, best->distance};
    // Every other field that fits nearly as well stays as a candidate.
    const double keep = fits.front().cost + 10;
    f.candidates.push_back(best->ident);
    for (const auto& c : fits)
      if (&c != best && c.cost <= keep) f.candidates.push_back(c.ident);
    if (f.candidates.size() == 1) f.candidates.clear();
    return f;
  }

  static LegEnd end_from(const std::optional<Fit>& fit, double t, EndHow how, EndEvidence ev) {
    LegEnd e;
    e.time = t;
    e.seen = t;
    if (fit) {
      e.airport = fit->airport;
      e.candidates = fit->candidates;
      e.how = how;
      e.evidence = ev;
    }
    return e;
  }

  // A leg that is no flight (SegmenterOptions::fragment_positions): neither
  // end seen, one of them in the air where the data start or end, and next
  // to nothing seen in between. Two ends inside gaps are a flight, however
  // little of it was heard (between two unobserved stops, or flown unseen
  // between two ground positions), and stay.
  bool fragment(const Leg& l) const {
    if (l.origin.observed() || l.destination.observed()) return false;
    if (l.origin.how != EndHow::kUnknown && l.destination.how != EndHow::kUnknown) return false;
    return l.positions < opt_.fragment_positions ||
           l.destination.sighting() - l.origin.sighting() < opt_.fragment_s;
  }

  // The last closed leg is final once another opens.
  void release() {
    if (held_) {
      if (fragment(*held_))
        ++fragments_;
      else
        on_leg_(std::move(*held_));
    }
    held_.reset();
  }
  void open_leg(const Position& p, LegEnd origin) {
    release();
    cur_ = Leg{};
    cur_.icao = p.icao;
    cur_.origin = std::move(origin);
    in_air_ = true;
    reopened_guard_ = false;
  }
  void close_leg(LegEnd destination) {
    cur_.destination = std::move(destination);
    release();
    held_ = std::move(cur_);
    cur_ = Leg{};
    in_air_ = false;
  }

  // On the ground, then in the air (or the other way round): the takeoff or
  // landing is seen, unless a gap lies between the two, and then it happened
  // somewhere in the gap, unseen.
  void take_off_from_ground(const Position& last_ground, const Position& first_air) {
    const bool gap = first_air.t - last_ground.t > opt_.gap_s;
    auto e = end_from(ground_airport(last_ground), first_air.t,
                      gap ? EndHow::kInferred : EndHow::kObserved,
                      gap ? EndEvidence::kGap : EndEvidence::kGround);
    if (gap && !e.airport.empty()) {
      e.seen = last_ground.t;
      e.window = {last_ground.t, first_air.t};
    }
    open_leg(first_air, std::move(e));
  }
  void land_on_ground(const Position* last_air, const Position& first_ground) {
    const bool gap = last_air && first_ground.t - last_air->t > opt_.gap_s;
    auto e = end_from(ground_airport(first_ground), first_ground.t,
                      gap ? EndHow::kInferred : EndHow::kObserved,
                      gap ? EndEvidence::kGap : EndEvidence::kGround);
    if (gap && !e.airport.empty()) {
      e.seen = last_air->t;
      e.window = {last_air->t, first_ground.t};
    }
    close_leg(std::move(e));
  }
  void start_in_air(const Position& p) {
    const auto fit = low_near_airport(p, false);
    open_leg(p, end_from(fit, p.t, EndHow::kObserved, EndEvidence::kLowAltitude));
  }
  void end_in_air(const Position& p) {
    const auto fit = low_near_airport(p, true);
    close_leg(end_from(fit, p.t, EndHow::kObserved, EndEvidence::kLowAltitude));
  }

  double speed_kt(const Position& a, const Position& b) const {
    double v = 0;
    if (a.has & Position::kGs) v = std::max(v, static_cast<double>(a.gs));
    if (b.has & Position::kGs) v = std::max(v, static_cast<double>(b.gs));
    return v > 100 ? v : opt_.cruise_kt;
  }

  // The altitudes at the two ends of a gap say the aircraft was on the
  // ground in between: it comes out climbing from well below where it went
  // in (a takeoff in the gap), or went in descending to well below where it
  // comes out (a landing), or both ends are low, descending and climbing.
  // An aircraft does not come down thousands of feet in cruise and climb
  // back; with the time for a stop on top (min_stop_s), it landed.
  bool landed_or_took_off(const Position& a, const Position& b) const {
    const auto alt = [](const Position& p) { return (p.has & Position::kAlt) != 0; };
    const auto rate = [](const Position& p) { return (p.has & Position::kVrate) != 0; };
    const bool climbing =
        alt(b) && rate(b) && b.vrate >= opt_.evidence_fpm && b.alt_baro <= opt_.evidence_max_ft;
    const bool descending =
        alt(a) && rate(a) && a.vrate <= -opt_.evidence_fpm && a.alt_baro <= opt_.evidence_max_ft;
    // A step climb or descent in cruise is slower than steep_fpm.
    if (climbing &&
        (!alt(a) || b.alt_baro <= a.alt_baro - opt_.evidence_drop_ft || b.vrate >= opt_.steep_fpm))
      return true;
    if (descending &&
        (!alt(b) || a.alt_baro <= b.alt_baro - opt_.evidence_drop_ft || a.vrate <= -opt_.steep_fpm))
      return true;
    return climbing && descending && a.alt_baro < opt_.low_pair_ft && b.alt_baro < opt_.low_pair_ft;
  }

  void gap(const Position& a, const Position& b) {
    const double dist = geo::distance_nm({a.lat, a.lon}, {b.lat, b.lon});
    const double dt = b.t - a.t;
    if (a.on_ground || b.on_ground) {
      // Seen on the ground at one end: that end is known; a ground-to-ground
      // gap between two airports is a whole leg flown unseen.
      if (a.on_ground && b.on_ground) {
        const auto from = ground_airport(a), to = ground_airport(b);
        if (from && to && from->airport != to->airport) {
          // Off after it was last seen at one field, down before it was seen
          // at the other, with the flight between at fast_kt at the most.
          const double flight_s = dist / opt_.fast_kt * 3600.0;
          auto origin = end_from(from, a.t, EndHow::kInferred, EndEvidence::kGap);
          origin.window = {a.t, std::max(a.t, b.t - flight_s)};
          auto destination = end_from(to, b.t, EndHow::kInferred, EndEvidence::kGap);
          destination.window = {std::min(b.t, a.t + flight_s), b.t};
          open_leg(a, std::move(origin));
          reopened_guard_ = true;
          close_leg(std::move(destination));
        }
      }
      return;  // air-to-ground and ground-to-air gaps close or open at the ground position
    }
    const double speed = speed_kt(a, b);
    const auto landed = low_near_airport(a, true);
    const auto departed = low_near_airport(b, false);
    if (landed && departed) {
      // Down low near a field at both ends: it landed and took off unseen.
      const double land_t =
          std::min(b.t, a.t + landed->distance_nm / std::max(140.0, speed * 0.5) * 3600.0);
      const double off_t =
          std::max(a.t, b.t - departed->distance_nm / std::max(160.0, speed * 0.5) * 3600.0);
      // The estimates above order the legs; what is known is less: the
      // landing and the takeoff both fall after the aircraft can have
      // reached the first field and before it can have left the second, at
      // the fastest it may have flown. How long it stood is not known.
      const double fast = std::max(opt_.fast_kt, speed);
      double from = a.t + landed->distance_nm / fast * 3600.0;
      double to = b.t - departed->distance_nm / fast * 3600.0;
      if (from > to) from = a.t, to = b.t;  // positions that disagree: all the gap
      auto destination = end_from(landed, land_t, EndHow::kInferred, EndEvidence::kGap);
      destination.seen = a.t;
      destination.window = {from, to};
      auto origin = end_from(departed, off_t, EndHow::kInferred, EndEvidence::kGap);
      origin.seen = b.t;
      origin.window = {from, to};
      close_leg(std::move(destination));
      open_leg(b, std::move(origin));
      return;
    }
    const double direct_s = dist / speed * 3600.0;
    if (dt > opt_.stop_factor * direct_s + opt_.stop_margin_s ||
        (dt - direct_s >= opt_.min_stop_s && landed_or_took_off(a, b))) {
      // Far too long for the distance: it stopped somewhere unseen.
      UnobservedStop s;
      s.icao = a.icao;
      s.from_time = a.t;
      s.to_time = b.t;
      s.from_lat = a.lat;
      s.from_lon = a.lon;
      s.to_lat = b.lat;
      s.to_lon = b.lon;
      // Half of the spare flying time, each way, at the observed speed.
      s.reach_nm = (dt - direct_s) / 2.0 / 3600.0 * speed / 2.0 + dist / 2.0;
      on_stop_(std::move(s));
      // Where it landed is for the stop's guess; when is what the gap
      // allows: after it was lost, and early enough for the shortest stop
      // before it was heard again; the takeoff after the shortest stop and
      // before it was heard again. Nothing here says how long it stood.
      LegEnd unknown_dest;
      unknown_dest.time = a.t;
      unknown_dest.seen = a.t;
      unknown_dest.window = {a.t, std::max(a.t, b.t - opt_.min_ground_s)};
      unknown_dest.how = EndHow::kInferred;
      unknown_dest.evidence = EndEvidence::kGap;
      close_leg(unknown_dest);
      LegEnd unknown_origin;
      unknown_origin.time = b.t;
      unknown_origin.seen = b.t;
      unknown_origin.window = {std::min(b.t, a.t + opt_.min_ground_s), b.t};
      unknown_origin.how = EndHow::kInferred;
      unknown_origin.evidence = EndEvidence::kGap;
      open_leg(b, unknown_origin);
    }
    // Otherwise a coverage gap inside one flight: the leg goes on.
  }

  const geo::AirportIndex& index_;
  const SegmenterOptions opt_;
  LegSink on_leg_;
  StopSink on_stop_;
  std::optional<Leg> held_;  // the last closed leg, until it cannot be reopened
  Position prev_;
  bool has_prev_ = false;
  double ground_since_ = 0, ground_min_gs_ = 1e9;
  std::size_t pushed_ = 0;
  Leg cur_;
  bool in_air_ = false;
  bool reopened_guard_ = false;
  std::uint64_t rejected_ = 0;
  std::vector<std::size_t> rejected_at_;
  std::uint64_t fragments_ = 0;
};

Segmenter::Segmenter(const geo::AirportIndex& airports, const SegmenterOptions& options,
                     LegSink on_leg, StopSink on_stop)
    : impl_(std::make_unique<Impl>(airports, options, std::move(on_leg), std::move(on_stop))) {}
Segmenter::~Segmenter() = default;
void Segmenter::push(const Position& p) {
  impl_->push(p);
}
void Segmenter::push(std::span<const Position> ps) {
  for (const auto& p : ps) impl_->push(p);
}
void Segmenter::flush() {
  impl_->flush();
}
const Leg* Segmenter::open_leg() const {
  return impl_->open_leg();
}
const Leg* Segmenter::held_leg() const {
  return impl_->held_leg();
}
std::optional<LegEnd> Segmenter::arrival_at(const Position& p) const {
  return impl_->arrival_at(p);
}
bool Segmenter::in_air() const {
  return impl_->in_air();
}
std::uint64_t Segmenter::rejected() const {
  return impl_->rejected();
}
const std::vector<std::size_t>& Segmenter::rejected_at() const {
  return impl_->rejected_at();
}
std::uint64_t Segmenter::fragments() const {
  return impl_->fragments();
}

Segmented segment(const std::vector<Position>& track, const geo::AirportIndex& airports,
                  const SegmenterOptions& options) {
  Segmented out;
  Segmenter s(
      airports, options, [&](Leg&& l) { out.legs.push_back(std::move(l)); },
      [&](UnobservedStop&& st) { out.stops.push_back(std::move(st)); });
  s.push(track);
  s.flush();
  out.rejected = s.rejected();
  out.rejected_at = s.rejected_at();
  out.fragments = s.fragments();
  return out;
}

}  // namespace skywitness::flights
