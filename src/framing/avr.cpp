// AVR: one frame a line, "*<hex>;" or "@<12 hex digit 12 MHz timestamp><hex>;".
#include <bit>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "skywitness/framing/formats.hpp"
#include "skywitness/framing/lines.hpp"

namespace skywitness::framing {
namespace {

#if defined(__SSE2__)
// 16 characters at p: their hex values in `val` (0 where not a digit), and
// one bit per character that is a hex digit (the same set as hex_digit()).
inline unsigned hex16(const char* p, __m128i& val) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
  val = _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(v, _mm_set1_epi8('0'))),
                     _mm_and_si128(letter, _mm_sub_epi8(lower, _mm_set1_epi8('a' - 10))));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(digit, letter)));
}

// Thirty-two digit values, in pairs, to sixteen bytes.
inline __m128i pack_hex32(__m128i v0, __m128i v1) {
  const __m128i byte_mask = _mm_set1_epi16(0xFF);
  const __m128i b0 =
      _mm_or_si128(_mm_slli_epi16(_mm_and_si128(v0, byte_mask), 4), _mm_srli_epi16(v0, 8));
  const __m128i b1 =
      _mm_or_si128(_mm_slli_epi16(_mm_and_si128(v1, byte_mask), 4), _mm_srli_epi16(v1, 8));
  return _mm_packus_epi16(b0, b1);
}

// The frame's bytes are the first 14 of Frame, then len and mlat: a 16-byte
// store fills the bytes, zeroes those past the frame, and clears the two
// (set again right after).
static_assert(offsetof(Frame, bytes) == 0 && offsetof(Frame, len) == 14 &&
              offsetof(Frame, mlat) == 15 && std::is_trivially_copyable_v<Frame>);
#endif

class AvrFramer final : public LineFramer {
 protected:
  const char* fast_line(const char* p, const char* end, std::uint64_t line_no, std::uint64_t offset,
                        FrameSink& sink) override {
    // "*<hex>;\n" or "@<12 hex><hex>;\n", nothing else, all in this chunk.
    const char* q = p;
    if (q >= end || (*q != '*' && *q != '@')) return nullptr;
#if defined(__SSE2__)
    // Whole line in 48 bytes read at once: every digit classified and
    // converted side by side. Lines near the end of the chunk take the
    // byte-by-byte path below, which accepts exactly the same lines.
    if (end - q > 64) {
      const bool timed = *q++ == '@';
      const unsigned skip = timed ? 12 : 0;
      std::uint64_t ticks = 0;
      if (timed) {
        __m128i t;
        if ((hex16(q, t) & 0xFFF) != 0xFFF) return nullptr;
        const __m128i packed = pack_hex32(t, t);
        ticks = __builtin_bswap64(static_cast<std::uint64_t>(_mm_cvtsi128_si64(packed))) >> 16;
      }
      const char* h = q + skip;  // the frame's digits
      __m128i v0, v1;
      const std::uint32_t mask = hex16(h, v0) | hex16(h + 16, v1) << 16;
      const auto digits = static_cast<unsigned>(std::countr_one(mask));
      if (digits != 4 && digits != 14 && digits != 28) return nullptr;
      if (h[digits] != ';') return nullptr;
      const char* next = nullptr;
      if (h[digits + 1] == '\n')
        next = h + digits + 2;
      else if (h[digits + 1] == '\r' && h[digits + 2] == '\n')
        next = h + digits + 3;
      else
        return nullptr;
      const unsigned n = digits / 2;
      alignas(16) static constexpr std::uint8_t kKeep[3][16] = {
          {0xFF, 0xFF},
          {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
          {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};
      const __m128i keep = _mm_load_si128(reinterpret_cast<const __m128i*>(kKeep[n == 2   ? 0
                                                                                 : n == 7 ? 1
                                                                                          : 2]));
      const __m128i bytes = _mm_and_si128(pack_hex32(v0, v1), keep);
      Frame& f = sink.begin_frame();
      std::memcpy(static_cast<void*>(&f), &bytes, 16);
      f.len = static_cast<std::uint8_t>(n);
      f.mlat = false;
      f.ticks = ticks;
      f.line = line_no;
      f.offset = offset;
      sink.end_frame();
      return next;
    }
#endif
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
