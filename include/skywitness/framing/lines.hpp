// Line splitting shared by the text framers: handles lines that span chunks,
// CRLF, and lines longer than any frame format allows.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "skywitness/framing/framer.hpp"

namespace skywitness::framing {

class LineFramer : public Framer {
 public:
  void feed(const std::uint8_t* data, std::size_t n, FrameSink& sink) final;
  void finish(FrameSink& sink) final;

 protected:
  // One line without its terminator (and without a trailing '\r').
  virtual void line(std::string_view text, std::uint64_t line_no, std::uint64_t offset,
                    FrameSink& sink) = 0;
  // Optional fast path: parse one well-formed line starting at `p`, including
  // its '\n', and return the position after it; nullptr hands the line to
  // the general path (which also reports what is wrong with it).
  virtual const char* fast_line(const char* p, const char* end, std::uint64_t line_no,
                                std::uint64_t offset, FrameSink& sink) {
    (void)p, (void)end, (void)line_no, (void)offset, (void)sink;
    return nullptr;
  }
  static constexpr std::size_t kMaxLine = 1024;

 private:
  void emit(std::string_view text, FrameSink& sink);
  std::string carry_;
  bool skipping_ = false;  // inside an over-long line, until its end
  std::uint64_t line_no_ = 0;
  std::uint64_t offset_ = 0;  // offset of the start of the current line
};

namespace detail {
constexpr std::array<std::int8_t, 256> make_hex_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c)
    t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c)
    t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c)
    t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'A' + 10);
  return t;
}
inline constexpr auto kHexTable = make_hex_table();
}  // namespace detail

// Value of a hex digit, or -1.
inline int hex_digit(char c) {
  return detail::kHexTable[static_cast<unsigned char>(c)];
}

// Hex digits to bytes; returns the number of bytes, or -1 on a non-hex digit
// (with its index in `bad_index`), or -2 when the digit count is odd.
int parse_hex(std::string_view hex, std::uint8_t* out, std::size_t max_bytes,
              std::size_t& bad_index);

}  // namespace skywitness::framing
