// libFuzzer target for the scenario parser: any bytes give a scenario or an
// error message, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "skywitness/sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  auto s = skywitness::sim::parse_scenario(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", error);
  if (!s && error.empty()) __builtin_trap();  // a refusal must say why
  return 0;
}
