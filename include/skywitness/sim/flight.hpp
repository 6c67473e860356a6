// The trajectory of one simulated leg, gate to gate: taxi out, takeoff roll
// along the runway heading, climb, great-circle cruise at the type's level,
// descent, final approach on the runway heading, landing roll, taxi in.
#pragma once

#include <string>
#include <vector>

#include "skywitness/geo/airports.hpp"
#include "skywitness/sim/aircraft_types.hpp"

namespace skywitness::sim {

enum class Phase : unsigned char { kTaxiOut, kTakeoffRoll, kAirborne, kLandingRoll, kTaxiIn };

struct State {
  geo::LatLon pos;
  double alt_ft = 0;  // pressure altitude (ISA, no wind: equals height above sea level)
  double gs_kt = 0;
  double track_deg = 0;
  double vrate_fpm = 0;
  bool on_ground = true;
  Phase phase = Phase::kTaxiOut;
};

class FlightPath {
 public:
  // `off_block`: when the aircraft starts to taxi at `from`.
  FlightPath(const geo::Airport& from, const geo::Airport& to, const TypePerformance& perf,
             double off_block);

  double off_block() const { return t_start_; }
  double takeoff_time() const { return t_liftoff_; }
  double landing_time() const { return t_touchdown_; }
  double on_block() const { return t_end_; }
  double runway_heading_departure() const { return h_dep_; }
  double runway_heading_arrival() const { return h_arr_; }

  // State at time t, off_block() <= t <= on_block().
  State at(double t) const;

 private:
  struct Sample {
    double t, s;  // time since liftoff, distance flown (NM)
  };
  geo::LatLon point_at(double s) const;
  double altitude_at(double s) const;
  double speed_at(double alt_ft, double s) const;
  double climb_gradient(double s) const;

  const TypePerformance& perf_;
  double elev_dep_, elev_arr_;
  double h_dep_, h_arr_;
  geo::LatLon gate_dep_, rwy_dep_, liftoff_, climb_fix_, final_fix_, threshold_, rollout_end_,
      gate_arr_;
  double seg1_, seg2_, seg3_,
      length_;  // liftoff->climb fix, ->final fix (great circle), ->threshold
  double cruise_ft_;
  double taxi_out_s_, roll_s_, rollout_s_, taxi_in_s_;
  double t_start_, t_roll_, t_liftoff_, t_touchdown_, t_rollout_end_, t_end_;
  std::vector<Sample> table_;  // s(t) while airborne
};

// Runway heading the simulator uses at an airport for a given course: the
// course rounded to the nearest 10 degrees (the data has no runways).
double synthetic_runway_heading(double course_deg);

}  // namespace skywitness::sim
