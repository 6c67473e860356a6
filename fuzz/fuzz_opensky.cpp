// libFuzzer target for the OpenSky state-vector CSV reader.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/tracks/opensky_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  // Every error names the input it was given, and says something.
  FunctionReporter errors([](const Error& e) {
    if (e.where.file != "fuzz" || e.message.empty()) __builtin_trap();
  });
  tracks::OpenskyReader reader(
      [](const Position& p) {
        if (std::fabs(p.lat) > 90 || std::fabs(p.lon) > 180) __builtin_trap();
      },
      errors);
  reader.read_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  return 0;
}
