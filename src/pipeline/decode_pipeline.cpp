#include "skywitness/pipeline/decode_pipeline.hpp"

#include <fmt/format.h>

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

void DecodePipeline::report(std::uint64_t line, std::uint64_t offset, std::string_view kind,
                            std::string_view detail) {
  if (!config_.report_errors) return;
  if (line != 0) {
    fmt::print(config_.error_stream, "{}:{}: {}: {}\n", current_name_, line, kind, detail);
  } else {
    fmt::print(config_.error_stream, "{}: byte {}: {}: {}\n", current_name_, offset, kind, detail);
  }
}

void DecodePipeline::on_error(const framing::InputError& e) {
  ++stats_.input_errors[static_cast<std::size_t>(e.kind)];
  report(e.line, e.offset, framing::error_name(e.kind), e.detail);
  if (config_.on_input_error)
    config_.on_input_error(
        e.line ? fmt::format("line {}", e.line) : fmt::format("byte {}", e.offset),
        framing::error_name(e.kind), e.detail);
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
      if (config_.report_errors)
        report(frame.line, frame.offset, "bad_crc", fmt::format("DF{} parity check failed", m.df));
      return;
    case modes::DecodeStatus::kBadLength:
      ++stats_.bad_length;
      if (config_.report_errors)
        report(frame.line, frame.offset, "bad_length",
               fmt::format("DF{} frame of {} bytes (expected {})", m.df, frame.len,
                           modes::expected_length(m.df)));
      return;
    case modes::DecodeStatus::kUnknownDf:
      ++stats_.unknown_df;
      ++stats_.by_df[m.df];
      if (config_.report_errors)
        report(frame.line, frame.offset, "unknown_df",
               fmt::format("downlink format {} is not decoded", m.df));
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
  ++stats_.input_errors[static_cast<std::size_t>(framing::ErrorKind::kInputError)];
  constexpr std::string_view kWhy =
      "cannot tell the input format from its first bytes (not AVR, Beast, SBS, hex or CSV)";
  if (config_.on_input_error)
    config_.on_input_error("", "input_error", kWhy);
  else
    fmt::print(config_.error_stream, "skywitness: {}: {}; use --format\n", current_name_, kWhy);
  return false;
}

bool DecodePipeline::run(const std::string& path) {
  finish_input();
  ++stats_.inputs;
  current_name_ = path == "-" ? "<stdin>" : path;
  auto opened = io::open_source(path);
  if (!opened.source) {
    ++stats_.inputs_failed;
    ++stats_.input_errors[static_cast<std::size_t>(framing::ErrorKind::kInputError)];
    if (config_.on_input_error)
      config_.on_input_error("", "input_error", opened.error);
    else
      fmt::print(config_.error_stream, "skywitness: {}\n", opened.error);
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
    ++stats_.input_errors[static_cast<std::size_t>(framing::ErrorKind::kInputError)];
    if (config_.on_input_error)
      config_.on_input_error("", "input_error", opened.source->error());
    else
      fmt::print(config_.error_stream, "skywitness: {}: {}\n", current_name_,
                 opened.source->error());
  }
  return true;
}

void print_stats(std::FILE* out, const DecodeStats& s, const tracking::TrackerStats& t) {
  fmt::print(out, "inputs            {:>12}  ({} failed)\n", s.inputs, s.inputs_failed);
  fmt::print(out, "bytes             {:>12}\n", s.bytes);
  fmt::print(out, "frames            {:>12}\n", s.frames);
  fmt::print(out, "  decoded         {:>12}\n", s.messages_ok);
  fmt::print(out, "  mode a/c        {:>12}\n", s.mode_ac);
  fmt::print(out, "  bad crc         {:>12}\n", s.bad_crc);
  fmt::print(out, "  corrected       {:>12}\n", s.corrected);
  fmt::print(out, "  bad length      {:>12}\n", s.bad_length);
  fmt::print(out, "  unknown df      {:>12}\n", s.unknown_df);
  fmt::print(out, "sbs messages      {:>12}\n", s.sbs_messages);
  fmt::print(out, "records           {:>12}  (after the address filter)\n", s.records_written);
  fmt::print(out, "by downlink format (decoded and failed):\n");
  for (std::size_t df = 0; df < s.by_df.size(); ++df)
    if (s.by_df[df]) fmt::print(out, "  DF{:<2}            {:>12}\n", df, s.by_df[df]);
  bool any_tc = false;
  for (auto v : s.by_tc) any_tc = any_tc || v != 0;
  if (any_tc) {
    fmt::print(out, "by ADS-B type code:\n");
    for (std::size_t tc = 0; tc < s.by_tc.size(); ++tc)
      if (s.by_tc[tc]) fmt::print(out, "  TC{:<2}            {:>12}\n", tc, s.by_tc[tc]);
  }
  static constexpr const char* kBds[] = {"1,0", "1,7", "2,0", "3,0",
                                         "4,0", "5,0", "6,0", "ambiguous"};
  bool any_bds = false;
  for (auto v : s.by_bds) any_bds = any_bds || v != 0;
  if (any_bds) {
    fmt::print(out, "by Comm-B register:\n");
    for (std::size_t i = 0; i < s.by_bds.size(); ++i)
      if (s.by_bds[i]) fmt::print(out, "  BDS {:<10}    {:>12}\n", kBds[i], s.by_bds[i]);
  }
  fmt::print(out, "positions:\n");
  fmt::print(out, "  global          {:>12}\n", t.positions_global);
  fmt::print(out, "  local           {:>12}\n", t.positions_local);
  fmt::print(out, "  receiver        {:>12}\n", t.positions_receiver);
  fmt::print(out, "  rejected speed  {:>12}\n", t.rejected_speed);
  fmt::print(out, "  rejected range  {:>12}\n", t.rejected_range);
  fmt::print(out, "  rejected zone   {:>12}\n", t.rejected_zone);
  fmt::print(out, "  surface no ref  {:>12}\n", t.surface_no_reference);
  fmt::print(out, "addresses:\n");
  fmt::print(out, "  aircraft        {:>12}  (peak {} at once)\n", t.aircraft_seen,
             t.aircraft_peak);
  fmt::print(out, "  confirmed       {:>12}\n", t.addresses_confirmed);
  fmt::print(out, "  unconfirmed     {:>12}\n", t.addresses_unconfirmed);
  const auto errors = s.total_input_errors();
  fmt::print(out, "input errors      {:>12}\n", errors);
  for (std::size_t k = 0; k < s.input_errors.size(); ++k)
    if (s.input_errors[k])
      fmt::print(out, "  {:<16}{:>12}\n", framing::error_name(static_cast<framing::ErrorKind>(k)),
                 s.input_errors[k]);
}

}  // namespace skywitness::pipeline
