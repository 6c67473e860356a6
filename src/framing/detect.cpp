#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "skywitness/framing/formats.hpp"

namespace skywitness::framing {

const char* fault_name(Fault k) {
  switch (k) {
    case Fault::kBadHex:
      return "bad_hex";
    case Fault::kBadFrameLength:
      return "bad_frame_length";
    case Fault::kLineTooLong:
      return "line_too_long";
    case Fault::kNotAFrame:
      return "not_a_frame";
    case Fault::kBadEscape:
      return "bad_escape";
    case Fault::kBadBeastType:
      return "bad_beast_type";
    case Fault::kTruncated:
      return "truncated";
    case Fault::kBadTimestamp:
      return "bad_timestamp";
    case Fault::kBadField:
      return "bad_field";
    case Fault::kMissingFields:
      return "missing_fields";
    case Fault::kInputError:
      return "input_error";
    case Fault::kUnknownFormat:
      return "unknown_format";
    case Fault::kCount:
      break;
  }
  return "?";
}

std::optional<Fault> parse_fault(std::string_view code) {
  for (std::size_t k = 0; k < static_cast<std::size_t>(Fault::kCount); ++k)
    if (code == fault_name(static_cast<Fault>(k))) return static_cast<Fault>(k);
  return std::nullopt;
}

Error frame_error(Fault fault, std::uint64_t line, std::optional<std::uint64_t> offset,
                  std::string_view detail) {
  Error e;
  e.kind = fault == Fault::kUnknownFormat ? ErrorKind::kFormat
           : fault == Fault::kInputError  ? ErrorKind::kIo
                                          : ErrorKind::kBadInput;
  e.where.line = line;
  e.where.offset = offset;
  e.code = fault_name(fault);
  e.message = detail;
  return e;
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
    case Format::kDetect:
      return "detect";
  }
  return "?";
}

bool is_receiver_output(Format f) {
  return conventional_port(f) != 0;
}

int conventional_port(Format f) {
  switch (f) {
    case Format::kBeast:
      return 30005;
    case Format::kAvr:
      return 30002;
    case Format::kSbs:
      return 30003;
    default:
      return 0;
  }
}

bool parse_format(std::string_view name, Format& out) {
  for (Format f : {Format::kAvr, Format::kBeast, Format::kSbs, Format::kHex, Format::kCsv})
    if (name == format_name(f)) {
      out = f;
      return true;
    }
  return false;
}

namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool all_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_hex);
}

// Epoch seconds as frame logs write them: "1717664319" or "1717664319.147975".
bool is_timestamp(std::string_view s) {
  s = trim(s);
  const auto dot = s.find('.');
  const auto whole = s.substr(0, dot);
  const auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return !whole.empty() && digits(whole) &&
         (dot == std::string_view::npos || digits(s.substr(dot + 1)));
}

bool is_sbs(std::string_view line) {
  for (const char* p : {"MSG,", "SEL,", "ID,", "AIR,", "STA,", "CLK,"})
    if (line.starts_with(p)) return true;
  return false;
}

// What one whole text line looks like. kCutHex and kCutCsv hold no whole
// frame: a line cut by the start of the log (or a bad one); the next line
// tells, as it does after a header.
enum class Line : std::uint8_t { kHex, kCsv, kHeader, kCutHex, kCutCsv, kOther };

bool frame_length(std::size_t digits) {
  return digits == 4 || digits == 14 || digits == 28;
}

Line classify(std::string_view line) {
  line = trim(line);
  const auto comma = line.find(',');
  if (comma == std::string_view::npos) {
    if (!all_hex(line)) return Line::kOther;
    return frame_length(line.size()) ? Line::kHex : Line::kCutHex;
  }
  if (!is_timestamp(line.substr(0, comma))) return Line::kHeader;  // "timestamp,rawmsg"
  // timestamp "," frame: a frame length of hex digits, not some other CSV
  // that starts with a time (OpenSky's "1711929600,a8f007,...").
  auto frame = line.substr(comma + 1);
  frame = trim(frame.substr(0, frame.find(',')));
  return all_hex(frame) && frame_length(frame.size()) ? Line::kCsv : Line::kCutCsv;
}

bool is_text(char c) {
  const auto u = static_cast<unsigned char>(c);
  return c == '\t' || c == '\r' || (u >= 0x20 && u < 0x7f);
}

enum class Guess : std::uint8_t { kFits, kNothing, kMore };

