#include "skywitness/modes/crc.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace skywitness::modes {
namespace {

constexpr std::uint32_t kGenerator = 0xFFF409;

constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i << 16;
    for (int k = 0; k < 8; ++k) c = (c & 0x800000) ? ((c << 1) ^ kGenerator) : (c << 1);
    t[i] = c & 0xFFFFFF;
  }
  return t;
}
constexpr auto kTable = make_table();

// Slicing by eight: kSlice[k][b] is the CRC of byte b followed by k zero
// bytes, so eight message bytes fold into the register with eight independent
// lookups. A DF17 data part (11 bytes) takes one block and three single steps.
constexpr std::array<std::array<std::uint32_t, 256>, 8> make_slices() {
  std::array<std::array<std::uint32_t, 256>, 8> t{};
  t[0] = make_table();
  for (std::size_t k = 1; k < 8; ++k)
    for (std::size_t b = 0; b < 256; ++b) {
      const std::uint32_t c = t[k - 1][b];
      t[k][b] = ((c << 8) ^ t[0][(c >> 16) & 0xFF]) & 0xFFFFFF;
    }
  return t;
}
constexpr auto kSlice = make_slices();

constexpr std::array<std::array<std::uint32_t, 256>, 11> make_tails() {
  std::array<std::array<std::uint32_t, 256>, 11> t{};
  t[0] = make_table();
  for (std::size_t k = 1; k < t.size(); ++k)
    for (std::size_t b = 0; b < 256; ++b) {
      const std::uint32_t c = t[k - 1][b];
      t[k][b] = ((c << 8) ^ t[0][(c >> 16) & 0xFF]) & 0xFFFFFF;
    }
  return t;
}

// Syndrome of a single flipped bit, for both message lengths, sorted for lookup.
struct BitSyndromes {
  std::array<std::pair<std::uint32_t, int>, 112> long_bits{};
  std::array<std::pair<std::uint32_t, int>, 56> short_bits{};
};

BitSyndromes make_bit_syndromes() {
  BitSyndromes s;
  auto fill = [](auto& out, std::size_t len) {
    for (std::size_t bit = 0; bit < len * 8; ++bit) {
      std::uint8_t msg[14] = {};
      msg[bit / 8] = static_cast<std::uint8_t>(0x80 >> (bit % 8));
      out[bit] = {syndrome(msg, len), static_cast<int>(bit)};
    }
    std::sort(out.begin(), out.end());
  };
  fill(s.long_bits, 14);
  fill(s.short_bits, 7);
  return s;
}

}  // namespace

std::uint32_t crc24(const std::uint8_t* data, std::size_t n) {
  std::uint32_t c = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    // The 24-bit register lines up with the first three bytes of the block.
    const std::uint32_t x0 = ((c >> 16) ^ data[i]) & 0xFF;
    const std::uint32_t x1 = ((c >> 8) ^ data[i + 1]) & 0xFF;
    const std::uint32_t x2 = (c ^ data[i + 2]) & 0xFF;
    c = kSlice[7][x0] ^ kSlice[6][x1] ^ kSlice[5][x2] ^ kSlice[4][data[i + 3]] ^
        kSlice[3][data[i + 4]] ^ kSlice[2][data[i + 5]] ^ kSlice[1][data[i + 6]] ^
        kSlice[0][data[i + 7]];
  }
  for (; i < n; ++i) c = ((c << 8) ^ kTable[((c >> 16) ^ data[i]) & 0xFF]) & 0xFFFFFF;
  return c;
}

namespace detail {
// Constant-initialised (the initialiser is a constant expression): no
// start-up cost, and ready before any other static initialiser runs.
const std::array<std::array<std::uint32_t, 256>, 11> kCrcTail = make_tails();
}  // namespace detail

int single_bit_error(std::uint32_t syn, std::size_t len_bytes) {
  static const BitSyndromes table = make_bit_syndromes();
  auto lookup = [syn](const auto& arr) {
    auto it = std::lower_bound(arr.begin(), arr.end(), std::pair<std::uint32_t, int>{syn, -1});
    return (it != arr.end() && it->first == syn) ? it->second : -1;
  };
  const int bit = len_bytes == 14 ? lookup(table.long_bits) : lookup(table.short_bits);
  return bit >= 5 ? bit : -1;
}

}  // namespace skywitness::modes
