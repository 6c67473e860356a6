// Field codings shared by several downlink formats.
#pragma once

#include <cstdint>
#include <optional>

namespace skywitness::modes {

// Bits [first, first+count) of a message, counted from 0 at the first bit.
inline std::uint32_t bits(const std::uint8_t* m, unsigned first, unsigned count) {
  std::uint64_t v = 0;
  const unsigned first_byte = first / 8, last_byte = (first + count - 1) / 8;
  for (unsigned i = first_byte; i <= last_byte; ++i) v = (v << 8) | m[i];
  const unsigned right = (last_byte + 1) * 8 - (first + count);
  return static_cast<std::uint32_t>((v >> right) & ((std::uint64_t{1} << count) - 1));
}

// A 56-bit ME or MB field held in one integer, its bits numbered from 1 as in
// DO-260B and ICAO Doc 9871.
struct Bits56 {
  std::uint64_t v = 0;
  explicit Bits56(const std::uint8_t* p) {
    for (int i = 0; i < 7; ++i) v = v << 8 | p[i];
  }
  std::uint32_t operator()(unsigned first, unsigned last) const {
    return static_cast<std::uint32_t>((v >> (56 - last)) &
                                      ((std::uint64_t{1} << (last - first + 1)) - 1));
  }
  bool bit(unsigned n) const { return ((v >> (56 - n)) & 1U) != 0; }
};

struct Altitude {
  std::int32_t feet = 0;
  bool metric_source = false;  // the M bit was set; value converted to feet
};

namespace detail {
// decode_ac13 for the codes that are not 25 ft steps: zero, metric, Gillham.
std::optional<Altitude> decode_ac13_other(std::uint32_t ac13);
}  // namespace detail

// 13-bit altitude code of DF0/4/16/20 (M and Q bits, Gillham when Q = 0).
// Inline for the common case, 25 ft steps (Q = 1, M = 0).
inline std::optional<Altitude> decode_ac13(std::uint32_t ac13) {
  if ((ac13 & 0x50) == 0x10) {
    const std::uint32_t n = ((ac13 & 0x1F80) >> 2) | ((ac13 & 0x20) >> 1) | (ac13 & 0x0F);
    return Altitude{static_cast<std::int32_t>(n) * 25 - 1000, false};
  }
  return detail::decode_ac13_other(ac13);
}

// AC13 is AC12 with the M bit (zero: feet) inserted after its sixth bit.
inline std::uint32_t ac12_to_ac13(std::uint32_t ac12) {
  return ((ac12 & 0xFC0) << 1) | (ac12 & 0x3F);
}

// 12-bit altitude of ADS-B airborne position messages (no M bit).
inline std::optional<std::int32_t> decode_ac12(std::uint32_t ac12) {
  auto alt = decode_ac13(ac12_to_ac13(ac12));
  if (!alt) return std::nullopt;
  return alt->feet;
}

// Gillham (Mode C) altitude in feet from a Mode A style code 0xABCD
// (octal digits), with C1..C4 in the C digit and D2/D4 in the D digit.
std::optional<std::int32_t> gillham_to_feet(std::uint16_t mode_a_digits);
// 13-bit identity code (DF5/21) to squawk digits packed as 0xABCD.
std::uint16_t decode_id13(std::uint32_t id13);
// Inverse codings, for the encoder and the tests.
std::uint32_t encode_id13(std::uint16_t squawk);
std::uint32_t encode_ac12_q(std::int32_t feet);  // 25 ft steps, Q = 1

// The 6-bit character set of aircraft identification (ICAO Annex 10, Vol IV, 3.1.2.9).
char ais_char(unsigned code);
unsigned ais_code(char c);  // inverse; 0 for characters outside the set

}  // namespace skywitness::modes
