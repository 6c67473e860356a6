// libFuzzer target for the store's position chunks: any bytes either decode
// into positions that encode and decode again to the same, or are refused.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "skywitness/store/store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  std::vector<Position> first;
  if (!store::decode_chunk(std::string_view(reinterpret_cast<const char*>(data), size), 1, first))
    return 0;
  const auto blob = store::encode_chunk(first);
  std::vector<Position> second;
  if (!store::decode_chunk(blob, 1, second) || second.size() != first.size()) __builtin_trap();
  for (std::size_t i = 0; i < first.size(); ++i)
    if (!(first[i].t == second[i].t || (first[i].t != first[i].t && second[i].t != second[i].t)) ||
        first[i].alt_baro != second[i].alt_baro)
      __builtin_trap();
  return 0;
}
