// libFuzzer target for the decoder alone: every byte string of a frame
// length, with and without single-bit correction, through tracking and both
// record formats.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "skywitness/modes/decode.hpp"
#include "skywitness/output/writer.hpp"
#include "skywitness/tracking/tracker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  static tracking::Tracker tracker({.receiver = modes::cpr::LatLon{-33.9, 151.2}});
  static double t = 0;
  if (size < 2) return 0;
  Frame f;
  f.len = static_cast<std::uint8_t>(size >= 14 ? 14 : size >= 7 ? 7 : 2);
  for (unsigned i = 0; i < f.len; ++i) f.bytes[i] = data[i];
  f.t = (t += 0.25);
  Message m;
  for (bool fix : {false, true}) {
    if (modes::decode(f, m, {.fix_single_bit = fix}) == modes::DecodeStatus::kOk) tracker.update(m);
    fmt::memory_buffer buf;
    output::format_json(m, buf);
  }
  return 0;
}
