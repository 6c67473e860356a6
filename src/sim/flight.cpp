#include "skywitness/sim/flight.hpp"

#include <algorithm>
#include <cmath>

namespace skywitness::sim {
namespace {

constexpr double kTaxiKt = 14;
constexpr double kClimbSpeedKt = 250;    // below 10,000 ft
constexpr double kDescentFtPerNm = 300;  // about 3 degrees
constexpr double kRunwayHalfNm = 0.9;
constexpr double kClimbFixNm = 5;
constexpr double kFinalFixNm = 10;

}  // namespace

double synthetic_runway_heading(double course) {
  double h = std::round(course / 10.0) * 10.0;
  if (h <= 0) h += 360.0;
  return h >= 360.5 ? h - 360.0 : h;
}

FlightPath::FlightPath(const geo::Airport& from, const geo::Airport& to,
                       const TypePerformance& perf, double off_block)
    : perf_(perf), elev_dep_(from.elevation_ft), elev_arr_(to.elevation_ft) {
  using geo::destination;
  h_dep_ = synthetic_runway_heading(geo::bearing_deg(from.pos, to.pos));
  h_arr_ = synthetic_runway_heading(std::fmod(geo::bearing_deg(to.pos, from.pos) + 180.0, 360.0));
  rwy_dep_ = destination(from.pos, h_dep_ + 180.0, kRunwayHalfNm);
  gate_dep_ = destination(from.pos, h_dep_ + 90.0, 0.7);
  const double roll_nm = perf.liftoff_kt * 35.0 / 3600.0 / 2.0;  // 35 s of even acceleration
  liftoff_ = destination(rwy_dep_, h_dep_, roll_nm);
  climb_fix_ = destination(liftoff_, h_dep_, kClimbFixNm);
  threshold_ = destination(to.pos, h_arr_ + 180.0, kRunwayHalfNm);
  final_fix_ = destination(threshold_, h_arr_ + 180.0, kFinalFixNm);
  const double rollout_nm =
      perf.approach_kt * 30.0 / 3600.0 / 2.0;  // 30 s of braking to taxi speed
  rollout_end_ = destination(threshold_, h_arr_, rollout_nm);
  gate_arr_ = destination(to.pos, h_arr_ - 90.0, 0.7);

  seg1_ = kClimbFixNm;
  seg2_ = geo::distance_nm(climb_fix_, final_fix_);
  seg3_ = kFinalFixNm;
  length_ = seg1_ + seg2_ + seg3_;
  // Short legs do not reach the type's cruise level.
  const double climb_ft_per_nm = perf.climb_fpm * 60.0 / 320.0;
  const double top = (length_ + elev_dep_ / climb_ft_per_nm + elev_arr_ / kDescentFtPerNm) /
                     (1.0 / climb_ft_per_nm + 1.0 / kDescentFtPerNm);
  cruise_ft_ = std::min<double>(perf.cruise_ft, std::floor(top * 0.9 / 1000.0) * 1000.0);
  cruise_ft_ = std::max(cruise_ft_, std::max(elev_dep_, elev_arr_) + 1500.0);

  taxi_out_s_ = geo::distance_nm(gate_dep_, rwy_dep_) / kTaxiKt * 3600.0;
  roll_s_ = 35.0;
  rollout_s_ = 30.0;
  taxi_in_s_ = geo::distance_nm(rollout_end_, gate_arr_) / kTaxiKt * 3600.0;

  // Integrate time over distance while airborne.
  table_.push_back({0, 0});
  double t = 0;
  const double step = std::max(0.5, length_ / 500.0);
  for (double s = 0; s < length_;) {
    const double next = std::min(length_, s + step);
    const double mid = (s + next) / 2;
    t += (next - s) / speed_at(altitude_at(mid), mid) * 3600.0;
    table_.push_back({t, next});
    s = next;
  }
  t_start_ = off_block;
  t_roll_ = t_start_ + taxi_out_s_;
  t_liftoff_ = t_roll_ + roll_s_;
  t_touchdown_ = t_liftoff_ + t;
  t_rollout_end_ = t_touchdown_ + rollout_s_;
  t_end_ = t_rollout_end_ + taxi_in_s_;
}

double FlightPath::altitude_at(double s) const {
  const double climb_ft_per_nm = perf_.climb_fpm * 60.0 / 320.0;
  const double climb = elev_dep_ + 35.0 + s * climb_ft_per_nm;
  const double descent = elev_arr_ + 50.0 + (length_ - s) * kDescentFtPerNm;
  return std::min({cruise_ft_, climb, descent});
}

// Feet per NM of the altitude profile at s: climbing, level, or descending.
double FlightPath::climb_gradient(double s) const {
  const double climb_ft_per_nm = perf_.climb_fpm * 60.0 / 320.0;
  const double climb = elev_dep_ + 35.0 + s * climb_ft_per_nm;
  const double descent = elev_arr_ + 50.0 + (length_ - s) * kDescentFtPerNm;
  if (cruise_ft_ <= climb && cruise_ft_ <= descent) return 0;
  return climb <= descent ? climb_ft_per_nm : -kDescentFtPerNm;
}

double FlightPath::speed_at(double alt_ft, double s) const {
  // Liftoff speed near the ground, 250 kt to 10,000 ft, cruise speed at cruise level.
  const double agl_dep = alt_ft - elev_dep_, agl_arr = alt_ft - elev_arr_;
  const bool arriving = s > length_ / 2;
  const double low = arriving ? perf_.approach_kt : perf_.liftoff_kt + 10;
  const double agl = arriving ? agl_arr : agl_dep;
  if (agl < 3000) return low + (kClimbSpeedKt - low) * std::max(0.0, agl) / 3000.0;
  if (alt_ft < 10000) return kClimbSpeedKt;
  const double f = std::clamp((alt_ft - 10000) / std::max(1.0, cruise_ft_ - 10000), 0.0, 1.0);
  return kClimbSpeedKt + (perf_.cruise_tas_kt - kClimbSpeedKt) * f;
}

geo::LatLon FlightPath::point_at(double s) const {
  if (s <= seg1_) return geo::interpolate(liftoff_, climb_fix_, s / seg1_);
  if (s <= seg1_ + seg2_)
    return geo::interpolate(climb_fix_, final_fix_, seg2_ > 0 ? (s - seg1_) / seg2_ : 1.0);
  return geo::interpolate(final_fix_, threshold_, std::min(1.0, (s - seg1_ - seg2_) / seg3_));
}

State FlightPath::at(double t) const {
  State st;
  auto along = [](geo::LatLon a, geo::LatLon b, double f) {
    return geo::interpolate(a, b, std::clamp(f, 0.0, 1.0));
  };
  if (t < t_roll_) {
    st.phase = Phase::kTaxiOut;
    st.pos = along(gate_dep_, rwy_dep_, (t - t_start_) / taxi_out_s_);
    st.gs_kt = kTaxiKt;
    st.track_deg = geo::bearing_deg(gate_dep_, rwy_dep_);
    st.alt_ft = elev_dep_;
    return st;
  }
  if (t < t_liftoff_) {
    st.phase = Phase::kTakeoffRoll;
    const double f = (t - t_roll_) / roll_s_;  // even acceleration: distance grows with f^2
    st.pos = along(rwy_dep_, liftoff_, f * f);
    st.gs_kt = perf_.liftoff_kt * f;
    st.track_deg = h_dep_;
    st.alt_ft = elev_dep_;
    return st;
  }
  if (t < t_touchdown_) {
    st.phase = Phase::kAirborne;
    st.on_ground = false;
    const double dt = t - t_liftoff_;
    auto it = std::upper_bound(table_.begin(), table_.end(), dt,
                               [](double v, const Sample& x) { return v < x.t; });
    const Sample& b = it == table_.end() ? table_.back() : *it;
    const Sample& a = it == table_.begin() ? table_.front() : *(it - 1);
    const double s = b.t > a.t ? a.s + (b.s - a.s) * (dt - a.t) / (b.t - a.t) : b.s;
    st.pos = point_at(s);
    st.alt_ft = altitude_at(s);
    st.gs_kt = speed_at(st.alt_ft, s);
    // Track: the great-circle course from here to the end of this segment.
    const geo::LatLon& seg_end = s <= seg1_           ? climb_fix_
                                 : s <= seg1_ + seg2_ ? final_fix_
                                                      : threshold_;
    st.track_deg =
        geo::distance_nm(st.pos, seg_end) > 0.01 ? geo::bearing_deg(st.pos, seg_end) : h_arr_;
    st.vrate_fpm = climb_gradient(s) * st.gs_kt / 60.0;
    return st;
  }
  if (t < t_rollout_end_) {
    st.phase = Phase::kLandingRoll;
    const double f = (t - t_touchdown_) / rollout_s_;  // even deceleration
    st.pos = along(threshold_, rollout_end_, 1 - (1 - f) * (1 - f));
    st.gs_kt = kTaxiKt + (perf_.approach_kt - kTaxiKt) * (1 - f);
    st.track_deg = h_arr_;
    st.alt_ft = elev_arr_;
    return st;
  }
  st.phase = Phase::kTaxiIn;
  st.pos = along(rollout_end_, gate_arr_, (t - t_rollout_end_) / taxi_in_s_);
  st.gs_kt = t < t_end_ ? kTaxiKt : 0;
  st.track_deg = geo::bearing_deg(rollout_end_, gate_arr_);
  st.alt_ft = elev_arr_;
  return st;
}

}  // namespace skywitness::sim
