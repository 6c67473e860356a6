// A simulation scenario: watched aircraft and their itineraries, repeated
// trip patterns, background traffic, receiver coverage and its holes, and the
// imperfections of real reception. Read from JSON (docs/simulator.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skywitness::sim {

struct AircraftSpec {
  std::uint32_t icao = 0;
  std::string registration, type, operator_name;
  std::string callsign;  // prefix; a flight number is appended per leg ("GXA" -> "GXA1234")
};

// One trip: the aircraft leaves airports[0] at `depart` and flies through
// the list, waiting ground_minutes[i] at airports[i + 1] (last value repeats).
struct ItinerarySpec {
  std::string aircraft;  // registration or hex address
  double depart = 0;
  std::vector<std::string> airports;
  std::vector<double> ground_minutes;
  std::string label;
  // The countries (ISO 3166-1 alpha-2) the trip removes people to, as the
  // scenario's author says: the ground truth the removal counts are held to.
  // Written down rather than derived, so that the rule under test (the first
  // foreign country) is not also the truth. Empty optional: the scenario does
  // not say; an empty list: the trip removes nobody.
  std::optional<std::vector<std::string>> removal_countries;
};

// Trips generated from patterns: each aircraft flies one of the patterns on
// `trips_per_week` days, departing between the given UTC hours.
struct ScheduleSpec {
  std::vector<std::string> aircraft;
  double from = 0, to = 0;
  double trips_per_week = 5;
  std::vector<std::vector<std::string>> patterns;
  // One list per pattern, as ItinerarySpec::removal_countries.
  std::optional<std::vector<std::vector<std::string>>> removal_countries;
  double ground_minutes = 75;
  double earliest_hour = 12, latest_hour = 18;
};

struct BackgroundSpec {
  double flights_per_day = 0;
  double from = 0, to = 0;  // default: the scenario's span
  double min_nm = 150, max_nm = 3000;
  double large_weight = 10;  // relative weight of large airports
};

struct Receiver {
  double lat = 0, lon = 0, range_nm = 250;
  double antenna_ft = 100;  // height above the ground: sets its radio horizon
  double ground_nm = 5;     // aircraft on the ground are heard this close only
};

// How the archives (readsb traces, OpenSky) hear the traffic.
struct ArchiveCoverage {
  // false: everywhere but the holes (kind). true: only within a receiver's
  // range and radio horizon (1.23 x (sqrt(antenna ft) + sqrt(altitude ft))
  // NM), the ground only within ground_nm, and less often towards the edge
  // of reach: low and far away, points are sparse.
  bool from_receivers = false;
  // "fixed": a trace point every 6 s low down and 30 s in cruise. "readsb":
  // a point when the track turns 4 degrees or the altitude moves 400 ft
  // (at most every 8 s), else every 30 to 60 s; only when a position was
  // heard.
  std::string cadence = "fixed";
};

struct Hole {
  std::string name;
  double lat = 0, lon = 0, radius_nm = 0;
};

struct AddressChange {
  std::string aircraft;
  double at = 0;
  std::uint32_t new_icao = 0;
};

struct Imperfections {
  double loss = 0;              // probability a frame is not received
  double position_noise_m = 0;  // standard deviation of position error
  double garbled = 0;           // probability a frame arrives with a corrupted byte
  double bad_crc = 0;           // probability a frame arrives with one flipped bit
  std::vector<AddressChange> address_changes;
};

struct Scenario {
  std::string name, description;
  bool synthetic_identities = true;
  double start = 0, end = 0;
  std::optional<std::pair<double, double>> raw_window;  // raw formats only inside it
  std::vector<AircraftSpec> aircraft;
  std::vector<ItinerarySpec> itineraries;
  std::vector<ScheduleSpec> schedules;
  BackgroundSpec background;
  std::vector<Receiver> receivers;  // empty: coverage everywhere but the holes
  std::vector<Hole> holes;
  ArchiveCoverage archive;
  Imperfections imperfections;
};

// Parses scenario JSON text; `origin` names it in messages.
std::optional<Scenario> parse_scenario(std::string_view text, const std::string& origin,
                                       std::string& error);
// Parses a scenario file; on error returns empty with a message naming the field.
std::optional<Scenario> load_scenario_file(const std::string& path, std::string& error);
// A built-in scenario by name (data/scenarios/NAME.json) or a path.
std::optional<Scenario> load_scenario(const std::string& name_or_path, std::string& error);
std::vector<std::string> builtin_scenarios();

}  // namespace skywitness::sim
