// libFuzzer target for the aircraft database reader (FAA MASTER.txt, tar1090
// aircraft.csv, OpenSky CSV): every record it gives has a 24-bit address.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/registry/aircraft_db.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  registry::AircraftDbReader reader(
      [](const AircraftRecord& r) {
        if (r.icao > 0xFFFFFF) __builtin_trap();
      },
      [](std::string_view, std::uint64_t, std::string_view) {});
  reader.read_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  return 0;
}
