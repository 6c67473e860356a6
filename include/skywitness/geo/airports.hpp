// The bundled airport table (data/airports/airports.csv, OurAirports).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "skywitness/geo/geodesy.hpp"

namespace skywitness::geo {

struct Airport {
  std::string ident;   // ICAO code where there is one
  bool large = false;  // OurAirports "large_airport"
  LatLon pos;
  int elevation_ft = 0;
  std::string country;  // ISO 3166-1 alpha-2
  std::string iata;
  bool scheduled = false;  // scheduled airline service (OurAirports)
  std::string name;
  std::string city;  // OurAirports "municipality"; empty when it has none or the file has no column
};

class Airports {
 public:
  // Loads the CSV; on failure returns empty and sets `error`.
  static std::optional<Airports> load(const std::string& path, std::string& error);
  // data/airports/airports.csv from the data folder (skywitness/core/data.hpp).
  static std::optional<Airports> load_bundled(std::string& error);

  const Airport* find(std::string_view ident) const;
  const std::vector<Airport>& all() const { return airports_; }

 private:
  std::vector<Airport> airports_;
  std::unordered_map<std::string, std::size_t> by_ident_;
};

}  // namespace skywitness::geo
