// libFuzzer target for the N-number parser: what it accepts converts back to
// the same registration (upper case, with the N).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "skywitness/registry/n_number.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto icao = registry::n_number_to_icao(in);
  if (!icao) return 0;
  std::string want;
  for (char c : in) want += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (want.empty() || want.front() != 'N') want.insert(want.begin(), 'N');
  const auto back = registry::icao_to_n_number(*icao);
  if (!back || *back != want) __builtin_trap();
  return 0;
}
