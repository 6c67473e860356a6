#pragma once

#include <memory>
#include <string_view>

#include "skywitness/framing/framer.hpp"

namespace skywitness::framing {

std::unique_ptr<Framer> make_avr_framer();
std::unique_ptr<Framer> make_beast_framer();
std::unique_ptr<Framer> make_sbs_framer();
std::unique_ptr<Framer> make_hex_framer();  // plain hex lines
std::unique_ptr<Framer> make_csv_framer();  // "timestamp,hex" lines

// Shared by the text framers: hex digits of one frame into `f` (the sink's
// begin_frame(), with line and offset set), then end_frame() when they make a
// frame; `hex_offset` locates the first digit.
void decode_hex_frame(std::string_view hex, Frame& f, std::uint64_t line_no,
                      std::uint64_t hex_offset, FrameSink& sink);

// The timestamp value readsb and dump1090 put on frames they synthesised from
// multilateration results ("\xFF\0MLAT").
inline constexpr std::uint64_t kMlatMagicTimestamp = 0xFF004D4C4154ULL;

}  // namespace skywitness::framing
