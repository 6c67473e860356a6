// Per-aircraft state over a message stream: which addresses are known (to
// confirm addresses recovered from parity), and CPR pairing into positions,
// with physical plausibility checks. Memory grows with the number of aircraft
// seen recently, never with the number of messages.
#pragma once

#include <cstdint>
#include <optional>

#include "skywitness/core/address_map.hpp"
#include "skywitness/core/message.hpp"
#include "skywitness/modes/cpr.hpp"

namespace skywitness::tracking {

struct TrackerOptions {
  std::optional<modes::cpr::LatLon> receiver;  // enables receiver-relative decoding
  double max_range_nm = 450;                   // with a receiver: farther positions are rejected
  double max_airborne_kt = 1000;               // faster apparent movement is rejected
  double max_surface_kt = 150;
  double airborne_pair_window_s = 10;  // even/odd pair must be this close in time
  double surface_pair_window_s = 50;
  double position_max_age_s = 600;  // older positions are not used as references
  double expire_after_s = 1800;     // aircraft state forgotten after this silence
};

struct TrackerStats {
  std::uint64_t positions_global = 0;
  std::uint64_t positions_local = 0;     // relative to the aircraft's last position
  std::uint64_t positions_receiver = 0;  // relative to the receiver
  std::uint64_t rejected_speed = 0;      // implausible jump from the last position
  std::uint64_t rejected_range = 0;      // beyond the receiver's range
  std::uint64_t rejected_zone = 0;       // even/odd pair straddles a latitude zone
  std::uint64_t surface_no_reference = 0;
  std::uint64_t addresses_confirmed = 0;
  std::uint64_t addresses_unconfirmed = 0;
  std::uint64_t aircraft_seen = 0;
  std::uint64_t aircraft_peak = 0;  // most aircraft held at once
};

class Tracker {
 public:
  explicit Tracker(TrackerOptions options = {});

  // Updates state from `m` and completes it: confirms recovered addresses and
  // sets lat/lon (with the method) on position messages that decode.
  void update(Message& m);

  const TrackerStats& stats() const { return stats_; }
  std::size_t aircraft_count() const { return aircraft_.size(); }

 private:
  struct CprSample {
    modes::cpr::Encoded e;
    double t = 0;
    std::uint64_t seq = 0;  // message counter, for inputs without time
    bool valid = false;
  };
  struct Aircraft {
    double last_seen = 0;
    bool announced = false;  // seen in DF11/17/18 with a good parity
    CprSample even, odd, surf_even, surf_odd;
    bool has_position = false;
    double lat = 0, lon = 0, pos_t = 0;
    std::uint64_t pos_seq = 0;
    std::uint8_t rejections = 0;  // consecutive
  };

  void decode_position(Aircraft& a, Message& m, double now, bool timed);
  bool plausible(Aircraft& a, const Message& m, double lat, double lon, double now, bool timed);
  void expire(double now);

  TrackerOptions opt_;
  TrackerStats stats_;
  AddressMap<Aircraft> aircraft_;
  std::uint64_t seq_ = 0;
  double last_sweep_ = 0;
};

}  // namespace skywitness::tracking
