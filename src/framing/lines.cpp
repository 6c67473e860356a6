#include "skywitness/framing/lines.hpp"

#include <array>
#include <cstring>

namespace skywitness::framing {
int parse_hex(std::string_view hex, std::uint8_t* out, std::size_t max_bytes,
              std::size_t& bad_index) {
  const std::size_t n = hex.size();
  if (n % 2 != 0) {
    // Report a bad digit before an odd count: it is the more useful message.
    for (std::size_t i = 0; i < n; ++i)
      if (detail::kHexTable[static_cast<unsigned char>(hex[i])] < 0) {
        bad_index = i;
        return -1;
      }
    return -2;
  }
  if (n / 2 > max_bytes) return static_cast<int>(n / 2);  // caller rejects the length
  for (std::size_t i = 0; i < n; i += 2) {
    const int hi = detail::kHexTable[static_cast<unsigned char>(hex[i])];
    const int lo = detail::kHexTable[static_cast<unsigned char>(hex[i + 1])];
    if ((hi | lo) < 0) {
      bad_index = hi < 0 ? i : i + 1;
      return -1;
    }
    out[i / 2] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return static_cast<int>(n / 2);
}

void LineFramer::emit(std::string_view text, FrameSink& sink) {
  ++line_no_;
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  line(text, line_no_, offset_, sink);
}

void LineFramer::feed(const std::uint8_t* data, std::size_t n, FrameSink& sink) {
  const char* p = reinterpret_cast<const char*>(data);
  const char* end = p + n;
  while (p < end) {
    if (carry_.empty() && !skipping_) {
      if (const char* next = fast_line(p, end, line_no_ + 1, offset_, sink)) {
        ++line_no_;
        offset_ += static_cast<std::uint64_t>(next - p);
        p = next;
        continue;
      }
    }
    const char* nl =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* stop = nl ? nl : end;
    const auto len = static_cast<std::size_t>(stop - p);
    if (skipping_) {
      if (nl) {
        skipping_ = false;
        offset_ += carry_.size() + len + 1;
        carry_.clear();
      } else {
        offset_ += len;  // keep counting the bytes of the long line
      }
      p = nl ? nl + 1 : end;
      continue;
    }
    if (carry_.size() + len > kMaxLine) {
      ++line_no_;
      sink.on_error(
          frame_error(Fault::kLineTooLong, line_no_, offset_, "line longer than 1024 bytes"));
      skipping_ = !nl;
      offset_ += carry_.size() + len + (nl ? 1 : 0);
      carry_.clear();
      p = nl ? nl + 1 : end;
      continue;
    }
    if (!nl) {
      carry_.append(p, len);
      break;
    }
    if (carry_.empty()) {
      emit(std::string_view(p, len), sink);
      offset_ += len + 1;
    } else {
      carry_.append(p, len);
      emit(carry_, sink);
      offset_ += carry_.size() + 1;
      carry_.clear();
    }
    p = nl + 1;
  }
}

void LineFramer::finish(FrameSink& sink) {
  if (!carry_.empty() && !skipping_) {
    emit(carry_, sink);  // a last line without its newline is still a line
    offset_ += carry_.size();
  }
  carry_.clear();
  skipping_ = false;
}

}  // namespace skywitness::framing
