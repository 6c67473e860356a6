// libFuzzer target for the readsb trace reader: any bytes give points and
// located errors, never a crash, and never a point out of range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/tracks/readsb_trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  // Every error names the input it was given, and says something.
  FunctionReporter errors([](const Error& e) {
    if (e.where.file != "fuzz" || e.message.empty()) __builtin_trap();
  });
  tracks::TraceReader reader(
      [](const Position& p) {
        if (std::fabs(p.lat) > 90 || std::fabs(p.lon) > 180) __builtin_trap();
      },
      errors);
  reader.read_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  return 0;
}
