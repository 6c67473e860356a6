#include "skywitness/roles/profile.hpp"

#include <algorithm>
#include <utility>

#include <toml++/toml.h>

#include <fmt/format.h>

#include "skywitness/core/data.hpp"

namespace skywitness::roles {
namespace {

// A list of ICAO airport codes; false with `error` set when it is not one.
bool airports(const toml::table& t, const char* key, std::set<std::string>& out,
              const std::string& path, std::string& error) {
  const auto* node = t.get(key);
  if (!node) return true;
  const auto* arr = node->as_array();
  if (!arr) {
    error = fmt::format("{}:{}: '{}' must be a list of ICAO airport codes", path,
                        node->source().begin.line, key);
    return false;
  }
  for (const auto& item : *arr) {
    const auto s = item.value<std::string>();
    if (!s || s->size() != 4) {
      error = fmt::format("{}:{}: '{}' holds something that is not a 4-letter ICAO code", path,
                          item.source().begin.line, key);
      return false;
    }
    out.insert(*s);
  }
  return true;
}

// A list of upper-case words matching `valid` (designators, registrations).
bool words(const toml::node_view<const toml::node> t, const char* key, std::set<std::string>& out,
           bool (*valid)(const std::string&), const char* what, const std::string& path,
           std::string& error) {
  const auto* node = t[key].node();
  if (!node) return true;
  const auto* arr = node->as_array();
  if (!arr) {
    error =
        fmt::format("{}:{}: '{}' must be a list of {}", path, node->source().begin.line, key, what);
    return false;
  }
  for (const auto& item : *arr) {
    const auto s = item.value<std::string>();
    if (!s || !valid(*s)) {
      error = fmt::format("{}:{}: '{}' holds something that is not {}", path,
                          item.source().begin.line, key, what);
      return false;
    }
    out.insert(*s);
  }
  return true;
}

bool designator(const std::string& s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
bool registration(const std::string& s) {
  return !s.empty() && s.size() <= 10 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::optional<Profile> load_profile(const std::string& path, std::string& error) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    error = fmt::format("{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column,
                        e.description());
    return std::nullopt;
  }
  Profile p;
  p.name = t["name"].value_or(std::string());
  p.description = t["description"].value_or(std::string());
  p.home_country = t["home_country"].value_or(std::string());
  if (p.home_country.size() != 2) {
    error =
        fmt::format("{}: 'home_country' must be an ISO 3166-1 alpha-2 code such as \"US\"", path);
    return std::nullopt;
  }
  if (!airports(t, "hubs", p.hubs, path, error) ||
      !airports(t, "border_airports", p.border_airports, path, error) ||
      !airports(t, "technical_stops", p.technical_stops, path, error))
    return std::nullopt;
  if (p.hubs.empty()) {
    error = fmt::format("{}: 'hubs' must name at least one airport", path);
    return std::nullopt;
  }
  const toml::node_view<const toml::node> counting = std::as_const(t)["counting"];
  if (!words(counting, "operators", p.operator_prefixes, designator,
             "3-letter ICAO airline designators", path, error) ||
      !words(counting, "registrations", p.operator_registrations, registration,
             "registrations in capitals (N807SK)", path, error) ||
      !words(counting, "scheduled_airlines", p.scheduled_airlines, designator,
             "3-letter ICAO airline designators", path, error))
    return std::nullopt;
  const auto th = t["thresholds"];
  p.technical_stop_hours = th["technical_stop_hours"].value_or(p.technical_stop_hours);
  p.base_stay_hours = th["base_stay_hours"].value_or(p.base_stay_hours);
  p.sleeps_for_base = th["sleeps_for_base"].value_or(p.sleeps_for_base);
  p.return_detour = th["return_detour"].value_or(p.return_detour);
  if (!(p.technical_stop_hours > 0 && p.technical_stop_hours < 100 && p.base_stay_hours > 0 &&
        p.base_stay_hours < 1000 && p.sleeps_for_base >= 1 && p.return_detour >= 1 &&
        p.return_detour < 10)) {
    error = fmt::format(
        "{}: [thresholds] out of range (hours must be positive, sleeps_for_base "
        "at least 1, return_detour from 1 to 10)",
        path);
    return std::nullopt;
  }
  return p;
}

std::optional<Profile> load_default_profile(std::string& error) {
  return load_profile(data_path("profiles/us-removal.toml"), error);
}

}  // namespace skywitness::roles
