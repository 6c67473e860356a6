#include "skywitness/sim/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/data.hpp"
#include "skywitness/core/time.hpp"

namespace skywitness::sim {
namespace {

using nlohmann::json;

struct ParseError {
  std::string message;
};

double time_field(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || !j[key].is_string())
    throw ParseError{fmt::format("{}: '{}' must be an ISO 8601 time", where, key)};
  const auto s = j[key].get<std::string>();
  auto t = parse_iso8601(s);
  if (!t) throw ParseError{fmt::format("{}: '{}' = '{}' is not an ISO 8601 time", where, key, s)};
  return *t;
}

std::uint32_t hex_address(const std::string& s, const std::string& where) {
  std::uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (s.size() != 6 || ec != std::errc{} || p != s.data() + s.size())
    throw ParseError{fmt::format("{}: '{}' is not a 6-digit hex address", where, s)};
  return v;
}

template <typename T>
T get_or(const json& j, const char* key, T fallback) {
  return j.contains(key) ? j[key].get<T>() : fallback;
}

// Removal countries are ISO 3166-1 alpha-2 codes, as the airport table has them.
std::vector<std::string> countries(const json& j, const std::string& where) {
  if (!j.is_array())
    throw ParseError{fmt::format("{}: 'removal_countries' must be a list of country codes", where)};
  std::vector<std::string> out;
  for (const auto& c : j) {
    const auto code = c.is_string() ? c.get<std::string>() : std::string();
    if (code.size() != 2 ||
        !std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      throw ParseError{
          fmt::format("{}: removal country {} is not an ISO 3166-1 alpha-2 code", where, c.dump())};
    out.push_back(code);
  }
  return out;
}

void check_range(double v, double lo, double hi, const char* what) {
  if (!(v >= lo && v <= hi))
    throw ParseError{fmt::format("{} = {} is outside {}..{}", what, v, lo, hi)};
}

void check_ranges(const Scenario& s) {
  check_range(s.end - s.start, 1, 5 * 366 * 86400.0, "scenario span (s)");
  check_range(s.background.flights_per_day, 0, 1e6, "background.flights_per_day");
  check_range(s.imperfections.loss, 0, 1, "imperfections.loss");
  check_range(s.imperfections.garbled, 0, 1, "imperfections.garbled");
  check_range(s.imperfections.bad_crc, 0, 1, "imperfections.bad_crc");
  check_range(s.imperfections.position_noise_m, 0, 10000, "imperfections.position_noise_m");
  for (const auto& sc : s.schedules) {
    check_range(sc.trips_per_week, 0, 7, "schedules[].trips_per_week");
    check_range(sc.to - sc.from, 0, 5 * 366 * 86400.0, "schedule span (s)");
    check_range(sc.earliest_hour, 0, 24, "schedules[].earliest_hour");
    check_range(sc.latest_hour, sc.earliest_hour, 24, "schedules[].latest_hour");
  }
  for (const auto& h : s.holes) check_range(h.radius_nm, 0, 10800, "coverage.holes[].radius_nm");
  for (const auto& r : s.receivers) {
    check_range(r.range_nm, 0, 1000, "coverage.receivers[].range_nm");
    check_range(r.antenna_ft, 0, 20000, "coverage.receivers[].antenna_ft");
    check_range(r.ground_nm, 0, 100, "coverage.receivers[].ground_nm");
  }
  if (s.raw_window)
    check_range(s.raw_window->second - s.raw_window->first, 0, 366 * 86400.0,
                "raw_window span (s)");
}

Scenario parse(const json& j) {
  Scenario s;
  s.name = get_or<std::string>(j, "name", "");
  s.description = get_or<std::string>(j, "description", "");
  s.synthetic_identities = get_or<bool>(j, "synthetic_identities", true);
  s.start = time_field(j, "start", "scenario");
  s.end = time_field(j, "end", "scenario");
  if (s.end <= s.start) throw ParseError{"scenario: 'end' must come after 'start'"};
  if (j.contains("raw_window")) {
    const auto& w = j["raw_window"];
    s.raw_window =
        std::pair{time_field(w, "from", "raw_window"), time_field(w, "to", "raw_window")};
  }
  for (const auto& a : get_or<json>(j, "aircraft", json::array())) {
    AircraftSpec spec;
    spec.icao = hex_address(a.at("icao").get<std::string>(), "aircraft");
    spec.registration = get_or<std::string>(a, "registration", "");
    spec.type = get_or<std::string>(a, "type", "A320");
    spec.operator_name = get_or<std::string>(a, "operator", "");
    spec.callsign = get_or<std::string>(a, "callsign", "");
    s.aircraft.push_back(spec);
  }
  for (const auto& it : get_or<json>(j, "itineraries", json::array())) {
    ItinerarySpec spec;
    spec.aircraft = it.at("aircraft").get<std::string>();
    spec.depart = time_field(it, "depart", "itinerary of " + spec.aircraft);
    spec.airports = it.at("airports").get<std::vector<std::string>>();
    if (spec.airports.size() < 2)
      throw ParseError{"itinerary of " + spec.aircraft + ": needs two airports or more"};
    spec.ground_minutes = get_or<std::vector<double>>(it, "ground_minutes", {75});
    spec.label = get_or<std::string>(it, "label", "");
    if (it.contains("removal_countries"))
      spec.removal_countries = countries(it["removal_countries"], "itinerary of " + spec.aircraft);
    s.itineraries.push_back(spec);
  }
  for (const auto& sc : get_or<json>(j, "schedules", json::array())) {
    ScheduleSpec spec;
    spec.aircraft = sc.at("aircraft").get<std::vector<std::string>>();
    spec.from = time_field(sc, "from", "schedule");
    spec.to = time_field(sc, "to", "schedule");
    spec.trips_per_week = get_or<double>(sc, "trips_per_week", 5);
    spec.patterns = sc.at("patterns").get<std::vector<std::vector<std::string>>>();
    if (sc.contains("removal_countries")) {
      const auto& rc = sc["removal_countries"];
      if (!rc.is_array() || rc.size() != spec.patterns.size())
        throw ParseError{fmt::format(
            "schedule: 'removal_countries' must hold one list per pattern ({} patterns)",
            spec.patterns.size())};
      spec.removal_countries.emplace();
      for (std::size_t i = 0; i < rc.size(); ++i)
        spec.removal_countries->push_back(
            countries(rc[i], fmt::format("schedule pattern {}", i + 1)));
    }
    spec.ground_minutes = get_or<double>(sc, "ground_minutes", 75);
    spec.earliest_hour = get_or<double>(sc, "earliest_hour", 12);
    spec.latest_hour = get_or<double>(sc, "latest_hour", 18);
    s.schedules.push_back(spec);
  }
  if (j.contains("background")) {
    const auto& b = j["background"];
    s.background.flights_per_day = get_or<double>(b, "flights_per_day", 0);
    s.background.from = b.contains("from") ? time_field(b, "from", "background") : s.start;
    s.background.to = b.contains("to") ? time_field(b, "to", "background") : s.end;
    s.background.min_nm = get_or<double>(b, "min_nm", 150);
    s.background.max_nm = get_or<double>(b, "max_nm", 3000);
    s.background.large_weight = get_or<double>(b, "large_weight", 10);
  }
  if (j.contains("coverage")) {
    const auto& c = j["coverage"];
    for (const auto& r : get_or<json>(c, "receivers", json::array()))
      s.receivers.push_back(
          {r.at("lat").get<double>(), r.at("lon").get<double>(), get_or<double>(r, "range_nm", 250),
           get_or<double>(r, "antenna_ft", 100), get_or<double>(r, "ground_nm", 5)});
    for (const auto& h : get_or<json>(c, "holes", json::array()))
      s.holes.push_back({get_or<std::string>(h, "name", ""), h.at("lat").get<double>(),
                         h.at("lon").get<double>(), h.at("radius_nm").get<double>()});
    s.archive.from_receivers = get_or<bool>(c, "archives_from_receivers", false);
    s.archive.cadence = get_or<std::string>(c, "trace_cadence", "fixed");
    if (s.archive.cadence != "fixed" && s.archive.cadence != "readsb")
      throw ParseError{
          fmt::format("coverage.trace_cadence: must be \"fixed\" or \"readsb\", not \"{}\"",
                      s.archive.cadence)};
    if (s.archive.from_receivers && s.receivers.empty())
      throw ParseError{
          "coverage.archives_from_receivers: needs at least one receiver in coverage.receivers"};
  }
  if (j.contains("imperfections")) {
    const auto& im = j["imperfections"];
    s.imperfections.loss = get_or<double>(im, "loss", 0);
    s.imperfections.position_noise_m = get_or<double>(im, "position_noise_m", 0);
    s.imperfections.garbled = get_or<double>(im, "garbled", 0);
    s.imperfections.bad_crc = get_or<double>(im, "bad_crc", 0);
    for (const auto& c : get_or<json>(im, "address_changes", json::array()))
      s.imperfections.address_changes.push_back(
          {c.at("aircraft").get<std::string>(), time_field(c, "at", "address change"),
           hex_address(c.at("new_icao").get<std::string>(), "address change")});
  }
  check_ranges(s);
  return s;
}

}  // namespace

std::optional<Scenario> parse_scenario(std::string_view text, const std::string& origin,
                                       std::string& error) {
  try {
    const json j = json::parse(text);
    if (!j.is_object()) throw ParseError{"a scenario is a JSON object"};
    return parse(j);
  } catch (const ParseError& e) {
    error = fmt::format("{}: {}", origin, e.message);
  } catch (const json::exception& e) {
    error = fmt::format("{}: {}", origin, e.what());
  }
  return std::nullopt;
}

std::optional<Scenario> load_scenario_file(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("cannot open scenario {}", path);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path, error);
}

std::vector<std::string> builtin_scenarios() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(data_path("scenarios"), ec))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<Scenario> load_scenario(const std::string& name_or_path, std::string& error) {
  if (std::filesystem::exists(name_or_path)) return load_scenario_file(name_or_path, error);
  const auto builtin = data_path("scenarios/") + name_or_path + ".json";
  if (std::filesystem::exists(builtin)) return load_scenario_file(builtin, error);
  error = fmt::format("no scenario file '{}' and no built-in scenario of that name (built-in: {})",
                      name_or_path, fmt::join(builtin_scenarios(), ", "));
  return std::nullopt;
}

}  // namespace skywitness::sim
