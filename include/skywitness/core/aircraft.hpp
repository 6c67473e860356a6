// What is known of one aircraft from the databases people publish (FAA,
// tar1090, OpenSky): the value the registry readers give and the store keeps.
#pragma once

#include <cstdint>
#include <string>

namespace skywitness {

struct AircraftRecord {
  std::uint32_t icao = 0;
  std::string registration;  // as registered, e.g. "N807SK"
  std::string type;          // ICAO type designator, empty when the source has none
  std::string description;   // manufacturer and model in words
  std::string operator_name, owner;
};

// An aircraft as an imported database describes it.
struct AircraftDbEntry {
  AircraftRecord record;
  std::string source;  // the file it came from last
};

}  // namespace skywitness
