// Operators by ICAO three-letter designator (ICAO Doc 8585), the prefix of an
// airline's ADS-B callsign: data/airlines/airlines.csv (OpenFlights, ODbL 1.0,
// with overrides where it is stale). A designator names who flies under it,
// not who owns the aircraft or chartered the flight.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "skywitness/core/status.hpp"

namespace skywitness::registry {

struct Airline {
  std::string icao;      // three letters, upper case: "GXA"
  std::string name;      // "Global Crossing Airlines (GlobalX)"
  std::string callsign;  // radio telephony designator, "GLOBALX"; empty when unknown
  std::string country;   // ISO 3166-1 alpha-2; empty when unknown
  bool active = false;   // the source marks it flying
};

class Airlines {
 public:
  // Parses the text of an airlines CSV (icao,name,callsign,country,active,
  // with a header line). Bad lines are reported to `errors` (kBadInput,
  // located by `name` and line) and skipped; a designator given twice keeps
  // its first line and reports the second.
  static Airlines parse(std::string_view text, ErrorReporter& errors, std::string_view name = {});
  // Reads a file; empty with `error` set when it cannot be read or its first
  // line is not the header. Bad lines are reported to `errors` when given
  // ("FILE:LINE: ...") and skipped either way.
  static std::optional<Airlines> load(const std::string& path, std::string& error,
                                      ErrorReporter* errors = nullptr);
  // data/airlines/airlines.csv from the data folder (skywitness/core/data.hpp).
  static std::optional<Airlines> load_bundled(std::string& error, ErrorReporter* errors = nullptr);

  // By designator, case-insensitive ("gxa" finds GXA); nullptr when unknown.
  const Airline* find(std::string_view icao) const;
  std::size_t size() const { return airlines_.size(); }
  // In the file's order.
  const std::vector<Airline>& all() const { return airlines_; }
  // Lines skipped as bad by the parse that made this table.
  std::size_t skipped() const { return skipped_; }

 private:
  std::vector<Airline> airlines_;
  std::unordered_map<std::string, std::size_t> by_icao_;
  std::size_t skipped_ = 0;
};

}  // namespace skywitness::registry
