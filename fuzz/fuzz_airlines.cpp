// libFuzzer target for the airline designator table (data/airlines/airlines.csv):
// every airline it keeps has a 3-letter upper-case designator and a name and
// is found by it in any case; every error names a line of the input.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "skywitness/registry/airlines.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto lines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  std::uint64_t reported = 0;
  FunctionReporter errors([&](const Error& e) {
    ++reported;
    if (e.where.file != "fuzz" || e.where.line == 0 || e.where.line > lines || e.message.empty() ||
        e.kind != ErrorKind::kBadInput)
      __builtin_trap();
  });
  const auto t = registry::Airlines::parse(text, errors, "fuzz");
  if (t.skipped() != reported || t.size() != t.all().size()) __builtin_trap();
  for (const auto& a : t.all()) {
    if (a.icao.size() != 3 || a.name.empty()) __builtin_trap();
    std::string lower = a.icao;
    for (auto& c : lower) {
      if (c < 'A' || c > 'Z') __builtin_trap();
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (t.find(a.icao) != &a || t.find(lower) != &a) __builtin_trap();
    if (!a.country.empty() && a.country.size() != 2) __builtin_trap();
  }
  return 0;
}
