#include "skywitness/live/alert.hpp"

#include <cmath>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace skywitness::live {
namespace {

constexpr const char* kNames[] = {"takeoff",           "landing",           "landing_inferred",
                                  "landing_confirmed", "landing_withdrawn", "landing_abroad",
                                  "airborne_at_start", "first_seen",        "country_resumed"};

}  // namespace

const char* alert_type_name(AlertType t) {
  return kNames[static_cast<std::size_t>(t)];
}

std::optional<AlertType> parse_alert_type(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kNames); ++i)
    if (name == kNames[i]) return static_cast<AlertType>(i);
  return std::nullopt;
}

namespace {
std::tm utc(double time) {
  const auto s = static_cast<std::time_t>(std::llround(time));
  std::tm tm{};
  gmtime_r(&s, &tm);
  return tm;
}
}  // namespace

std::string alert_id(AlertType type, std::uint32_t icao, double time) {
  const auto tm = utc(time);
  return fmt::format("{}-{:06x}-{:04}{:02}{:02}T{:02}{:02}{:02}Z", alert_type_name(type), icao,
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
}

std::string alert_time(double time) {
  const auto tm = utc(time);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

namespace {
nlohmann::ordered_json text_or_null(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s);
}
}  // namespace

std::string alert_json(const Alert& a) {
  nlohmann::ordered_json j;
  j["id"] = a.id;
  j["type"] = alert_type_name(a.type);
  j["icao"] = fmt::format("{:06x}", a.icao);
  j["registration"] = text_or_null(a.registration);
  j["callsign"] = text_or_null(a.callsign);
  j["airport"] = text_or_null(a.airport);
  j["country"] = text_or_null(a.country);
  j["time"] = alert_time(a.time);
  j["how"] = a.observed ? "observed" : "inferred";
  j["leg_id"] = a.leg_id ? nlohmann::ordered_json(*a.leg_id) : nlohmann::ordered_json();
  j["reason"] = a.reason;
  j["candidates"] = a.candidates;
  if (!a.refers.empty()) j["refers"] = a.refers;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace skywitness::live
