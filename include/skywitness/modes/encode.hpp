// Mode S / ADS-B encoding: the inverse of the decoder, exact to the formats'
// resolution. Used by the tests, the benchmarks and the traffic simulator.
#pragma once

#include <cstdint>
#include <string_view>

#include "skywitness/core/frame.hpp"

namespace skywitness::modes::encode {

// Writes the parity field of a frame: CRC of the data part XOR `overlay`
// (0 for DF11/17/18; the address for DF0/4/5/16/20/21).
void set_parity(Frame& f, std::uint32_t overlay = 0);

// `ca`: transponder capability, 5 airborne, 4 on the ground.
Frame identification(std::uint32_t icao, std::string_view callsign, std::uint8_t category = 0xA3,
                     std::uint8_t ca = 5);
Frame airborne_position(std::uint32_t icao, double lat, double lon, std::int32_t alt_ft, bool odd);
Frame surface_position(std::uint32_t icao, double lat, double lon, double gs_kt, double track_deg,
                       bool odd);
Frame velocity(std::uint32_t icao, double gs_kt, double track_deg, std::int32_t vrate_fpm,
               bool geometric);
Frame all_call(std::uint32_t icao, std::uint8_t ca = 5);
Frame altitude_reply(std::uint32_t icao, std::int32_t alt_ft);   // DF4, Q-bit coding
Frame identity_reply(std::uint32_t icao, std::uint16_t squawk);  // DF5
Frame commb_reply(std::uint32_t icao, std::int32_t alt_ft, const std::uint8_t mb[7]);  // DF20

}  // namespace skywitness::modes::encode
