#include "skywitness/modes/fields.hpp"

#include <cmath>

namespace skywitness::modes {
namespace {

std::uint32_t gray_to_binary(std::uint32_t g) {
  for (std::uint32_t mask = g >> 1; mask != 0; mask >>= 1) g ^= mask;
  return g;
}

}  // namespace

std::optional<std::int32_t> gillham_to_feet(std::uint16_t digits) {
  const unsigned a = (digits >> 12) & 7, b = (digits >> 8) & 7, c = (digits >> 4) & 7,
                 d = digits & 7;
  // D1 is never used for altitude; C all zero is illegal.
  if ((d & 1) != 0 || c == 0) return std::nullopt;
  // Bit order of the 500 ft Gray code: D2 D4 A1 A2 A4 B1 B2 B4.
  auto bit = [](unsigned digit, unsigned weight) { return (digit & weight) ? 1U : 0U; };
  const std::uint32_t g500 = (bit(d, 2) << 7) | (bit(d, 4) << 6) | (bit(a, 1) << 5) |
                             (bit(a, 2) << 4) | (bit(a, 4) << 3) | (bit(b, 1) << 2) |
                             (bit(b, 2) << 1) | bit(b, 4);
  const std::uint32_t g100 = (bit(c, 1) << 2) | (bit(c, 2) << 1) | bit(c, 4);
  const std::uint32_t five_hundreds = gray_to_binary(g500);
  std::uint32_t one_hundreds = gray_to_binary(g100);
  // The 100 ft code counts 1,2,3,4,5 as Gray 001,011,010,110,100; the last decodes to 7.
  if (one_hundreds == 7)
    one_hundreds = 5;
  else if (one_hundreds == 5 || one_hundreds == 6 || one_hundreds == 0)
    return std::nullopt;
  if (five_hundreds & 1) one_hundreds = 6 - one_hundreds;  // reflected on odd 500s
  return (static_cast<std::int32_t>(five_hundreds * 5 + one_hundreds) - 13) * 100;
}

namespace {

// AC13 / AC12 bit layout without M: C1 A1 C2 A2 C4 A4 [M] B1 Q B2 D2 B4 D4.
std::uint16_t ac_to_digits(std::uint32_t ac13_no_m) {
  auto b = [&](unsigned pos) { return (ac13_no_m >> (12 - pos)) & 1U; };  // pos 0..12 from MSB
  const unsigned c1 = b(0), a1 = b(1), c2 = b(2), a2 = b(3), c4 = b(4), a4 = b(5);
  const unsigned b1 = b(7), d1 = b(8), b2 = b(9), d2 = b(10), b4 = b(11), d4 = b(12);
  const unsigned A = a4 << 2 | a2 << 1 | a1, B = b4 << 2 | b2 << 1 | b1;
  const unsigned C = c4 << 2 | c2 << 1 | c1, D = d4 << 2 | d2 << 1 | d1;
  return static_cast<std::uint16_t>(A << 12 | B << 8 | C << 4 | D);
}

}  // namespace

std::optional<Altitude> detail::decode_ac13_other(std::uint32_t ac13) {
  if (ac13 == 0) return std::nullopt;
  if (ac13 & 0x40) {  // M: metric, 25 m... rarely used; 12 remaining bits in metres
    const std::uint32_t metres = ((ac13 & 0x1F80) >> 1) | (ac13 & 0x3F);
    return Altitude{static_cast<std::int32_t>(std::lround(metres / 0.3048)), true};
  }
  if (ac13 & 0x10) {  // Q: 25 ft steps
    const std::uint32_t n = ((ac13 & 0x1F80) >> 2) | ((ac13 & 0x20) >> 1) | (ac13 & 0x0F);
    return Altitude{static_cast<std::int32_t>(n) * 25 - 1000, false};
  }
  auto ft = gillham_to_feet(ac_to_digits(ac13));
  if (!ft) return std::nullopt;
  return Altitude{*ft, false};
}

std::uint16_t decode_id13(std::uint32_t id13) {
  // C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4
  return ac_to_digits(id13 & ~0x40U);
}

std::uint32_t encode_id13(std::uint16_t sq) {
  const unsigned A = (sq >> 12) & 7, B = (sq >> 8) & 7, C = (sq >> 4) & 7, D = sq & 7;
  auto put = [](unsigned v, unsigned pos) { return v << (12 - pos); };
  return put(C & 1, 0) | put(A & 1, 1) | put((C >> 1) & 1, 2) | put((A >> 1) & 1, 3) |
         put((C >> 2) & 1, 4) | put((A >> 2) & 1, 5) | put(B & 1, 7) | put(D & 1, 8) |
         put((B >> 1) & 1, 9) | put((D >> 1) & 1, 10) | put((B >> 2) & 1, 11) |
         put((D >> 2) & 1, 12);
}

std::uint32_t encode_ac12_q(std::int32_t feet) {
  const auto n = static_cast<std::uint32_t>((feet + 1000 + 12) / 25) & 0x7FF;  // nearest 25 ft step
  // n's bits around the Q bit (0x10 of the 12-bit field).
  return ((n & 0x7F0) << 1) | 0x10 | (n & 0x0F);
}

char ais_char(unsigned code) {
  static constexpr char kSet[] = "#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######";
  return kSet[code & 63];
}

unsigned ais_code(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A' + 1);
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 48);
  return 32;  // space
}

}  // namespace skywitness::modes
