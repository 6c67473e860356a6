// Positions of one aircraft, in time order, into legs: split where the
// aircraft was on the ground, or across a gap whose two ends are low and near
// an airport; never on a time gap alone. A gap far longer than a direct
// flight between its ends becomes an unobserved stop.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "skywitness/core/leg.hpp"
#include "skywitness/core/position.hpp"
#include "skywitness/geo/airport_index.hpp"

namespace skywitness::flights {

struct SegmenterOptions {
  double gap_s = 600;             // silence that counts as a gap
  double airport_reach_nm = 40;   // how far from a field a low end may be
  double low_base_ft = 3000;      // low: below this above the field ...
  double low_ft_per_nm = 350;     // ... plus this per NM when arriving (a generous approach slope)
  double climb_ft_per_nm = 1000;  // ... or this per NM when departing (a steep climb-out)
  double ground_airport_nm = 5;   // ground positions match airports this close
  double overhead_nm = 1.1;       // seen this close to a field (about 2 km) ...
  double overhead_ft = 1000;      // ... and this low above it: that field, whatever else is near
  double tie_margin = 1.5;     // fits this close (NM-equivalent) are a tie: scheduled service wins
  double touch_and_go_s = 60;  // shorter ground contact at speed is not a stop
  double stop_factor = 1.25;   // unobserved stop: gap > factor x direct time + margin
  double stop_margin_s = 1800;
  // ... or, with at least min_stop_s more than a direct flight, when the ends
  // show a landing or a takeoff inside the gap: out of it climbing (vertical
  // rate >= evidence_fpm, below evidence_max_ft) from evidence_drop_ft or
  // more below the altitude it went in at; into it descending to that far
  // below where it comes out; or descending in and climbing out, both below
  // low_pair_ft.
  double min_stop_s = 1500;
  double evidence_fpm = 500;
  double evidence_max_ft = 36000;
  double evidence_drop_ft = 4000;
  double steep_fpm = 2500;  // ... or climbing or descending this steeply
  double low_pair_ft = 20000;
  double cruise_kt = 300;      // assumed speed when the data has none
  double max_speed_kt = 1000;  // faster apparent movement is a second source, not the aircraft
  // The windows of ends not observed (LegEnd::window) hold every time the
  // gap allows: a flight across it covers ground at fast_kt at the most (a
  // jet in a strong tailwind; faster when it was seen faster), and a stop
  // inside it, landing to takeoff, takes min_ground_s at the least.
  double fast_kt = 650;
  double min_ground_s = 600;
  // Not a flight but a fragment, dropped and counted (Segmented::fragments):
  // neither end observed, one of them where the data start or end in the
  // air, and fewer than fragment_positions positions or less than fragment_s
  // from the first sighting to the last. A single position, or a few minutes
  // heard at the edge of a receiver's range, says nothing of where or when
  // the aircraft flew.
  std::uint64_t fragment_positions = 3;
  double fragment_s = 300;
};

struct Segmented {
  std::vector<Leg> legs;
  std::vector<UnobservedStop> stops;
  // Positions dropped because reaching them from the last kept one would
  // take an impossible speed: one address heard at two places at once (a
  // duplicate address or a spoof). The first track heard is kept.
  std::uint64_t rejected = 0;
  std::vector<std::size_t> rejected_at;  // their indices in the track, ascending
  std::uint64_t fragments = 0;           // dropped: not flights (SegmenterOptions)
};

// The streaming segmenter: push one aircraft's positions in time order, in
// any pieces; each leg is given to `on_leg` once it is final (the next leg
// has opened, or flush() was called: a landing stays open to a touch-and-go
// until then), each unobserved stop to `on_stop` as soon as it is found. It
// holds the open leg and the last closed one, never the positions. flush()
// ends the open leg where the data ends and starts afresh.
class Segmenter {
 public:
  using LegSink = std::function<void(Leg&&)>;
  using StopSink = std::function<void(UnobservedStop&&)>;
  Segmenter(const geo::AirportIndex& airports, const SegmenterOptions& options, LegSink on_leg,
            StopSink on_stop);
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  void push(const Position& p);
  void push(std::span<const Position> positions);
  void flush();

  bool in_air() const;  // a leg is open
  // The leg in progress, as it stands (no destination yet); nullptr when
  // none is open. Valid until the next push() or flush().
  const Leg* open_leg() const;
  // The last leg closed and not yet final: it landed, and a takeoff within
  // touch_and_go_s at speed would reopen it. nullptr when none is held.
  const Leg* held_leg() const;
  // Where an aircraft last heard at `p` fits a landing if it came down
  // unseen right after: the field it is low near and descending towards
  // (and every field that fits about as well, as candidates), as an
  // inferred end on low-altitude evidence; nullopt when no field fits. What
  // `live` says when a signal is lost before touchdown.
  std::optional<LegEnd> arrival_at(const Position& p) const;
  // As in Segmented, counted over every position pushed since construction.
  std::uint64_t rejected() const;
  const std::vector<std::size_t>& rejected_at() const;
  std::uint64_t fragments() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// A whole history at once: the streaming segmenter over `track`, flushed.
Segmented segment(const std::vector<Position>& track, const geo::AirportIndex& airports,
                  const SegmenterOptions& options = {});

}  // namespace skywitness::flights
