// A destination country's removal flights over time: flights and seats per
// month, each month with how much of it the data covers, the first and last
// flight, and events: flights resumed after a long pause, and flights
// stopped (none for far longer than the usual interval). A pause is stated
// only over time the data covers: where it does not, the event says what is
// known ("first flight seen since ...; no data from ... to ...").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "skywitness/core/coverage.hpp"
#include "skywitness/report/fleet.hpp"

namespace skywitness::report {

struct MonthCount {
  std::string month;  // YYYY-MM
  int flights = 0;
  long seats = 0;         // sum of the types' typical layouts, where known
  long seats_max = 0;     // sum of their largest layouts: an upper bound on people
  int seats_unknown = 0;  // flights whose aircraft type has no seat count
  int inferred = 0;       // flights whose landing was a guess
  std::optional<std::uint64_t> encounters;  // border encounters of the country's citizens
  Coverage coverage = Coverage::kNone;      // of the month by the data: 0 flights is a finding
  double covered_days = 0;                  // days of it the data covers
};

struct TimelineEvent {
  // kSeenAgain: a flight after a pause the data does not cover; how long
  // none flew is not known.
  enum class Kind { kFirst, kResumed, kStopped, kSeenAgain };
  Kind kind = Kind::kFirst;
  double time = 0;  // the flight the event is about
  double days = 0;  // the pause (resumed, seen again) or the time since the last flight (stopped)
  double covered_days = 0;  // of `days`, those the data covers
  std::string text;
};

const char* event_kind_name(TimelineEvent::Kind k);

struct TimelineOptions {
  // A flight after at least this many days without one is a resumption.
  double resume_after_days = 90;
  // No flight for this many times the usual (median) interval, and at least
  // `min_stop_days`, before the end of the data: flights stopped.
  double stop_factor = 4;
  double min_stop_days = 30;
};

struct CountryTimeline {
  std::string country;             // ISO 3166-1 alpha-2
  std::vector<MonthCount> months;  // every month from the first flight's to the data's end
  int flights = 0;
  long seats = 0, seats_max = 0;              // as MonthCount's
  double first = 0, last = 0;                 // the first and last flight (landing times)
  std::optional<double> usual_interval_days;  // median days between flights
  std::vector<TimelineEvent> events;          // in time order
  std::vector<const RemovalLeg*> legs;
  // Who is counted and what the data cover, as the outputs say: set by the
  // caller (scope_text, data_range).
  std::string scope;
  double data_first = 0, data_last = 0;
};

// `removals` from counted_removals; `coverage` the times the data covers
// (merged; Fleet::coverage), whose end is the data's end; `encounters` month
// -> encounters for the country (may be empty).
CountryTimeline build_timeline(const std::vector<RemovalLeg>& removals, const std::string& country,
                               std::span<const TimeSpan> coverage,
                               const std::map<std::string, std::uint64_t>& encounters = {},
                               const TimelineOptions& options = {});

}  // namespace skywitness::report
