// Border encounters of one month and citizenship: the value the encounters
// reader gives and the store keeps.
#pragma once

#include <cstdint>
#include <string>

namespace skywitness {

struct EncounterCount {
  std::string month;        // YYYY-MM
  std::string citizenship;  // as the source spells it
  std::string country;      // ISO 3166-1 alpha-2, empty when unmapped
  std::uint64_t encounters = 0;
};

}  // namespace skywitness
