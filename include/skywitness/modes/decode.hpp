// Mode S / ADS-B message decoding: one frame in, one typed Message out.
#pragma once

#include <cstdint>

#include "skywitness/core/frame.hpp"
#include "skywitness/core/message.hpp"

namespace skywitness::modes {

enum class DecodeStatus : std::uint8_t {
  kOk,
  kModeAC,     // a Mode A/C reply: squawk or altitude, no address
  kBadCrc,     // DF11/17/18 whose parity failed (and was not corrected)
  kBadLength,  // length does not fit the downlink format
  kUnknownDf,  // a downlink format skywitness does not decode
};

struct DecodeOptions {
  bool fix_single_bit = false;  // repair one flipped bit in DF11/17/18
};

// Decodes `frame` into `out` (which is reset). Address confirmation for
// DF0/4/5/16/20/21 and positions are the tracker's business: the decoder sees
// one frame at a time.
DecodeStatus decode(const Frame& frame, Message& out, const DecodeOptions& options = {});
// The same, for a frame already in out.frame (the framers fill it in place).
DecodeStatus decode_in_place(Message& out, const DecodeOptions& options = {});

// Comm-B register inference and decoding for the 56-bit MB field of DF20/21.
// `alt_ft` is the altitude of the same reply (DF20) or a negative value, used
// to check that IAS and Mach of BDS 6,0 agree.
void decode_commb(const std::uint8_t* mb, std::int32_t alt_ft, bool alt_known, Message& out);

// Downlink format of a raw frame (DF24 and above fold into 24).
inline unsigned downlink_format(const std::uint8_t* b) {
  const unsigned df = b[0] >> 3;
  return df >= 24 ? 24 : df;
}

// Expected length in bytes for a downlink format (0 for unknown formats).
unsigned expected_length(unsigned df);

const char* status_name(DecodeStatus s);

// Track over ground from east and north components, degrees in [0, 360).
double track_degrees(double east, double north);

}  // namespace skywitness::modes
