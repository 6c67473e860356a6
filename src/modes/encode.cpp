#include "skywitness/modes/encode.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "skywitness/modes/cpr.hpp"
#include "skywitness/modes/crc.hpp"
#include "skywitness/modes/fields.hpp"

namespace skywitness::modes::encode {
namespace {

// Writes `value` into `count` bits starting at bit `first` (0 = first bit).
void put(Frame& f, unsigned first, unsigned count, std::uint32_t value) {
  for (unsigned i = 0; i < count; ++i) {
    const unsigned bit = first + i;
    const bool on = (value >> (count - 1 - i)) & 1U;
    auto& byte = f.bytes[bit / 8];
    const auto mask = static_cast<std::uint8_t>(0x80 >> (bit % 8));
    byte = on ? static_cast<std::uint8_t>(byte | mask) : static_cast<std::uint8_t>(byte & ~mask);
  }
}

// ME bits are numbered from 1 at message bit 33.
void put_me(Frame& f, unsigned first, unsigned last, std::uint32_t value) {
  put(f, 32 + first - 1, last - first + 1, value);
}

Frame extended_squitter(std::uint32_t icao, std::uint8_t ca = 5) {
  Frame f;
  f.len = 14;
  put(f, 0, 5, 17);
  put(f, 5, 3, ca);
  put(f, 8, 24, icao);
  return f;
}

std::uint32_t clamp_field(double v, std::uint32_t max) {
  return static_cast<std::uint32_t>(std::clamp(std::lround(v), 0L, static_cast<long>(max)));
}

}  // namespace

void set_parity(Frame& f, std::uint32_t overlay) {
  const std::size_t n = f.len - 3u;
  const std::uint32_t p = crc24(f.bytes.data(), n) ^ overlay;
  f.bytes[n] = static_cast<std::uint8_t>(p >> 16);
  f.bytes[n + 1] = static_cast<std::uint8_t>(p >> 8);
  f.bytes[n + 2] = static_cast<std::uint8_t>(p);
}

Frame identification(std::uint32_t icao, std::string_view callsign, std::uint8_t category,
                     std::uint8_t ca) {
  Frame f = extended_squitter(icao, ca);
  const unsigned tc = 0x0E - (category >> 4);
  put_me(f, 1, 5, tc);
  put_me(f, 6, 8, category & 7U);
  for (unsigned i = 0; i < 8; ++i)
    put_me(f, 9 + 6 * i, 14 + 6 * i, ais_code(i < callsign.size() ? callsign[i] : ' '));
  set_parity(f);
  return f;
}

Frame airborne_position(std::uint32_t icao, double lat, double lon, std::int32_t alt_ft, bool odd) {
  Frame f = extended_squitter(icao);
  put_me(f, 1, 5, 11);
  put_me(f, 9, 20, encode_ac12_q(alt_ft));
  put_me(f, 22, 22, odd ? 1 : 0);
  const auto e = cpr::encode({lat, lon}, odd, false);
  put_me(f, 23, 39, e.lat);
  put_me(f, 40, 56, e.lon);
  set_parity(f);
  return f;
}

Frame surface_position(std::uint32_t icao, double lat, double lon, double gs_kt, double track_deg,
                       bool odd) {
  Frame f = extended_squitter(icao, 4);
  put_me(f, 1, 5, 7);
  // Inverse of the movement table, for speeds up to 175 kt.
  unsigned mov = 1;
  if (gs_kt >= 175)
    mov = 124;
  else if (gs_kt >= 100)
    mov = 109 + static_cast<unsigned>((gs_kt - 100) / 5);
  else if (gs_kt >= 70)
    mov = 94 + static_cast<unsigned>((gs_kt - 70) / 2);
  else if (gs_kt >= 15)
    mov = 39 + static_cast<unsigned>(gs_kt - 15);
  else if (gs_kt >= 2)
    mov = 13 + static_cast<unsigned>((gs_kt - 2) / 0.5);
  else if (gs_kt >= 1)
    mov = 9 + static_cast<unsigned>((gs_kt - 1) / 0.25);
  else if (gs_kt >= 0.125)
    mov = 2 + static_cast<unsigned>((gs_kt - 0.125) / 0.125);
  put_me(f, 6, 12, mov);
  put_me(f, 13, 13, 1);
  put_me(f, 14, 20, clamp_field(std::fmod(track_deg + 360.0, 360.0) * 128.0 / 360.0, 127));
  put_me(f, 22, 22, odd ? 1 : 0);
  const auto e = cpr::encode({lat, lon}, odd, true);
  put_me(f, 23, 39, e.lat);
  put_me(f, 40, 56, e.lon);
  set_parity(f);
  return f;
}

Frame velocity(std::uint32_t icao, double gs_kt, double track_deg, std::int32_t vrate_fpm,
               bool geometric) {
  Frame f = extended_squitter(icao);
  put_me(f, 1, 5, 19);
  put_me(f, 6, 8, 1);
  const double rad = track_deg * std::numbers::pi / 180.0;
  const double vx = gs_kt * std::sin(rad), vy = gs_kt * std::cos(rad);
  put_me(f, 14, 14, vx < 0 ? 1 : 0);
  put_me(f, 15, 24, clamp_field(std::fabs(vx), 1021) + 1);
  put_me(f, 25, 25, vy < 0 ? 1 : 0);
  put_me(f, 26, 35, clamp_field(std::fabs(vy), 1021) + 1);
  put_me(f, 36, 36, geometric ? 0 : 1);
  put_me(f, 37, 37, vrate_fpm < 0 ? 1 : 0);
  put_me(f, 38, 46, clamp_field(std::abs(vrate_fpm) / 64.0, 510) + 1);
  set_parity(f);
  return f;
}

Frame all_call(std::uint32_t icao, std::uint8_t ca) {
  Frame f;
  f.len = 7;
  put(f, 0, 5, 11);
  put(f, 5, 3, ca);
  put(f, 8, 24, icao);
  set_parity(f);
  return f;
}

Frame altitude_reply(std::uint32_t icao, std::int32_t alt_ft) {
  Frame f;
  f.len = 7;
  put(f, 0, 5, 4);
  put(f, 19, 13, ac12_to_ac13(encode_ac12_q(alt_ft)));
  set_parity(f, icao);
  return f;
}

Frame identity_reply(std::uint32_t icao, std::uint16_t squawk) {
  Frame f;
  f.len = 7;
  put(f, 0, 5, 5);
  put(f, 19, 13, encode_id13(squawk));
  set_parity(f, icao);
  return f;
}

Frame commb_reply(std::uint32_t icao, std::int32_t alt_ft, const std::uint8_t mb[7]) {
  Frame f;
  f.len = 14;
  put(f, 0, 5, 20);
  put(f, 19, 13, ac12_to_ac13(encode_ac12_q(alt_ft)));
  std::copy(mb, mb + 7, f.bytes.begin() + 4);
  set_parity(f, icao);
  return f;
}

}  // namespace skywitness::modes::encode
