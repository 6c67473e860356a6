// The small value types that cross stages. Every stage may include this file;
// no stage reaches into another for a type.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace skywitness {

inline constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();

// One received frame, as a framer hands it to the decoder.
struct Frame {
  std::array<std::uint8_t, 14> bytes{};
  std::uint8_t len = 0;  // 2 (Mode A/C), 7 (short Mode S) or 14 (long Mode S)
  bool mlat = false;     // synthesised by multilateration, not received
  float rssi = std::numeric_limits<float>::quiet_NaN();  // dBFS, when the format carries it
  double t = kNoTime;        // epoch seconds, when the format carries them
  std::uint64_t ticks = 0;   // receiver 12 MHz clock, 0 when absent
  std::uint64_t line = 0;    // 1-based line of a text input, 0 for binary input
  std::uint64_t offset = 0;  // byte offset of the frame's start in its input

  bool is_mode_ac() const { return len == 2; }
};

}  // namespace skywitness
