// A profile: what makes a leg a removal, a transfer or a stop, for one
// country's removal flights (data/profiles/*.toml; docs/roles.md).
#pragma once

#include <optional>
#include <set>
#include <string>

namespace skywitness::roles {

struct Profile {
  std::string name, description;
  std::string home_country;  // ISO 3166-1 alpha-2
  std::set<std::string> hubs, border_airports, technical_stops;
  double technical_stop_hours = 6;
  double base_stay_hours = 6;
  int sleeps_for_base = 3;
  // A foreign stop after a removal is on the way back when flying there and
  // on to the base is at most this many times flying back straight.
  double return_detour = 1.15;
  // Who is counted when no watchlist is given ([counting]; docs/roles.md):
  // the removal operators by callsign prefix (ICAO designator) and by
  // registration, and aircraft that fly like them (behaviour), except those
  // flying under a scheduled airline's designator.
  std::set<std::string> operator_prefixes, operator_registrations, scheduled_airlines;
};

// Reads a TOML profile; on failure returns empty and sets `error` with the
// file, line and what is wrong.
std::optional<Profile> load_profile(const std::string& path, std::string& error);
// data/profiles/us-removal.toml
std::optional<Profile> load_default_profile(std::string& error);

}  // namespace skywitness::roles
