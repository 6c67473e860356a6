// Line splitting shared by the text framers: handles lines that span chunks,
// CRLF, and lines longer than any frame format allows.
#pragma once

#include <string>

#include "skywitness/framing/framer.hpp"

namespace skywitness::framing {

class LineFramer : public Framer {
 public:
  void feed(const std::uint8_t* data, std::size_t n, FrameSink& sink) final;
  void finish(FrameSink& sink) final;

 protected:
  // One line without its terminator (and without a trailing '\r').
  virtual void line(std::string_view text, std::uint64_t line_no, std::uint64_t offset, FrameSink& sink) = 0;
  static constexpr std::size_t kMaxLine = 1024;

 private:
  void emit(std::string_view text, FrameSink& sink);
  std::string carry_;
  bool skipping_ = false;  // inside an over-long line, until its end
  std::uint64_t line_no_ = 0;
  std::uint64_t offset_ = 0;  // offset of the start of the current line
};

// Hex digits to bytes; returns the number of bytes, or -1 on a non-hex digit
// (with its index in `bad_index`), or -2 when the digit count is odd.
int parse_hex(std::string_view hex, std::uint8_t* out, std::size_t max_bytes, std::size_t& bad_index);

}  // namespace skywitness::framing
