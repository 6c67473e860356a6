// A decoded message: one record per frame, with the fields that frame carried.
// Flat and allocation-free: which fields are set is a bit mask, so that the hot
// path writes a few words and the writers know what to print.
#pragma once

#include <array>
#include <cstdint>

#include "skywitness/core/frame.hpp"

namespace skywitness {

enum class Field : std::uint8_t {
  kTime,
  kTicks,
  kRssi,
  kDf,
  kIcao,
  kTc,
  kCallsign,
  kCategory,
  kAltBaro,
  kAltGeom,
  kOnGround,
  kSquawk,
  kGs,
  kTrack,
  kHeading,
  kVrate,
  kBaroRate,
  kGeomRate,
  kGeomDelta,
  kIas,
  kTas,
  kMach,
  kRoll,
  kTrackRate,
  kLat,
  kLon,
  kCpr,
  kBds,
  kCa,
  kFs,
  kEmergency,
  kNavAltMcp,
  kNavAltFms,
  kNavQnh,
  kNavHeading,
  kNavModes,
  kVersion,
  kNacp,
  kNacv,
  kNicBaro,
  kSil,
  kGva,
  kSda,
  kNicA,
  kSubtype,
  kCount
};

// How an address was obtained.
enum class AddressSource : std::uint8_t {
  kNone,
  kAnnounced,  // AA field of DF11/17/18 with a parity check that passed
  kRecovered,  // address/parity overlay (DF0/4/5/16/20/21), not seen elsewhere
  kConfirmed,  // recovered, and the address was already seen in DF11/17/18
  kSbs,        // taken from an SBS line
};

enum class PositionMethod : std::uint8_t { kNone, kGlobal, kLocal, kReceiver, kSbs };

// Bit values of Message::nav_modes.
enum NavMode : std::uint8_t {
  kNavAutopilot = 1,
  kNavVnav = 2,
  kNavAltHold = 4,
  kNavApproach = 8,
  kNavLnav = 16,
  kNavTcas = 32,
};

// Where the message came from in the input.
enum class Source : std::uint8_t { kModeS, kModeAC, kSbs };

struct Message {
  std::uint64_t has = 0;  // bit i set <=> Field(i) holds a value

  Frame frame;  // the raw frame (len 0 for SBS records)
  Source source = Source::kModeS;
  bool crc_ok = false;  // parity check passed (or the address was recovered)
  std::uint8_t corrected_bits = 0;
  AddressSource address_source = AddressSource::kNone;
  PositionMethod position_method = PositionMethod::kNone;
  bool tisb = false;      // DF18 TIS-B
  bool adsr = false;      // DF18 ADS-R
  bool non_icao = false;  // address is not an ICAO 24-bit address
  bool bds_ambiguous = false;
  bool cpr_odd = false;
  bool cpr_surface = false;
  bool vrate_geometric = false;  // `vrate` from GNSS rather than barometric
  bool heading_magnetic = false;
  std::uint8_t sbs_type = 0;  // MSG,n

  std::uint8_t df = 0, tc = 0, subtype = 0, ca = 0, fs = 0;
  std::uint32_t icao = 0;
  std::array<char, 9> callsign{};  // NUL-terminated, trailing spaces kept out
  std::uint8_t category = 0;       // 0xA0..0xD7 style: set letter in the high nibble
  std::int32_t alt_baro = 0, alt_geom = 0;
  bool on_ground = false;
  std::uint16_t squawk = 0;  // four octal digits packed as 0xABCD
  double gs = 0, track = 0, heading = 0;
  std::int32_t vrate = 0;       // feet/minute: ADS-B TC 19, SBS
  std::int32_t geom_delta = 0;  // feet
  // BDS 6,0 carries two rates, feet/minute: the barometric altitude rate and
  // the inertial (geometric) vertical velocity.
  std::int32_t baro_rate = 0, geom_rate = 0;
  std::int32_t ias = 0, tas = 0;
  double mach = 0, roll = 0, track_rate = 0;
  double lat = 0, lon = 0;
  std::uint32_t cpr_lat = 0, cpr_lon = 0;
  std::uint8_t bds = 0;             // Comm-B register, 0x20 for BDS 2,0
  std::uint8_t bds_candidates = 0;  // bit mask of kBds* when ambiguous
  std::uint8_t emergency = 0;
  std::int32_t nav_alt_mcp = 0, nav_alt_fms = 0;
  double nav_qnh = 0, nav_heading = 0;
  std::uint8_t nav_modes = 0;
  std::uint8_t version = 0, nacp = 0, nacv = 0, nic_baro = 0, sil = 0, gva = 0, sda = 0, nic_a = 0;

  // Clears what a decoder may have set: the mask and the flags it does not
  // guard. Values behind the mask are left as they are; they are never read
  // unless their bit is set.
  void reset() {
    has = 0;
    source = Source::kModeS;
    crc_ok = false;
    corrected_bits = 0;
    address_source = AddressSource::kNone;
    position_method = PositionMethod::kNone;
    tisb = adsr = non_icao = bds_ambiguous = cpr_odd = cpr_surface = false;
    vrate_geometric = heading_magnetic = false;
    sbs_type = 0;
    df = tc = subtype = ca = fs = 0;
    icao = 0;
    alt_baro = 0;
    bds = bds_candidates = 0;
    nav_modes = 0;
  }

  bool has_field(Field f) const { return (has >> static_cast<unsigned>(f)) & 1U; }
  void set(Field f) { has |= std::uint64_t{1} << static_cast<unsigned>(f); }
  void clear(Field f) { has &= ~(std::uint64_t{1} << static_cast<unsigned>(f)); }
};

static_assert(static_cast<unsigned>(Field::kCount) <= 64, "Field bits must fit in Message::has");

}  // namespace skywitness
