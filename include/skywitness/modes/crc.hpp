// Mode S parity: CRC-24 with generator 0xFFF409 (ICAO Annex 10, Vol IV, 3.1.2.3.3).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace skywitness::modes {

// CRC-24 of `n` bytes (the message without its 24-bit parity field).
std::uint32_t crc24(const std::uint8_t* data, std::size_t n);

namespace detail {
// kCrcTail[k][b]: the CRC-24 of byte b followed by k zero bytes. The CRC is
// linear, so the CRC of a data part of n <= 11 bytes is the XOR of
// kCrcTail[n - 1 - i][data[i]]: independent lookups, no chain through the
// register (a DF17's 11 data bytes take 11 loads that run side by side).
extern const std::array<std::array<std::uint32_t, 256>, 11> kCrcTail;
}  // namespace detail

// Parity field XOR the CRC of the data part. Zero for a clean DF11 (IID 0),
// DF17 or DF18; the address for DF0/4/5/16/20/21 (address/parity overlay).
inline std::uint32_t syndrome(const std::uint8_t* msg, std::size_t len_bytes) {
  const std::size_t n = len_bytes - 3;
  const std::uint32_t parity =
      (std::uint32_t{msg[n]} << 16) | (std::uint32_t{msg[n + 1]} << 8) | msg[n + 2];
  if (n > detail::kCrcTail.size()) return crc24(msg, n) ^ parity;
  const auto& t = detail::kCrcTail;
  std::uint32_t a = 0, b = 0;
  std::size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    a ^= t[n - 1 - i][msg[i]];
    b ^= t[n - 2 - i][msg[i + 1]];
  }
  if (i < n) a ^= t[0][msg[i]];
  return a ^ b ^ parity;
}

// The bit (0 = first bit of the message) whose flip gives `syndrome` in a
// message of `len_bytes`, or -1 when no single bit does. The first five bits
// (the downlink format) are never proposed: a flipped DF changes the meaning
// of the whole frame.
int single_bit_error(std::uint32_t syndrome, std::size_t len_bytes);

}  // namespace skywitness::modes
