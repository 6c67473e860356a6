// Beast binary: 0x1a, a type byte, a 6-byte 12 MHz timestamp, a signal byte
// and the frame; every 0x1a inside is doubled. See docs/formats.md.
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "skywitness/framing/formats.hpp"

namespace skywitness::framing {
namespace {

constexpr std::uint8_t kEsc = 0x1a;

// Signal byte to dBFS: readsb sends sqrt(power) scaled to 0..255.
struct RssiTable {
  std::array<float, 256> db{};
  RssiTable() {
    db[0] = std::numeric_limits<float>::quiet_NaN();
    for (int i = 1; i < 256; ++i)
      db[static_cast<std::size_t>(i)] = static_cast<float>(20.0 * std::log10(i / 255.0));
  }
};
const RssiTable kRssi;

unsigned body_length(std::uint8_t type) {
  switch (type) {
    case '1':
      return 7 + 2;
    case '2':
      return 7 + 7;
    case '3':
    case '4':
      return 7 + 14;
    default:
      return 0;
  }
}

class BeastFramer final : public Framer {
 public:
  void feed(const std::uint8_t* data, std::size_t n, FrameSink& sink) override {
    std::size_t i = 0;
    while (i < n) {
      // Fast path: a whole frame without escapes, decoded where it lies.
      if (state_ == State::kIdle && garbage_ == 0 && data[i] == kEsc && i + 2 < n) {
        const unsigned want = body_length(data[i + 1]);
        if (want != 0 && i + 2 + want <= n && !contains_escape(data + i + 2, want)) {
          frame_start_ = pos_;
          emit(data[i + 1], data + i + 2, want, sink);
          i += 2 + want;
          pos_ += 2 + want;
          continue;
        }
      }
      step(data[i], sink);
      ++i;
      ++pos_;
    }
  }

  void finish(FrameSink& sink) override {
    flush_garbage(sink);
    if (state_ == State::kType || state_ == State::kBody || state_ == State::kBodyEscape) {
      sink.on_error(
          frame_error(Fault::kTruncated, 0, frame_start_, "input ends inside a Beast frame"));
    }
    state_ = State::kIdle;
  }

 private:
  enum class State : std::uint8_t { kIdle, kType, kBody, kBodyEscape };

  void step(std::uint8_t b, FrameSink& sink) {
    switch (state_) {
      case State::kIdle:
        if (b == kEsc) {
          flush_garbage(sink);
          frame_start_ = pos_;
          state_ = State::kType;
        } else {
          if (garbage_ == 0) garbage_start_ = pos_;
          ++garbage_;
        }
        return;
      case State::kType:
        start_body(b, sink);
        return;
      case State::kBody:
        if (b == kEsc) {
          state_ = State::kBodyEscape;
          return;
        }
        push(b, sink);
        return;
      case State::kBodyEscape:
        if (b == kEsc) {
          state_ = State::kBody;
          push(kEsc, sink);
          return;
        }
        // A lone 0x1a: the frame was cut short and a new one starts here.
        sink.on_error(
            frame_error(Fault::kBadEscape, 0, frame_start_, "unescaped 0x1a inside a Beast frame"));
        frame_start_ = pos_ - 1;
        start_body(b, sink);
        return;
    }
  }

  void start_body(std::uint8_t type, FrameSink& sink) {
    type_ = type;
    got_ = 0;
    want_ = body_length(type);  // '4' is receiver status: read, then skipped
    if (want_ != 0) {
      state_ = State::kBody;
      return;
    }
    switch (type) {
      case kEsc:
        // "1a 1a" between frames: an escaped data byte with no frame around it.
        garbage_start_ = frame_start_;
        garbage_ = 2;
        state_ = State::kIdle;
        return;
      default: {
        const auto detail = fmt::format("unknown Beast frame type 0x{:02x}", type);
        sink.on_error(frame_error(Fault::kBadBeastType, 0, frame_start_, detail));
        state_ = State::kIdle;
        return;
      }
    }
  }

  void push(std::uint8_t b, FrameSink& sink) {
    body_[got_++] = b;
    if (got_ == want_) {
      state_ = State::kIdle;
      emit(type_, body_, want_, sink);
    }
  }

  static bool contains_escape(const std::uint8_t* p, unsigned n) {
    return std::memchr(p, kEsc, n) != nullptr;
  }

  // `body`: timestamp, signal and frame bytes, unescaped.
  void emit(std::uint8_t type, const std::uint8_t* body, unsigned want, FrameSink& sink) {
    if (type == '4') return;
    std::uint64_t ts = 0;
    for (int i = 0; i < 6; ++i) ts = ts << 8 | body[i];
    const std::uint8_t signal = body[6];
    // readsb and dump1090 send an all-zero Mode A/C frame as a keep-alive.
    if (type == '1' && ts == 0 && signal == 0 && body[7] == 0 && body[8] == 0) return;
    Frame& f = sink.begin_frame();
    f.len = static_cast<std::uint8_t>(want - 7);
    // Copies of a constant size: a variable-length memcpy becomes `rep movs`,
    // which cost more than the rest of the frame's framing together.
    switch (f.len) {
      case 14:
        std::memcpy(f.bytes.data(), body + 7, 14);
        break;
      case 7:
        std::memcpy(f.bytes.data(), body + 7, 7);
        break;
      default:
        std::memcpy(f.bytes.data(), body + 7, 2);
        break;
    }
    if (ts == kMlatMagicTimestamp) {
      f.mlat = true;
    } else {
      f.ticks = ts;
    }
    f.rssi = kRssi.db[signal];
    f.offset = frame_start_;
    sink.end_frame();
  }

  void flush_garbage(FrameSink& sink) {
    if (garbage_ == 0) return;
    const auto detail = fmt::format("{} bytes outside any Beast frame", garbage_);
    sink.on_error(frame_error(Fault::kNotAFrame, 0, garbage_start_, detail));
    garbage_ = 0;
  }

  State state_ = State::kIdle;
  std::uint8_t type_ = 0;
  std::uint8_t body_[7 + 14] = {};
  unsigned want_ = 0, got_ = 0;
  std::uint64_t pos_ = 0, frame_start_ = 0, garbage_start_ = 0, garbage_ = 0;
};

}  // namespace

std::unique_ptr<Framer> make_beast_framer() {
  return std::make_unique<BeastFramer>();
}

}  // namespace skywitness::framing
