// AVR: one frame a line, "*<hex>;" or "@<12 hex digit 12 MHz timestamp><hex>;".
#include <charconv>

#include "skywitness/framing/formats.hpp"
#include "skywitness/framing/lines.hpp"

namespace skywitness::framing {
namespace {

class AvrFramer final : public LineFramer {
 protected:
  void line(std::string_view s, std::uint64_t line_no, std::uint64_t offset, FrameSink& sink) override {
    const char* const base = s.data();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    if (s.empty()) return;
    Frame f;
    f.line = line_no;
    f.offset = offset;
    const char lead = s.front();
    if (lead != '*' && lead != '@') {
      sink.on_error({ErrorKind::kNotAFrame, line_no, offset, "line does not start with '*' or '@'"});
      return;
    }
    s.remove_prefix(1);
    if (const auto semi = s.find(';'); semi != std::string_view::npos) s = s.substr(0, semi);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (lead == '@') {
      std::uint8_t ts[6];
      std::size_t bad = 0;
      if (s.size() < 12 || parse_hex(s.substr(0, 12), ts, 6, bad) != 6) {
        sink.on_error({ErrorKind::kBadTimestamp, line_no, offset, "'@' not followed by 12 hex digits"});
        return;
      }
      for (auto b : ts) f.ticks = f.ticks << 8 | b;
      s.remove_prefix(12);
    }
    decode_hex_frame(s, f, line_no, offset + static_cast<std::uint64_t>(s.data() - base), sink);
  }
};

}  // namespace

void decode_hex_frame(std::string_view hex, Frame& f, std::uint64_t line_no, std::uint64_t hex_offset,
                      FrameSink& sink) {
  const std::uint64_t offset = f.offset;
  std::size_t bad = 0;
  const int n = parse_hex(hex, f.bytes.data(), f.bytes.size(), bad);
  if (n == -1) {
    sink.on_error({ErrorKind::kBadHex, line_no, hex_offset + bad, "non-hex character in frame"});
    return;
  }
  if (n == -2) {
    sink.on_error({ErrorKind::kBadFrameLength, line_no, offset, "odd number of hex digits"});
    return;
  }
  if (n != 2 && n != 7 && n != 14) {
    sink.on_error({ErrorKind::kBadFrameLength, line_no, offset,
                   n == 0 ? "empty frame" : "frame is not 4, 14 or 28 hex digits"});
    return;
  }
  f.len = static_cast<std::uint8_t>(n);
  sink.on_frame(f);
}

std::unique_ptr<Framer> make_avr_framer() { return std::make_unique<AvrFramer>(); }

}  // namespace skywitness::framing
