// libFuzzer target for the aircraft.json / v2 API snapshot reader: any bytes
// give positions and located errors, never a crash, never a position out of
// range or without a time. The content test and the words ingest says of a
// file it cannot read run on the same bytes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/ingest/ingest.hpp"
#include "skywitness/tracks/aircraft_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Every error names the input it was given, and says something.
  FunctionReporter errors([](const Error& e) {
    if (e.where.file != "fuzz" || e.message.empty()) __builtin_trap();
  });
  tracks::AircraftJsonReader reader(
      [](const Position& p) {
        if (std::fabs(p.lat) > 90 || std::fabs(p.lon) > 180 || !std::isfinite(p.t))
          __builtin_trap();
      },
      errors,
      [](std::uint32_t icao, std::string_view registration, std::string_view type) {
        if (icao > 0xffffff || registration.size() > 16 || type.size() > 16) __builtin_trap();
      });
  reader.read_text(text, "fuzz");
  const auto& s = reader.stats();
  if (s.positions + s.no_position + s.bad_aircraft != s.aircraft) __builtin_trap();
  (void)tracks::looks_like_aircraft_json(text);
  if (ingest::describe_content(text).empty()) __builtin_trap();
  return 0;
}
