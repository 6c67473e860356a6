// libFuzzer target for watchlist files: every rule has a value of its kind's
// shape, and every error names a line of the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "skywitness/watchlist/watchlist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  using namespace skywitness::watchlist;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto lines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  CountingReporter errors(CountingReporter::kKeepAll);
  const auto w = Watchlist::parse(text, errors, "fuzz");
  for (const auto& r : w.rules()) {
    if (r.value.empty() || r.line == 0 || r.line > lines) __builtin_trap();
    if (r.kind == RuleKind::kAddress && r.value.size() != 6) __builtin_trap();
  }
  for (const auto& e : errors.kept())
    if (e.where.file != "fuzz" || e.where.line == 0 || e.where.line > lines || e.message.empty() ||
        e.kind != ErrorKind::kUsage)
      __builtin_trap();
  AircraftFacts a;
  a.icao = 0xa8f007;
  a.registration = "N807SK";
  a.callsigns = {"GXA1"};
  (void)w.match(a);
  return 0;
}
