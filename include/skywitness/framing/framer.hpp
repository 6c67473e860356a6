// Framers turn a byte stream into frames. They are push parsers: feed() takes
// any chunk (a read() buffer, a decompressed block, a TCP segment) and may be
// called with frames split across chunks; finish() marks the end of input.
// Bad input is reported to the sink with its location and skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "skywitness/core/frame.hpp"
#include "skywitness/core/message.hpp"
#include "skywitness/core/status.hpp"

namespace skywitness::framing {

enum class Format : std::uint8_t {
  kAvr,
  kBeast,
  kSbs,
  kHex,
  kCsv,
  // Not yet known: its framer holds the first bytes until they tell the
  // format (the first line, or 1 KiB), then reads the input as that format.
  kDetect,
};

// What exactly is wrong with the bytes: an Error's `code` (docs/formats.md,
// "Error kinds"), and what the decode statistics count.
enum class Fault : std::uint8_t {
  kBadHex,          // a character that is not a hex digit inside a frame
  kBadFrameLength,  // a number of hex digits or bytes that is no frame length
  kLineTooLong,
  kNotAFrame,     // a line or bytes that hold no frame at all
  kBadEscape,     // Beast: a lone 0x1a inside a frame
  kBadBeastType,  // Beast: an unknown frame type after 0x1a
  kTruncated,     // input ended inside a frame
  kBadTimestamp,
  kBadField,       // SBS/CSV: a field that does not parse
  kMissingFields,  // SBS/CSV: too few fields
  kInputError,     // the input itself could not be read (I/O, decompression)
  kUnknownFormat,  // the first bytes fit no format (reported once, the input skipped)
  kCount
};

const char* fault_name(Fault f);
// The fault an Error's code names, if it names one.
std::optional<Fault> parse_fault(std::string_view code);

// The error a framer reports: `line` is 1-based for text inputs and 0 for
// binary ones, `offset` the byte in the (decompressed) input. The file is
// left empty: the framer does not know it, its sink does.
Error frame_error(Fault fault, std::uint64_t line, std::optional<std::uint64_t> offset,
                  std::string_view detail);

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // A framer asks for a cleared frame, fills it in place, and hands it over
  // with end_frame(); a frame found bad half-way is simply not handed over.
  // Filling in place spares the copy of every frame on the hot path.
  virtual Frame& begin_frame() = 0;
  virtual void end_frame() = 0;
  // Formats that carry decoded fields rather than frames (SBS) hand over messages.
  virtual void on_message(const Message& message) = 0;
  // Bad input, located by line and offset (see frame_error); the framer goes on.
  virtual void on_error(const Error& error) = 0;
};

class Framer {
 public:
  virtual ~Framer() = default;
  virtual void feed(const std::uint8_t* data, std::size_t n, FrameSink& sink) = 0;
  virtual void finish(FrameSink& sink) = 0;
};

std::unique_ptr<Framer> make_framer(Format format);

// Guesses the format from the first bytes of an input; false when nothing
// fits. Beast: a 0x1a and a frame type within the first 64 bytes; text: the
// first non-empty line (and the line after it when the first is a CSV
// header). When the bytes end before they can tell (a short first read: a
// plain file's first read holds only the 4 bytes sniffed for compression),
// `out` is Format::kDetect, whose framer decides once it has seen enough.
bool detect_format(const std::uint8_t* data, std::size_t n, Format& out);

// The most bytes detection looks at: a format not told by then is not told.
inline constexpr std::size_t kDetectBytes = 1024;

const char* format_name(Format f);
bool parse_format(std::string_view name, Format& out);

// The formats a receiver serves on a TCP port (readsb, dump1090): Beast,
// AVR and SBS; and the port each is served on by convention (30005, 30002,
// 30003), 0 for the others. What `live --connect` reads and `replay` serves.
bool is_receiver_output(Format f);
int conventional_port(Format f);

}  // namespace skywitness::framing
