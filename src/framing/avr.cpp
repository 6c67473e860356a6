// AVR: one frame a line, "*<hex>;" or "@<12 hex digit 12 MHz timestamp><hex>;".
#include <charconv>
#include <cstring>

#include "skywitness/framing/formats.hpp"
#include "skywitness/framing/lines.hpp"

namespace skywitness::framing {
namespace {

class AvrFramer final : public LineFramer {
 protected:
  const char* fast_line(const char* p, const char* end, std::uint64_t line_no, std::uint64_t offset,
                        FrameSink& sink) override {
    // "*<hex>;\n" or "@<12 hex><hex>;\n", nothing else, all in this chunk.
    const char* q = p;
    if (q >= end || (*q != '*' && *q != '@')) return nullptr;
    Frame& f = sink.begin_frame();
    if (*q++ == '@') {
      if (end - q < 12) return nullptr;
      std::uint64_t ticks = 0;
      for (int i = 0; i < 12; ++i) {
        const int d = hex_digit(q[i]);
        if (d < 0) return nullptr;
        ticks = ticks << 4 | static_cast<unsigned>(d);
      }
      f.ticks = ticks;
      q += 12;
    }
    unsigned n = 0;
    while (q + 1 < end && n < 14) {
      const int hi = hex_digit(q[0]), lo = hex_digit(q[1]);
      if ((hi | lo) < 0) break;
      f.bytes[n++] = static_cast<std::uint8_t>(hi << 4 | lo);
      q += 2;
    }
    if (end - q < 2 || q[0] != ';') return nullptr;
    if (q[1] == '\n')
      q += 2;
    else if (end - q >= 3 && q[1] == '\r' && q[2] == '\n')
      q += 3;
    else
      return nullptr;
    if (n != 2 && n != 7 && n != 14) return nullptr;
    f.len = static_cast<std::uint8_t>(n);
    f.line = line_no;
    f.offset = offset;
    sink.end_frame();
    return q;
  }

  // The general path: any line the fast path did not take (a CR alone, a
  // last line without newline, trailing text, or an error to report).
  void line(std::string_view s, std::uint64_t line_no, std::uint64_t offset,
            FrameSink& sink) override {
    const char* p = s.data();
    const char* const base = p;
    const char* end = p + s.size();
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t')) --end;
    if (p == end) return;
    Frame& f = sink.begin_frame();
    f.line = line_no;
    f.offset = offset;
    const char lead = *p++;
    if (lead != '*' && lead != '@') {
      sink.on_error(
          frame_error(Fault::kNotAFrame, line_no, offset, "line does not start with '*' or '@'"));
      return;
    }
    if (lead == '@') {
      std::uint64_t ticks = 0;
      for (int i = 0; i < 12; ++i) {
        const int d = p + i < end ? hex_digit(p[i]) : -1;
        if (d < 0) {
          sink.on_error(frame_error(Fault::kBadTimestamp, line_no, offset,
                                    "'@' not followed by 12 hex digits"));
          return;
        }
        ticks = ticks << 4 | static_cast<unsigned>(d);
      }
      f.ticks = ticks;
      p += 12;
    }
    // Well-formed lines took the fast path; this one gets a precise diagnosis.
    const char* frame_end =
        static_cast<const char*>(std::memchr(p, ';', static_cast<std::size_t>(end - p)));
    if (!frame_end) frame_end = end;
    decode_hex_frame(std::string_view(p, static_cast<std::size_t>(frame_end - p)), f, line_no,
                     offset + static_cast<std::uint64_t>(p - base), sink);
  }
};

}  // namespace

void decode_hex_frame(std::string_view hex, Frame& f, std::uint64_t line_no,
                      std::uint64_t hex_offset, FrameSink& sink) {
  const std::uint64_t offset = f.offset;
  std::size_t bad = 0;
  const int n = parse_hex(hex, f.bytes.data(), f.bytes.size(), bad);
  if (n == -1) {
    sink.on_error(
        frame_error(Fault::kBadHex, line_no, hex_offset + bad, "non-hex character in frame"));
    return;
  }
  if (n == -2) {
    sink.on_error(frame_error(Fault::kBadFrameLength, line_no, offset, "odd number of hex digits"));
    return;
  }
  if (n != 2 && n != 7 && n != 14) {
    sink.on_error(frame_error(Fault::kBadFrameLength, line_no, offset,
                              n == 0 ? "empty frame" : "frame is not 4, 14 or 28 hex digits"));
    return;
  }
  f.len = static_cast<std::uint8_t>(n);
  sink.end_frame();
}

std::unique_ptr<Framer> make_avr_framer() {
  return std::make_unique<AvrFramer>();
}

}  // namespace skywitness::framing
