// Comm-B (DF20/21) register inference. The MB field does not say which
// register it holds; each candidate register is tried against its own
// consistency rules (status bits, reserved bits, physical ranges), in the
// manner of the reference decoders. When more than one fits, the message is
// marked ambiguous and no values are reported.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "skywitness/modes/decode.hpp"
#include "skywitness/modes/fields.hpp"

namespace skywitness::modes {
namespace {

struct Mb : Bits56 {
  using Bits56::Bits56;
  // A status bit of 0 promises that the value bits that follow are zero.
  bool wrong_status(unsigned status, unsigned first, unsigned last) const {
    return !bit(status) && (*this)(first, last) != 0;
  }
  // Two's complement value with a separate sign bit in front.
  std::int32_t signed_value(unsigned sign, unsigned first, unsigned last) const {
    const auto value = static_cast<std::int32_t>((*this)(first, last));
    return bit(sign) ? value - (1 << (last - first + 1)) : value;
  }
};

enum Register : std::uint8_t {
  kB10 = 1,
  kB17 = 2,
  kB20 = 4,
  kB30 = 8,
  kB40 = 16,
  kB50 = 32,
  kB60 = 64
};

bool is_bds10(Mb d) {
  if (d(1, 8) != 0x10) return false;
  if (d(10, 14) != 0) return false;
  // Overlay capability: version numbers above 4 need the overlay bit.
  const unsigned version = d(17, 23);
  if (d.bit(15) && version < 5) return false;
  if (!d.bit(15) && version > 4) return false;
  return true;
}

bool is_bds17(Mb d) {
  if (d(25, 56) != 0) return false;
  if (!d.bit(7)) return false;  // BDS 2,0 is always supported when 1,7 is
  return d(1, 24) != 0;
}

bool is_bds20(Mb d) {
  if (d(1, 8) != 0x20) return false;
  for (unsigned i = 0; i < 8; ++i)
    if (ais_char(d(9 + 6 * i, 14 + 6 * i)) == '#') return false;
  return true;
}

bool is_bds30(Mb d) {
  if (d(1, 8) != 0x30) return false;
  if (d(29, 30) == 3) return false;  // threat type 3 is not assigned
  if (d(16, 22) >= 48) return false;
  return true;
}

bool is_bds40(Mb d) {
  if (d.wrong_status(1, 2, 13) || d.wrong_status(14, 15, 26) || d.wrong_status(27, 28, 39) ||
      d.wrong_status(48, 49, 51) || d.wrong_status(54, 55, 56))
    return false;
  if (d(40, 47) != 0 || d(52, 53) != 0) return false;
  return true;
}

bool is_bds50(Mb d) {
  if (d.wrong_status(1, 3, 11) || d.wrong_status(12, 13, 23) || d.wrong_status(24, 25, 34) ||
      d.wrong_status(35, 36, 45) || d.wrong_status(46, 47, 56))
    return false;
  const double roll = d.signed_value(2, 3, 11) * 45.0 / 256.0;
  if (d.bit(1) && std::fabs(roll) > 50) return false;
  const double gs = d(25, 34) * 2.0, tas = d(47, 56) * 2.0;
  if (d.bit(24) && gs > 600) return false;
  if (d.bit(46) && tas > 600) return false;
  if (d.bit(24) && d.bit(46) && std::fabs(tas - gs) > 200) return false;
  return true;
}

// ISA static pressure (Pa) at a pressure altitude, tabulated every 25 ft
// (the resolution of Mode S altitude) from -1,000 to 60,000 ft.
struct PressureTable {
  static constexpr int kMin = -1000, kStep = 25, kCount = (60000 - kMin) / kStep + 1;
  std::array<double, kCount> pa{};
  PressureTable() {
    for (int i = 0; i < kCount; ++i) {
      const double h = (kMin + i * kStep) * 0.3048;
      pa[static_cast<std::size_t>(i)] =
          h < 11000 ? 101325.0 * std::pow((288.15 - 0.0065 * h) / 288.15, 5.25588)
                    : 22632.06 * std::exp(-9.80665 / (287.05287 * 216.65) * (h - 11000));
    }
  }
  double at(std::int32_t alt_ft) const {
    const int i = std::clamp((alt_ft - kMin) / kStep, 0, kCount - 1);
    return pa[static_cast<std::size_t>(i)];
  }
};
const PressureTable kPressure;

// Impact pressure (Pa) for a Mach number at static pressure p, and for a
// calibrated airspeed (kt) at sea level: both (1 + 0.2 x^2)^3.5 - 1.
double impact_from_mach(double mach, double p) {
  const double y = 1 + 0.2 * mach * mach;
  return p * (y * y * y * std::sqrt(y) - 1);
}
double impact_from_cas(double cas_kt) {
  const double r = cas_kt * 0.514444 / 340.294;
  const double y = 1 + 0.2 * r * r;
  return 101325.0 * (y * y * y * std::sqrt(y) - 1);
}

// IAS and Mach of one BDS 6,0 reply agree within 20 kt at the reply's
// altitude. Compared as impact pressures, which rise with airspeed: no
// fractional powers on the hot path.
bool ias_fits_mach(double ias, double mach, std::int32_t alt_ft) {
  const double qc = impact_from_mach(mach, kPressure.at(alt_ft));
  return qc >= impact_from_cas(std::max(ias - 20, 0.0)) && qc <= impact_from_cas(ias + 20);
}

bool is_bds60(Mb d, std::int32_t alt_ft, bool alt_known) {
  if (d.wrong_status(1, 2, 12) || d.wrong_status(13, 14, 23) || d.wrong_status(24, 25, 34) ||
      d.wrong_status(35, 36, 45) || d.wrong_status(46, 47, 56))
    return false;
  const double ias = d(14, 23), mach = d(25, 34) * 2.048 / 512.0;
  if (d.bit(13) && ias > 500) return false;
  if (d.bit(24) && mach > 1) return false;
  if (d.bit(35) && std::abs(d.signed_value(36, 37, 45) * 32) > 6000) return false;
  if (d.bit(46) && std::abs(d.signed_value(47, 48, 56) * 32) > 6000) return false;
  if (d.bit(13) && d.bit(24) && alt_known && !ias_fits_mach(ias, mach, alt_ft)) return false;
  return true;
}

void fill(Mb d, Register r, Message& m) {
  switch (r) {
    case kB10:
      m.bds = 0x10;
      break;
    case kB17:
      m.bds = 0x17;
      break;
    case kB30:
      m.bds = 0x30;
      break;
    case kB20: {
      m.bds = 0x20;
      int last = -1;
      for (unsigned i = 0; i < 8; ++i) {
        const char c = ais_char(d(9 + 6 * i, 14 + 6 * i));
        m.callsign[i] = c;
        if (c != ' ') last = static_cast<int>(i);
      }
      m.callsign[static_cast<unsigned>(last + 1)] = '\0';
      m.set(Field::kCallsign);
      break;
    }
    case kB40:
      m.bds = 0x40;
      if (d.bit(1)) {
        m.nav_alt_mcp = static_cast<std::int32_t>(d(2, 13)) * 16;
        m.set(Field::kNavAltMcp);
      }
      if (d.bit(14)) {
        m.nav_alt_fms = static_cast<std::int32_t>(d(15, 26)) * 16;
        m.set(Field::kNavAltFms);
      }
      if (d.bit(27)) {
        m.nav_qnh = d(28, 39) * 0.1 + 800.0;
        m.set(Field::kNavQnh);
      }
      break;
    case kB50:
      m.bds = 0x50;
      if (d.bit(1)) {
        m.roll = d.signed_value(2, 3, 11) * 45.0 / 256.0;
        m.set(Field::kRoll);
      }
      if (d.bit(12)) {
        double trk = d.signed_value(13, 14, 23) * 90.0 / 512.0;
        m.track = trk < 0 ? trk + 360.0 : trk;
        m.set(Field::kTrack);
      }
      if (d.bit(24)) {
        m.gs = d(25, 34) * 2.0;
        m.set(Field::kGs);
      }
      if (d.bit(35)) {
        m.track_rate = d.signed_value(36, 37, 45) * 8.0 / 256.0;
        m.set(Field::kTrackRate);
      }
      if (d.bit(46)) {
        m.tas = static_cast<std::int32_t>(d(47, 56)) * 2;
        m.set(Field::kTas);
      }
      break;
    case kB60:
      m.bds = 0x60;
      if (d.bit(1)) {
        double hdg = d.signed_value(2, 3, 12) * 90.0 / 512.0;
        m.heading = hdg < 0 ? hdg + 360.0 : hdg;
        m.heading_magnetic = true;
        m.set(Field::kHeading);
      }
      if (d.bit(13)) {
        m.ias = static_cast<std::int32_t>(d(14, 23));
        m.set(Field::kIas);
      }
      if (d.bit(24)) {
        m.mach = d(25, 34) * 2.048 / 512.0;
        m.set(Field::kMach);
      }
      // Two rates, each a status bit, a sign bit and 9 value bits of 32
      // ft/min: the barometric altitude rate (bits 35-45), then the inertial
      // vertical velocity (46-56).
      if (d.bit(35)) {
        m.baro_rate = d.signed_value(36, 37, 45) * 32;
        m.set(Field::kBaroRate);
      }
      if (d.bit(46)) {
        m.geom_rate = d.signed_value(47, 48, 56) * 32;
        m.set(Field::kGeomRate);
      }
      break;
  }
}

}  // namespace

void decode_commb(const std::uint8_t* mb, std::int32_t alt_ft, bool alt_known, Message& m) {
  const Mb d(mb);
  if (d(1, 28) == 0 && d(29, 56) == 0) return;  // empty reply
  std::uint8_t fits = 0;
  if (is_bds10(d)) fits |= kB10;
  if (is_bds17(d)) fits |= kB17;
  if (is_bds20(d)) fits |= kB20;
  if (is_bds30(d)) fits |= kB30;
  if (is_bds40(d)) fits |= kB40;
  if (is_bds50(d)) fits |= kB50;
  if (is_bds60(d, alt_ft, alt_known)) fits |= kB60;
  if (fits == 0) return;
  // Registers 1,0, 2,0 and 3,0 carry their own number in the first byte; when
  // exactly one of them fits it wins over the registers that do not.
  const std::uint8_t self_identified = fits & (kB10 | kB20 | kB30);
  if (self_identified != 0 && (self_identified & (self_identified - 1)) == 0)
    fits = self_identified;
  m.set(Field::kBds);
  m.bds_candidates = fits;
  if ((fits & (fits - 1)) != 0) {
    m.bds_ambiguous = true;
    return;
  }
  fill(d, static_cast<Register>(fits), m);
}

}  // namespace skywitness::modes
