// libFuzzer target for the aircraft database reader (FAA MASTER.txt, tar1090
// aircraft.csv, OpenSky CSV): every record it gives has a 24-bit address.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/registry/aircraft_db.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  // Every error names the input it was given, and says something.
  FunctionReporter errors([](const Error& e) {
    if (e.where.file != "fuzz" || e.message.empty()) __builtin_trap();
  });
  registry::AircraftDbReader reader(
      [](const AircraftRecord& r) {
        if (r.icao > 0xFFFFFF) __builtin_trap();
      },
      errors);
  reader.read_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  return 0;
}
