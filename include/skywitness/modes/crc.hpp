// Mode S parity: CRC-24 with generator 0xFFF409 (ICAO Annex 10, Vol IV, 3.1.2.3.3).
#pragma once

#include <cstddef>
#include <cstdint>

namespace skywitness::modes {

// CRC-24 of `n` bytes (the message without its 24-bit parity field).
std::uint32_t crc24(const std::uint8_t* data, std::size_t n);

// Parity field XOR the CRC of the data part. Zero for a clean DF11 (IID 0),
// DF17 or DF18; the address for DF0/4/5/16/20/21 (address/parity overlay).
std::uint32_t syndrome(const std::uint8_t* msg, std::size_t len_bytes);

// The bit (0 = first bit of the message) whose flip gives `syndrome` in a
// message of `len_bytes`, or -1 when no single bit does. The first five bits
// (the downlink format) are never proposed: a flipped DF changes the meaning
// of the whole frame.
int single_bit_error(std::uint32_t syndrome, std::size_t len_bytes);

}  // namespace skywitness::modes
