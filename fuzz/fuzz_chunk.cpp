// libFuzzer target for the store's position chunks: any bytes either decode
// into positions that encode and decode again to the same, or are refused.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "skywitness/store/store.hpp"

namespace {

using skywitness::Position;

// Equal, or both NaN: a chunk stores the time as it was given.
bool same_time(double a, double b) {
  return a == b || (a != a && b != b);
}

// Every field of a position, as decoding a chunk fills it.
bool same(const Position& a, const Position& b) {
  return a.icao == b.icao && a.non_icao == b.non_icao && same_time(a.t, b.t) && a.lat == b.lat &&
         a.lon == b.lon && a.alt_baro == b.alt_baro && a.on_ground == b.on_ground && a.gs == b.gs &&
         a.track == b.track && a.vrate == b.vrate && a.has == b.has && a.flags == b.flags &&
         a.callsign == b.callsign;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  std::vector<Position> first;
  if (!store::decode_chunk(std::string_view(reinterpret_cast<const char*>(data), size), 1, first))
    return 0;
  const auto blob = store::encode_chunk(first);
  std::vector<Position> second;
  if (!store::decode_chunk(blob, 1, second) || second.size() != first.size()) __builtin_trap();
  for (std::size_t i = 0; i < first.size(); ++i)
    if (!same(first[i], second[i])) __builtin_trap();
  if (store::encode_chunk(second) != blob) __builtin_trap();  // and encode to the same bytes
  return 0;
}
