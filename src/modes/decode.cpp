#include "skywitness/modes/decode.hpp"

#include <cmath>
#include <numbers>

#include "skywitness/modes/crc.hpp"
#include "skywitness/modes/fields.hpp"

namespace skywitness::modes {
namespace {

using Me = Bits56;

// atan2(x, y) in degrees clockwise from north, 0..360. A minimax polynomial
// for atan on [0, 1] (error below 1e-5 rad, 0.0006 degrees): well inside the
// 0.1 degree resolution that integer knot components give, and several times
// faster than std::atan2 on the hottest message type.
// Internal linkage, so that decode_velocity inlines it (an exported function
// of a -fPIC library is not inlined: it could be interposed).
inline double track_of(double x, double y) {
  const double ax = std::fabs(x), ay = std::fabs(y);
  if (ax == 0 && ay == 0) return 0;
  const bool swap = ax > ay;
  const double t = swap ? ay / ax : ax / ay;
  const double t2 = t * t;
  double a =
      t * (0.99997726 +
           t2 * (-0.33262347 +
                 t2 * (0.19354346 + t2 * (-0.11643287 + t2 * (0.05265332 + t2 * -0.01172120)))));
  if (swap) a = std::numbers::pi / 2 - a;  // angle from the y axis
  double deg = a * (180.0 / std::numbers::pi);
  if (y < 0) deg = 180.0 - deg;
  if (x < 0) deg = 360.0 - deg;
  return deg >= 360.0 ? deg - 360.0 : deg;
}

double surface_speed(unsigned mov) {
  if (mov == 1) return 0.0;
  if (mov == 124) return 175.0;
  struct Band {
    unsigned first;
    double base, step;
  };
  static constexpr Band kBands[] = {{2, 0.125, 0.125}, {9, 1, 0.25}, {13, 2, 0.5},
                                    {39, 15, 1},       {94, 70, 2},  {109, 100, 5}};
  double v = 0;
  for (const auto& b : kBands)
    if (mov >= b.first) v = b.base + (mov - b.first) * b.step;
  return v;
}

void decode_identification(Me me, unsigned tc, Message& m) {
  m.category = static_cast<std::uint8_t>(((0x0E - tc) << 4) | me(6, 8));
  m.set(Field::kCategory);
  int last = -1;
  for (unsigned i = 0; i < 8; ++i) {
    const char c = ais_char(me(9 + 6 * i, 14 + 6 * i));
    m.callsign[i] = c;
    if (c != ' ') last = static_cast<int>(i);
  }
  m.callsign[static_cast<unsigned>(last + 1)] = '\0';
  m.set(Field::kCallsign);
}

void set_cpr(Me me, Message& m, bool surface) {
  m.cpr_odd = me.bit(22);
  m.cpr_lat = me(23, 39);
  m.cpr_lon = me(40, 56);
  m.cpr_surface = surface;
  m.set(Field::kCpr);
}

void decode_surface(Me me, Message& m) {
  m.on_ground = true;
  m.set(Field::kOnGround);
  const unsigned mov = me(6, 12);
  if (mov >= 1 && mov <= 124) {
    m.gs = surface_speed(mov);
    m.set(Field::kGs);
  }
  if (me.bit(13)) {
    m.track = me(14, 20) * 360.0 / 128.0;
    m.set(Field::kTrack);
  }
  set_cpr(me, m, true);
}

void decode_airborne_position(Me me, unsigned tc, Message& m) {
  const std::uint32_t ac12 = me(9, 20);
  if (auto alt = decode_ac12(ac12)) {
    if (tc >= 20) {
      m.alt_geom = *alt;
      m.set(Field::kAltGeom);
    } else {
      m.alt_baro = *alt;
      m.set(Field::kAltBaro);
    }
  }
  m.on_ground = false;
  m.set(Field::kOnGround);
  // A zero CPR pair means "no position" (ICAO Doc 9871 A.2.3.2.3).
  if (me(23, 56) != 0 || tc != 0) set_cpr(me, m, false);
}

void decode_velocity(Me me, Message& m) {
  const unsigned st = me(6, 8);
  m.subtype = static_cast<std::uint8_t>(st);
  m.set(Field::kSubtype);
  m.nacv = static_cast<std::uint8_t>(me(11, 13));
  m.set(Field::kNacv);
  const int mult = (st == 2 || st == 4) ? 4 : 1;
  if (st == 1 || st == 2) {
    const unsigned ew = me(15, 24), ns = me(26, 35);
    if (ew != 0 && ns != 0) {
      const double vx = (me.bit(14) ? -1.0 : 1.0) * (ew - 1) * mult;
      const double vy = (me.bit(25) ? -1.0 : 1.0) * (ns - 1) * mult;
      m.gs = std::sqrt(vx * vx + vy * vy);
      m.track = track_of(vx, vy);
      m.set(Field::kGs);
      m.set(Field::kTrack);
    }
  } else if (st == 3 || st == 4) {
    if (me.bit(14)) {
      m.heading = me(15, 24) * 360.0 / 1024.0;
      m.set(Field::kHeading);
    }
    const unsigned as = me(26, 35);
    if (as != 0) {
      const std::int32_t v = static_cast<std::int32_t>(as - 1) * mult;
      if (me.bit(25)) {
        m.tas = v;
        m.set(Field::kTas);
      } else {
        m.ias = v;
        m.set(Field::kIas);
      }
    }
  } else {
    return;  // subtypes 0, 5-7 are reserved
  }
  const unsigned vr = me(38, 46);
  if (vr != 0) {
    m.vrate = (me.bit(37) ? -1 : 1) * static_cast<std::int32_t>(vr - 1) * 64;
    m.vrate_geometric = !me.bit(36);
    m.set(Field::kVrate);
  }
  const unsigned diff = me(50, 56);
  if (diff != 0) {
    m.geom_delta = (me.bit(49) ? -1 : 1) * static_cast<std::int32_t>(diff - 1) * 25;
    m.set(Field::kGeomDelta);
  }
}

void decode_status(Me me, Message& m) {
  const unsigned st = me(6, 8);
  m.subtype = static_cast<std::uint8_t>(st);
  m.set(Field::kSubtype);
  if (st == 1) {
    m.emergency = static_cast<std::uint8_t>(me(9, 11));
    m.set(Field::kEmergency);
    const std::uint32_t id13 = me(12, 24);
    if (id13 != 0) {
      m.squawk = decode_id13(id13);
      m.set(Field::kSquawk);
    }
  }
}

void decode_target_state(Me me, Message& m) {
  const unsigned st = me(6, 7);
  m.subtype = static_cast<std::uint8_t>(st);
  m.set(Field::kSubtype);
  if (st == 1) {  // version 2 layout
    const unsigned alt_bits = me(10, 20);
    if (alt_bits != 0) {
      const std::int32_t alt = static_cast<std::int32_t>(alt_bits - 1) * 32;
      if (me.bit(9)) {
        m.nav_alt_fms = alt;
        m.set(Field::kNavAltFms);
      } else {
        m.nav_alt_mcp = alt;
        m.set(Field::kNavAltMcp);
      }
    }
    const unsigned baro = me(21, 29);
    if (baro != 0) {
      m.nav_qnh = 800.0 + (baro - 1) * 0.8;
      m.set(Field::kNavQnh);
    }
    if (me.bit(30)) {
      m.nav_heading = me(31, 39) * 180.0 / 256.0;
      m.set(Field::kNavHeading);
    }
    m.nacp = static_cast<std::uint8_t>(me(40, 43));
    m.nic_baro = me.bit(44);
    m.sil = static_cast<std::uint8_t>(me(45, 46));
    m.set(Field::kNacp);
    m.set(Field::kNicBaro);
    m.set(Field::kSil);
    if (me.bit(47)) {
      m.nav_modes = static_cast<std::uint8_t>(
          (me.bit(48) ? kNavAutopilot : 0) | (me.bit(49) ? kNavVnav : 0) |
          (me.bit(50) ? kNavAltHold : 0) | (me.bit(52) ? kNavApproach : 0) |
          (me.bit(53) ? kNavTcas : 0) | (me.bit(54) ? kNavLnav : 0));
      m.set(Field::kNavModes);
    }
  } else if (st == 0 && !me.bit(11)) {  // version 1 layout
    const unsigned source = me(8, 9);   // 1 MCP, 2 holding altitude, 3 FMS
    const std::int32_t alt = -1000 + 100 * static_cast<std::int32_t>(me(16, 25));
    if (source == 1) {
      m.nav_alt_mcp = alt;
      m.set(Field::kNavAltMcp);
    } else if (source == 3) {
      m.nav_alt_fms = alt;
      m.set(Field::kNavAltFms);
    }
    if (me(26, 27) != 0) {
      m.nav_heading = me(28, 36);
      m.set(Field::kNavHeading);
    }
    m.nacp = static_cast<std::uint8_t>(me(40, 43));
    m.nic_baro = me.bit(44);
    m.sil = static_cast<std::uint8_t>(me(45, 46));
    m.set(Field::kNacp);
    m.set(Field::kNicBaro);
    m.set(Field::kSil);
    m.emergency = static_cast<std::uint8_t>(me(54, 56));
    m.set(Field::kEmergency);
  }
}

void decode_operational_status(Me me, Message& m) {
  const unsigned st = me(6, 8);
  m.subtype = static_cast<std::uint8_t>(st);
  m.set(Field::kSubtype);
  if (st > 1) return;
  m.version = static_cast<std::uint8_t>(me(41, 43));
  m.set(Field::kVersion);
  if (m.version == 0) return;  // version 0 carries no accuracy fields here
  m.nic_a = me.bit(44);
  m.nacp = static_cast<std::uint8_t>(me(45, 48));
  m.sil = static_cast<std::uint8_t>(me(51, 52));
  m.heading_magnetic = me.bit(54);
  m.set(Field::kNicA);
  m.set(Field::kNacp);
  m.set(Field::kSil);
  if (st == 0) {
    m.nic_baro = me.bit(53);
    m.set(Field::kNicBaro);
    if (m.version == 2) {
      m.gva = static_cast<std::uint8_t>(me(49, 50));
      m.set(Field::kGva);
    }
  }
  if (m.version == 2 && me(25, 26) == 0) {
    m.sda = static_cast<std::uint8_t>(me(31, 32));
    m.set(Field::kSda);
  }
  if (m.version == 2 && st == 1 && me(9, 10) == 0) {
    m.nacv = static_cast<std::uint8_t>(me(17, 19));
    m.set(Field::kNacv);
  }
}

// The IMF bit of DF18 TIS-B/ADS-R says the address is not an ICAO one; where
// it sits depends on the type code.
bool imf_bit(Me me, unsigned tc) {
  if (tc >= 9 && tc <= 22 && tc != 19) return me.bit(8);
  if (tc == 19) return me.bit(9);
  if (tc >= 5 && tc <= 8) return me.bit(21);
  if (tc == 29) return me.bit(51);
  if (tc == 28 || tc == 31) return me.bit(56);
  return false;
}

void decode_extended_squitter(const std::uint8_t* b, Message& m) {
  const Me me(b + 4);
  const unsigned tc = me(1, 5);
  m.tc = static_cast<std::uint8_t>(tc);
  m.set(Field::kTc);
  if (m.df == 18) {
    const unsigned cf = m.ca;
    bool check_imf = false;
    switch (cf) {
      case 0:
        break;  // ADS-B from a non-transponder device, ICAO address
      case 1:
        m.non_icao = true;
        break;
      case 2:
        m.tisb = true;
        check_imf = true;
        break;
      case 3:
        m.tisb = true;
        return;  // coarse TIS-B: a different layout
      case 5:
        m.tisb = true;
        m.non_icao = true;
        break;
      case 6:
        m.adsr = true;
        check_imf = true;
        break;
      default:
        return;  // 4: management, 7: reserved
    }
    if (check_imf && imf_bit(me, tc)) m.non_icao = true;
  }
  if (tc >= 1 && tc <= 4)
    decode_identification(me, tc, m);
  else if (tc >= 5 && tc <= 8)
    decode_surface(me, m);
  else if ((tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22))
    decode_airborne_position(me, tc, m);
  else if (tc == 19)
    decode_velocity(me, m);
  else if (tc == 28)
    decode_status(me, m);
  else if (tc == 29)
    decode_target_state(me, m);
  else if (tc == 31)
    decode_operational_status(me, m);
}

void set_flight_status(Message& m, unsigned fs) {
  m.fs = static_cast<std::uint8_t>(fs);
  m.set(Field::kFs);
  if (fs == 0 || fs == 2) {
    m.on_ground = false;
    m.set(Field::kOnGround);
  } else if (fs == 1 || fs == 3) {
    m.on_ground = true;
    m.set(Field::kOnGround);
  }
}

void set_ac13(Message& m, std::uint32_t ac13) {
  if (auto alt = decode_ac13(ac13)) {
    m.alt_baro = alt->feet;
    m.set(Field::kAltBaro);
  }
}

inline unsigned length_of(unsigned df) {
  switch (df) {
    case 0:
    case 4:
    case 5:
    case 11:
      return 7;
    case 16:
    case 17:
    case 18:
    case 20:
    case 21:
    case 24:
      return 14;
    default:
      return 0;
  }
}

}  // namespace

double track_degrees(double x, double y) {
  return track_of(x, y);
}

unsigned expected_length(unsigned df) {
  return length_of(df);
}

const char* status_name(DecodeStatus s) {
  switch (s) {
    case DecodeStatus::kOk:
      return "ok";
    case DecodeStatus::kModeAC:
      return "mode_ac";
    case DecodeStatus::kBadCrc:
      return "bad_crc";
    case DecodeStatus::kBadLength:
      return "bad_length";
    case DecodeStatus::kUnknownDf:
      return "unknown_df";
  }
  return "?";
}

DecodeStatus decode(const Frame& frame, Message& m, const DecodeOptions& options) {
  m.frame = frame;
  return decode_in_place(m, options);
}

DecodeStatus decode_in_place(Message& m, const DecodeOptions& options) {
  m.reset();
  const Frame& frame = m.frame;
  if (!std::isnan(frame.t)) m.set(Field::kTime);
  if (frame.ticks != 0) m.set(Field::kTicks);
  if (!std::isnan(frame.rssi)) m.set(Field::kRssi);

  if (frame.len == 2) {
    m.source = Source::kModeAC;
    // Mode A and Mode C replies share the format; without the interrogation we
    // cannot tell them apart, so report the code as a squawk.
    const std::uint32_t code = (std::uint32_t{frame.bytes[0]} << 8 | frame.bytes[1]) & 0x1FFF;
    m.squawk = decode_id13(code);
    m.set(Field::kSquawk);
    return DecodeStatus::kModeAC;
  }

  std::uint8_t* b = m.frame.bytes.data();
  const unsigned df = downlink_format(b);
  m.df = static_cast<std::uint8_t>(df);
  m.set(Field::kDf);
  const unsigned want = length_of(df);
  if (want == 0) return DecodeStatus::kUnknownDf;
  if (want != frame.len) return DecodeStatus::kBadLength;

  std::uint32_t syn = syndrome(b, frame.len);
  switch (df) {
    case 11:
    case 17:
    case 18: {
      // DF11 may carry an interrogator code in the low 7 bits of its parity.
      const bool ok = df == 11 ? (syn & ~0x7FU) == 0 : syn == 0;
      if (!ok) {
        int bit = options.fix_single_bit ? single_bit_error(syn, frame.len) : -1;
        if (bit < 0) return DecodeStatus::kBadCrc;
        b[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
        m.corrected_bits = 1;
      }
      m.crc_ok = true;
      m.ca = static_cast<std::uint8_t>(bits(b, 5, 3));
      m.set(Field::kCa);
      m.icao = bits(b, 8, 24);
      m.set(Field::kIcao);
      m.address_source = AddressSource::kAnnounced;
      if (df == 11 || df == 17) {
        if (m.ca == 4) {
          m.on_ground = true;
          m.set(Field::kOnGround);
        } else if (m.ca == 5) {
          m.on_ground = false;
          m.set(Field::kOnGround);
        }
      }
      if (df != 11) decode_extended_squitter(b, m);
      if (df == 18) m.clear(Field::kCa);  // DF18's field is CF, not capability
      return DecodeStatus::kOk;
    }
    default:
      break;
  }

  // Address/parity overlay: the syndrome is the address.
  m.icao = syn;
  m.set(Field::kIcao);
  m.address_source = AddressSource::kRecovered;
  switch (df) {
    case 0:
    case 16:
      m.on_ground = bits(b, 5, 1) != 0;
      m.set(Field::kOnGround);
      set_ac13(m, bits(b, 19, 13));
      break;
    case 4:
    case 20:
      set_flight_status(m, bits(b, 5, 3));
      set_ac13(m, bits(b, 19, 13));
      break;
    case 5:
    case 21:
      set_flight_status(m, bits(b, 5, 3));
      m.squawk = decode_id13(bits(b, 19, 13));
      m.set(Field::kSquawk);
      break;
    default:
      break;  // DF24 (Comm-D): counted, not decoded further
  }
  if (df == 20 || df == 21)
    decode_commb(b + 4, m.alt_baro, df == 20 && m.has_field(Field::kAltBaro), m);
  return DecodeStatus::kOk;
}

}  // namespace skywitness::modes
