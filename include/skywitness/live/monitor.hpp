// The incremental core of `skywitness live`: positions as they arrive ->
// the store (as the positions of one live input) -> legs rebuilt as they
// close, with the same segmenter and rules as `ingest` -> alerts for the
// watched aircraft, recorded in the store before anything sends them.
//
// Time is the stream's: `now` is what the caller says it is (the wall clock,
// or a replay's receiver clock), so a replay at any speed gives the same
// alerts. Nothing here touches a socket; live.hpp feeds it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/core/position.hpp"
#include "skywitness/flights/segmenter.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::live {

struct MonitorOptions {
  flights::SegmenterOptions segmenter;
  double simplify_m = 250;  // stored tracks, as ingest
  // Silence after which an aircraft last heard low near a field, descending
  // towards it, is said to have landed there (landing_inferred).
  double lost_after_s = 300;
  // An aircraft first heard in the air this soon after watching began was
  // flying already (airborne_at_start); one first heard later flew into
  // coverage, and its takeoff was not seen.
  double start_window_s = 300;
  // first_seen: heard again after this many days without a stored position.
  double first_seen_days = 30;
  // country_resumed: a landing in a removal country with no landing there
  // by a watched aircraft in this many days before it.
  double quiet_days = 30;
  // Stream seconds between commits of the positions heard (legs close and
  // alerts are recorded at once, whatever this is).
  double commit_s = 30;
  // A restart picks up each aircraft from its stored positions of this long
  // before its first position in the new session.
  double restore_s = 6 * 3600;
  // Every aircraft is watched (without it: the watchlist's, or the
  // profile's operators and behaviour).
  bool all_aircraft = false;
};

struct MonitorStats {
  std::uint64_t positions = 0;
  std::uint64_t out_of_order = 0;  // older than the aircraft's last: stored, not tracked
  std::uint64_t aircraft = 0;      // heard this session
  std::uint64_t restored = 0;      // aircraft picked up from the store
  std::uint64_t commits = 0;
  std::uint64_t legs_closed = 0;  // by the live segmenters
  std::uint64_t aircraft_rebuilt = 0;
  std::uint64_t alerts = 0;            // recorded now
  std::uint64_t alerts_met_again = 0;  // already recorded (a restart, a second feed)
};

class Monitor {
 public:
  // `watchlist` may be null (the profile says who is watched). Every
  // reference must outlive the monitor.
  Monitor(store::Store& db, const geo::Airports& airports, const roles::Profile& profile,
          const watchlist::Watchlist* watchlist, MonitorOptions options);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Begins a session at stream time `now`: its positions go to the store as
  // the input named `input` ("live:2026-12-02T01:00:00Z").
  void start(double now, const std::string& input);
  // One position; an aircraft's must come in time order (older ones are
  // stored, not tracked).
  void push(const Position& p);
  // Registration and type as a feed tells them (aircraft.json).
  void set_info(std::uint32_t icao, std::string_view registration, std::string_view type);
  // Stream time is `now`: signals lost, commits due.
  void tick(double now);
  // The covered time so far: feeds were connected from `from` to `to`.
  void covered(double from, double to);
  // The end of the session: everything committed and the legs rebuilt.
  // With `data_end` (every feed has ended: a replay) open legs end where the
  // data end, as ingest ends them; without it (stopped) they are left for
  // the next session to pick up from the store.
  void finish(double now, bool data_end);

  // The alerts recorded since the last call, in the order recorded.
  std::vector<store::AlertRecord> take_recorded();
  const MonitorStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skywitness::live
