// libFuzzer target for CBP encounter tables: every sum it gives is for a real
// calendar month, and no more rows are bad than were read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/encounters/cbp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  using namespace skywitness::encounters;
  static const CitizenshipMap names = [] {
    std::string error;
    auto m = CitizenshipMap::load_bundled(error);
    if (!m) __builtin_trap();
    return *m;
  }();
  // Every error names the input it was given, and says something.
  FunctionReporter errors([](const Error& e) {
    if (e.where.file != "fuzz" || e.message.empty()) __builtin_trap();
  });
  CbpReader reader(names, errors);
  reader.read_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  if (reader.stats().bad_rows > reader.stats().rows) __builtin_trap();
  for (const auto& c : reader.counts()) {
    if (c.month.size() != 7 || c.month[4] != '-') __builtin_trap();
    const int m = (c.month[5] - '0') * 10 + (c.month[6] - '0');
    if (m < 1 || m > 12 || c.citizenship.empty()) __builtin_trap();
  }
  return 0;
}
