#include "skywitness/pipeline/decode_pipeline.hpp"

#include <fmt/format.h>

#include <iterator>
#include <memory>
#include <span>

#include "skywitness/io/source.hpp"

namespace skywitness::pipeline {

std::uint64_t DecodeStats::total_input_errors() const {
  std::uint64_t n = 0;
  for (auto v : input_errors) n += v;
  return n;
}

DecodePipeline::DecodePipeline(DecodeConfig config, output::RecordWriter* writer)
    : config_(std::move(config)), writer_(writer), tracker_(config_.tracker) {}

void DecodePipeline::on_error(const Error& e) {
  if (const auto fault = framing::parse_fault(e.code))
    ++stats_.input_errors[static_cast<std::size_t>(*fault)];
  if (!config_.errors) return;
  // The framer knows lines and bytes, not the input: name it here.
  error_ = e;
  error_.where.file = current_name_;
  config_.errors->report(error_);
}

// An input that cannot be opened, read or recognised: an error of the input
// as a whole. `located` is false where the message already names the file
// (io's "cannot open FILE: ...").
void DecodePipeline::input_error(ErrorKind kind, bool located, std::string_view message) {
  ++stats_.input_errors[static_cast<std::size_t>(framing::Fault::kInputError)];
  if (!config_.errors) return;
  error_.kind = kind;
  error_.where = Location{};
  if (located) error_.where.file = current_name_;
  error_.code = framing::fault_name(framing::Fault::kInputError);
  error_.message = message;
  config_.errors->report(error_);
}

void DecodePipeline::decode_failure(const Frame& frame, const char* code, std::string message) {
  if (!config_.errors || !config_.report_decode_failures) return;
  error_.kind = ErrorKind::kBadInput;
  error_.where = Location(current_name_, frame.line, frame.offset);
  error_.code = code;
  error_.message = std::move(message);
  config_.errors->report(error_);
}

void DecodePipeline::emit(Message& m) {
  if (!config_.only.empty() && (!m.has_field(Field::kIcao) || !config_.only.contains(m.icao)))
    return;
  ++stats_.records_written;
  if (writer_) writer_->write(m);
}

Frame& DecodePipeline::begin_frame() {
  scratch_.frame = Frame{};
  return scratch_.frame;
}

void DecodePipeline::end_frame() {
  ++stats_.frames;
  Message& m = scratch_;
  const Frame& frame = m.frame;
  const auto status = modes::decode_in_place(m, config_.decode);
  switch (status) {
    case modes::DecodeStatus::kOk:
      break;
    case modes::DecodeStatus::kModeAC:
      ++stats_.mode_ac;
      emit(m);
      return;
    case modes::DecodeStatus::kBadCrc:
      ++stats_.bad_crc;
      ++stats_.by_df[m.df];
      if (config_.report_decode_failures)
        decode_failure(frame, "bad_crc", fmt::format("DF{} parity check failed", m.df));
      return;
    case modes::DecodeStatus::kBadLength:
      ++stats_.bad_length;
      if (config_.report_decode_failures)
        decode_failure(frame, "bad_length",
                       fmt::format("DF{} frame of {} bytes (expected {})", m.df, frame.len,
                                   modes::expected_length(m.df)));
      return;
    case modes::DecodeStatus::kUnknownDf:
      ++stats_.unknown_df;
      ++stats_.by_df[m.df];
      if (config_.report_decode_failures)
        decode_failure(frame, "unknown_df", fmt::format("downlink format {} is not decoded", m.df));
      return;
  }
  ++stats_.messages_ok;
  ++stats_.by_df[m.df];
  if (m.corrected_bits) ++stats_.corrected;
  if (m.has_field(Field::kTc)) ++stats_.by_tc[m.tc];
  if (m.has_field(Field::kBds)) {
    static constexpr std::uint8_t kRegs[] = {0x10, 0x17, 0x20, 0x30, 0x40, 0x50, 0x60};
    if (m.bds_ambiguous) {
      ++stats_.by_bds[7];
    } else {
      for (std::size_t i = 0; i < 7; ++i)
        if (kRegs[i] == m.bds) ++stats_.by_bds[i];
    }
  }
  tracker_.update(m);
  emit(m);
}

void DecodePipeline::on_message(const Message& message) {
  ++stats_.sbs_messages;
  Message m = message;
  tracker_.update(m);
  emit(m);
}

void DecodePipeline::run_buffer(const std::uint8_t* data, std::size_t n, framing::Format format) {
  auto framer = framing::make_framer(format);
  stats_.bytes += n;
  framer->feed(data, n, *this);
  framer->finish(*this);
}

void DecodePipeline::begin_input(std::string_view name, std::optional<framing::Format> format) {
  finish_input();
  ++stats_.inputs;
  current_name_ = name;
  start(format);
}

void DecodePipeline::start(std::optional<framing::Format> format) {
  framer_ = framing::make_framer(format.value_or(framing::Format::kDetect));
}

void DecodePipeline::feed(const std::uint8_t* data, std::size_t n) {
  if (!framer_) begin_input("<input>");
  stats_.bytes += n;
  framer_->feed(data, n, *this);
}

void DecodePipeline::finish_input() {
  if (!framer_) return;
  framer_->finish(*this);
  framer_.reset();
}

bool DecodePipeline::undetected() {
  ++stats_.inputs_failed;
  input_error(ErrorKind::kFormat, true,
              "cannot tell the input format from its first bytes (not AVR, Beast, SBS, hex or "
              "CSV)");
  return false;
}

bool DecodePipeline::run(const std::string& path) {
  finish_input();
  ++stats_.inputs;
  current_name_ = path == "-" ? "<stdin>" : path;
  auto opened = io::open_source(path);
  if (!opened.source) {
    ++stats_.inputs_failed;
    input_error(ErrorKind::kIo, false, opened.error);
    return false;
  }
  // Left uninitialised: read() fills it, and zeroing costs more than a small decode.
  constexpr std::size_t kChunk = 1 << 18;
  std::unique_ptr<std::uint8_t[]> storage(new std::uint8_t[kChunk]);
  std::span<std::uint8_t> buf(storage.get(), kChunk);
  std::size_t n = opened.source->read(buf.data(), buf.size());
  framing::Format format{};
  if (config_.format) {
    format = *config_.format;
  } else if (n == 0 && opened.source->error().empty()) {
    return true;  // an empty input is not an error
  } else if (!framing::detect_format(buf.data(), n, format)) {
    return undetected();
  }
  start(format);
  while (n > 0) {
    feed(buf.data(), n);
    n = opened.source->read(buf.data(), buf.size());
  }
  finish_input();
  if (!opened.source->error().empty()) {
    // The data before the fault has been decoded; say what stopped the rest.
    input_error(ErrorKind::kIo, true, opened.source->error());
  }
  return true;
}

std::string format_stats(const DecodeStats& s, const tracking::TrackerStats& t) {
  std::string text;
  auto out = std::back_inserter(text);
  fmt::format_to(out, "inputs            {:>12}  ({} failed)\n", s.inputs, s.inputs_failed);
  fmt::format_to(out, "bytes             {:>12}\n", s.bytes);
  fmt::format_to(out, "frames            {:>12}\n", s.frames);
  fmt::format_to(out, "  decoded         {:>12}\n", s.messages_ok);
  fmt::format_to(out, "  mode a/c        {:>12}\n", s.mode_ac);
  fmt::format_to(out, "  bad crc         {:>12}\n", s.bad_crc);
  fmt::format_to(out, "  corrected       {:>12}\n", s.corrected);
  fmt::format_to(out, "  bad length      {:>12}\n", s.bad_length);
  fmt::format_to(out, "  unknown df      {:>12}\n", s.unknown_df);
  fmt::format_to(out, "sbs messages      {:>12}\n", s.sbs_messages);
  fmt::format_to(out, "records           {:>12}  (after the address filter)\n", s.records_written);
  fmt::format_to(out, "by downlink format (decoded and failed):\n");
  for (std::size_t df = 0; df < s.by_df.size(); ++df)
    if (s.by_df[df]) fmt::format_to(out, "  DF{:<2}            {:>12}\n", df, s.by_df[df]);
  bool any_tc = false;
  for (auto v : s.by_tc) any_tc = any_tc || v != 0;
  if (any_tc) {
    fmt::format_to(out, "by ADS-B type code:\n");
    for (std::size_t tc = 0; tc < s.by_tc.size(); ++tc)
      if (s.by_tc[tc]) fmt::format_to(out, "  TC{:<2}            {:>12}\n", tc, s.by_tc[tc]);
  }
  static constexpr const char* kBds[] = {"1,0", "1,7", "2,0", "3,0",
                                         "4,0", "5,0", "6,0", "ambiguous"};
  bool any_bds = false;
  for (auto v : s.by_bds) any_bds = any_bds || v != 0;
  if (any_bds) {
    fmt::format_to(out, "by Comm-B register:\n");
    for (std::size_t i = 0; i < s.by_bds.size(); ++i)
      if (s.by_bds[i]) fmt::format_to(out, "  BDS {:<10}    {:>12}\n", kBds[i], s.by_bds[i]);
  }
  fmt::format_to(out, "positions:\n");
  fmt::format_to(out, "  global          {:>12}\n", t.positions_global);
  fmt::format_to(out, "  local           {:>12}\n", t.positions_local);
  fmt::format_to(out, "  receiver        {:>12}\n", t.positions_receiver);
  fmt::format_to(out, "  rejected speed  {:>12}\n", t.rejected_speed);
  fmt::format_to(out, "  rejected range  {:>12}\n", t.rejected_range);
  fmt::format_to(out, "  rejected zone   {:>12}\n", t.rejected_zone);
  fmt::format_to(out, "  surface no ref  {:>12}\n", t.surface_no_reference);
  fmt::format_to(out, "addresses:\n");
  fmt::format_to(out, "  aircraft        {:>12}  (peak {} at once)\n", t.aircraft_seen,
                 t.aircraft_peak);
  fmt::format_to(out, "  confirmed       {:>12}\n", t.addresses_confirmed);
  fmt::format_to(out, "  unconfirmed     {:>12}\n", t.addresses_unconfirmed);
  const auto errors = s.total_input_errors();
  fmt::format_to(out, "input errors      {:>12}\n", errors);
  for (std::size_t k = 0; k < s.input_errors.size(); ++k)
    if (s.input_errors[k])
      fmt::format_to(out, "  {:<16}{:>12}\n", framing::fault_name(static_cast<framing::Fault>(k)),
                     s.input_errors[k]);
  return text;
}

}  // namespace skywitness::pipeline
