// libFuzzer target for the readsb trace reader: any bytes give points and
// located errors, never a crash, and never a point out of range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/tracks/readsb_trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  tracks::TraceReader reader(
      [](const Position& p) {
        if (std::fabs(p.lat) > 90 || std::fabs(p.lon) > 180) __builtin_trap();
      },
      [](const tracks::TraceError&) {});
  reader.read_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  return 0;
}
