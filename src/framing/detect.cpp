#include <cstring>
#include <string_view>

#include "skywitness/framing/formats.hpp"

namespace skywitness::framing {

const char* error_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::kBadHex:
      return "bad_hex";
    case ErrorKind::kBadFrameLength:
      return "bad_frame_length";
    case ErrorKind::kLineTooLong:
      return "line_too_long";
    case ErrorKind::kNotAFrame:
      return "not_a_frame";
    case ErrorKind::kBadEscape:
      return "bad_escape";
    case ErrorKind::kBadBeastType:
      return "bad_beast_type";
    case ErrorKind::kTruncated:
      return "truncated";
    case ErrorKind::kBadTimestamp:
      return "bad_timestamp";
    case ErrorKind::kBadField:
      return "bad_field";
    case ErrorKind::kMissingFields:
      return "missing_fields";
    case ErrorKind::kInputError:
      return "input_error";
    case ErrorKind::kCount:
      break;
  }
  return "?";
}

const char* format_name(Format f) {
  switch (f) {
    case Format::kAvr:
      return "avr";
    case Format::kBeast:
      return "beast";
    case Format::kSbs:
      return "sbs";
    case Format::kHex:
      return "hex";
    case Format::kCsv:
      return "csv";
  }
  return "?";
}

bool parse_format(std::string_view name, Format& out) {
  for (Format f : {Format::kAvr, Format::kBeast, Format::kSbs, Format::kHex, Format::kCsv})
    if (name == format_name(f)) {
      out = f;
      return true;
    }
  return false;
}

std::unique_ptr<Framer> make_framer(Format format) {
  switch (format) {
    case Format::kAvr:
      return make_avr_framer();
    case Format::kBeast:
      return make_beast_framer();
    case Format::kSbs:
      return make_sbs_framer();
    case Format::kHex:
      return make_hex_framer();
    case Format::kCsv:
      return make_csv_framer();
  }
  return nullptr;
}

namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool detect_format(const std::uint8_t* data, std::size_t n, Format& out) {
  if (n == 0) return false;
  // Beast: a frame marker followed by a known type byte.
  for (std::size_t i = 0; i + 1 < n && i < 64; ++i) {
    if (data[i] == 0x1a && data[i + 1] >= '1' && data[i + 1] <= '4') {
      out = Format::kBeast;
      return true;
    }
  }
  // Text formats: judge by the first non-empty line.
  std::string_view s(reinterpret_cast<const char*>(data), n);
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r' || s.front() == ' '))
    s.remove_prefix(1);
  const auto eol = s.find('\n');
  std::string_view first = s.substr(0, eol);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (first.empty()) return false;
  if (first.front() == '*' || first.front() == '@') {
    out = Format::kAvr;
    return true;
  }
  for (const char* p : {"MSG,", "SEL,", "ID,", "AIR,", "STA,", "CLK,"})
    if (first.substr(0, std::strlen(p)) == p) {
      out = Format::kSbs;
      return true;
    }
  if (first.find(',') != std::string_view::npos) {
    out = Format::kCsv;
    return true;
  }
  bool all_hex = true;
  for (char c : first) all_hex = all_hex && is_hex(c);
  if (all_hex) {
    out = Format::kHex;
    return true;
  }
  return false;
}

}  // namespace skywitness::framing