// `final`: there are no more bytes to wait for (the end of the input, or
// kDetectBytes of it); never kMore then.
Guess guess(std::string_view s, bool final, Format& out) {
  constexpr std::size_t kBeastScan = 64;
  for (std::size_t i = 0; i + 1 < s.size() && i < kBeastScan; ++i) {
    if (s[i] == 0x1a && s[i + 1] >= '1' && s[i + 1] <= '4') {
      out = Format::kBeast;
      return Guess::kFits;
    }
  }
  const Guess more_or_nothing = final ? Guess::kNothing : Guess::kMore;
  const bool short_of_beast = !final && s.size() < kBeastScan;
  while (!s.empty() && (s.front() == '\n' || s.front() == '\r' || s.front() == ' '))
    s.remove_prefix(1);
  if (s.empty()) return more_or_nothing;
  const auto eol = s.find('\n');
  const std::string_view first = s.substr(0, eol);
  // Binary bytes that are no Beast frame yet: one may still come.
  if (!std::all_of(first.begin(), first.end(), is_text))
    return short_of_beast ? Guess::kMore : Guess::kNothing;
  // Decided by their first bytes alone.
  if (first.front() == '*' || first.front() == '@') {
    out = Format::kAvr;
    return Guess::kFits;
  }
  if (is_sbs(first)) {
    out = Format::kSbs;
    return Guess::kFits;
  }
  if (eol == std::string_view::npos && !final) return Guess::kMore;
  const Line one = classify(first);
  if (one == Line::kHex || one == Line::kCsv) {
    out = one == Line::kHex ? Format::kHex : Format::kCsv;
    return Guess::kFits;
  }
  if (one == Line::kOther) return Guess::kNothing;
  // A header, or a line cut by the start of the log: the next non-empty line
  // tells what follows.
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : s.substr(eol + 1);
  while (!rest.empty() && trim(rest.substr(0, rest.find('\n'))).empty()) {
    const auto next = rest.find('\n');
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
  }
  if (rest.empty() || (rest.find('\n') == std::string_view::npos && !final)) {
    if (!final) return Guess::kMore;
    // All there is: a header of a log with no frames yet, or one bad line.
    out = one == Line::kCutHex ? Format::kHex : Format::kCsv;
    return Guess::kFits;
  }
  const Line two = classify(rest.substr(0, rest.find('\n')));
  if (two == Line::kCsv || (two == Line::kHex && one == Line::kCutHex)) {
    out = two == Line::kCsv ? Format::kCsv : Format::kHex;
    return Guess::kFits;
  }
  return Guess::kNothing;
}

// Holds the first bytes of an input until they tell its format, then hands
// them, and everything after, to that format's framer.
class DetectingFramer final : public Framer {
 public:
  void feed(const std::uint8_t* data, std::size_t n, FrameSink& sink) override {
    if (inner_) {
      inner_->feed(data, n, sink);
      return;
    }
    if (failed_) return;
    const std::size_t take = std::min(n, kDetectBytes - head_.size());
    head_.append(reinterpret_cast<const char*>(data), take);
    Format f{};
    const Guess g = guess(head_, head_.size() >= kDetectBytes, f);
    if (g == Guess::kMore) return;  // all of `data` is in head_
    decided(g, f, sink);
    if (inner_ && take < n) inner_->feed(data + take, n - take, sink);
  }

  void finish(FrameSink& sink) override {
    if (!inner_ && !failed_ && !head_.empty()) {
      Format f{};
      const Guess g = guess(head_, true, f);
      decided(g, f, sink);
    }
    if (inner_) inner_->finish(sink);
  }

 private:
  void decided(Guess g, Format f, FrameSink& sink) {
    if (g == Guess::kFits) {
      inner_ = make_framer(f);
      inner_->feed(reinterpret_cast<const std::uint8_t*>(head_.data()), head_.size(), sink);
    } else {
      failed_ = true;
      // An error of the input as a whole: no line, no offset.
      sink.on_error(frame_error(Fault::kUnknownFormat, 0, std::nullopt,
                                "cannot tell the input format from its first bytes (not AVR, "
                                "Beast, SBS, hex or CSV); use --format"));
    }
    std::string().swap(head_);
  }

  std::string head_;
  std::unique_ptr<Framer> inner_;
  bool failed_ = false;  // in no format: the rest is skipped
};

}  // namespace

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
    case Format::kDetect:
      return std::make_unique<DetectingFramer>();
  }
  return nullptr;
}

bool detect_format(const std::uint8_t* data, std::size_t n, Format& out) {
  if (n == 0) return false;
  const std::string_view s(reinterpret_cast<const char*>(data), n);
  switch (guess(s, n >= kDetectBytes, out)) {
    case Guess::kFits:
      return true;
    case Guess::kNothing:
      return false;
    case Guess::kMore:
      out = Format::kDetect;
      return true;
  }
  return false;
}

}  // namespace skywitness::framing
