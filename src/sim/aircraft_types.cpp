#include "skywitness/sim/aircraft_types.hpp"

namespace skywitness::sim {
namespace {

// Figures from manufacturers' published specifications, rounded.
constexpr TypePerformance kTypes[] = {
    {"A319", 447, 35000, 2200, 145, 135, 3700, 0xA3},
    {"A320", 447, 35000, 2200, 150, 137, 3300, 0xA3},
    {"A321", 450, 35000, 2000, 155, 142, 3200, 0xA3},
    {"B737", 453, 35000, 2200, 150, 138, 3000, 0xA3},
    {"B738", 453, 35000, 2200, 155, 145, 2900, 0xA3},
    {"B739", 453, 35000, 2100, 158, 148, 2900, 0xA3},
    {"MD83", 438, 33000, 2000, 155, 140, 2500, 0xA3},
    {"E145", 430, 33000, 2500, 135, 130, 1500, 0xA2},
    {"CRJ9", 447, 35000, 2500, 145, 140, 1500, 0xA3},
    {"GLF5", 480, 41000, 3500, 135, 130, 6500, 0xA3},
    {"GLF4", 470, 41000, 3500, 135, 130, 4000, 0xA3},
    {"B763", 470, 37000, 2000, 160, 145, 5900, 0xA5},
    {"B77W", 490, 37000, 2000, 170, 150, 7300, 0xA5},
    {"A333", 470, 37000, 2000, 160, 140, 6300, 0xA5},
};

}  // namespace

const TypePerformance& type_performance(std::string_view icao_type) {
  for (const auto& t : kTypes)
    if (icao_type == t.type) return t;
  return kTypes[1];  // A320
}

}  // namespace skywitness::sim
