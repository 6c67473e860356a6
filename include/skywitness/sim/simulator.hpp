// The traffic simulator: plans every leg of a scenario, flies them, and writes
// what receivers and archives would have recorded, with the exact truth.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "skywitness/geo/airports.hpp"
#include "skywitness/sim/scenario.hpp"

namespace skywitness::sim {

enum OutputFormat : unsigned {
  kOutAvr = 1,
  kOutBeast = 2,
  kOutSbs = 4,
  kOutTrace = 8,
  kOutOpensky = 16,
  kOutAll = 31,
};
// "avr,beast,sbs,trace,opensky" -> bit mask; false on an unknown name.
bool parse_formats(const std::string& list, unsigned& out, std::string& error);

struct SimAircraft {
  std::uint32_t icao = 0;
  std::string registration, type, operator_name, callsign_prefix;
  bool background = false;
};

struct PlannedLeg {
  std::size_t aircraft = 0;  // index into Plan::aircraft
  std::string origin, destination, callsign;
  double off_block = 0, takeoff = 0, landing = 0, on_block = 0;
  int itinerary = -1;      // index into Plan::itineraries, -1 for background
  std::uint32_t icao = 0;  // address transmitted (an address change may alter it)
  // The end is in the outputs: inside the coverage and the scenario's span.
  bool takeoff_covered = true, landing_covered = true;
  std::string landing_hole;  // name of the hole the landing fell in, if any
};

struct PlannedItinerary {
  std::size_t aircraft = 0;
  std::string label;
  std::vector<std::size_t> legs;
  // What the scenario says the trip removes people to (empty optional: it
  // does not say), and for each of those countries the trip's first leg
  // landing there (index into Plan::legs), in the same order.
  std::optional<std::vector<std::string>> removal_countries;
  std::vector<std::size_t> removal_legs;
};

struct Plan {
  std::vector<SimAircraft> aircraft;
  std::vector<PlannedLeg> legs;  // sorted by off_block
  std::vector<PlannedItinerary> itineraries;
};

// Plans the scenario: explicit itineraries, schedule trips, background flights.
// Deterministic for a seed. Returns false with a message on an unknown
// airport or aircraft, or a removal country the trip never lands in.
bool plan_scenario(const Scenario& s, const geo::Airports& airports, std::uint64_t seed, Plan& out,
                   std::string& error);

struct SimOptions {
  std::string out_dir;
  unsigned formats = kOutAll;
  std::uint64_t seed = 1;
  std::function<void(const std::string&)> progress;  // long runs report here
};

struct SimSummary {
  std::size_t legs = 0, itineraries = 0, aircraft = 0;  // aircraft: the watched ones
  std::size_t background_legs = 0;
  std::uint64_t frames = 0, frames_lost = 0, frames_corrupted = 0, sbs_lines = 0;
  std::uint64_t trace_files = 0, trace_points = 0, opensky_rows = 0;
};

// Writes the outputs and DIR/truth.json. Returns false with a message when a
// file cannot be written. `plan_out`, when given, receives the plan it flew.
bool simulate(const Scenario& s, const geo::Airports& airports, const SimOptions& options,
              SimSummary& summary, std::string& error, Plan* plan_out = nullptr);

}  // namespace skywitness::sim
