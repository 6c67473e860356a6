// The decode job: inputs -> framing -> decoding -> tracking -> records, with
// counts of everything that happened, and errors reported by location.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "skywitness/core/status.hpp"
#include "skywitness/framing/framer.hpp"
#include "skywitness/modes/decode.hpp"
#include "skywitness/output/writer.hpp"
#include "skywitness/tracking/tracker.hpp"

namespace skywitness::pipeline {

struct DecodeConfig {
  std::optional<framing::Format> format;  // detected per input when empty
  modes::DecodeOptions decode;
  tracking::TrackerOptions tracker;
  std::unordered_set<std::uint32_t> only;  // addresses to keep; empty keeps all
  // Where every input error goes, located in its input (code "input_error"
  // for an input that cannot be opened, read or recognised; a framing fault
  // otherwise). None: they are only counted in the stats.
  ErrorReporter* errors = nullptr;
  // Also report frames that fail decoding (bad_crc, bad_length, unknown_df).
  // They are counted either way, but they are a receiver's noise rather than
  // a broken input, and a feed has many: only `decode --errors` wants them.
  bool report_decode_failures = false;
};

struct DecodeStats {
  std::uint64_t inputs = 0, inputs_failed = 0;
  std::uint64_t bytes = 0;
  std::uint64_t frames = 0;       // frames handed over by the framers
  std::uint64_t messages_ok = 0;  // decoded (CRC good or address recovered)
  std::uint64_t sbs_messages = 0;
  std::uint64_t mode_ac = 0;
  std::uint64_t bad_crc = 0, corrected = 0, bad_length = 0, unknown_df = 0;
  std::uint64_t records_written = 0;
  std::array<std::uint64_t, 25> by_df{};
  std::array<std::uint64_t, 32> by_tc{};
  std::array<std::uint64_t, 8> by_bds{};  // 10,17,20,30,40,50,60, ambiguous
  std::array<std::uint64_t, static_cast<std::size_t>(framing::Fault::kCount)> input_errors{};

  std::uint64_t total_input_errors() const;
};

class DecodePipeline final : public framing::FrameSink {
 public:
  DecodePipeline(DecodeConfig config, output::RecordWriter* writer);

  // Decodes one input ("-" for stdin). Returns false when it could not be
  // opened or its format not detected; the run goes on with the next.
  bool run(const std::string& path);
  // Decodes bytes already in memory (benchmarks, fuzzing, tests).
  void run_buffer(const std::uint8_t* data, std::size_t n, framing::Format format);

  // One input fed in pieces as they arrive (a receiver's TCP feed, a pipe):
  // begin_input names it (for error locations) and sets its format, or
  // leaves it to be told from its first bytes; feed hands bytes over;
  // finish_input ends the input (a frame cut off at its end is reported).
  // run() is these three over a file.
  void begin_input(std::string_view name, std::optional<framing::Format> format = {});
  void feed(const std::uint8_t* data, std::size_t n);
  void finish_input();

  const DecodeStats& stats() const { return stats_; }
  const tracking::TrackerStats& tracker_stats() const { return tracker_.stats(); }

  Frame& begin_frame() override;
  void end_frame() override;
  void on_message(const Message& message) override;
  void on_error(const Error& error) override;

 private:
  void emit(Message& m);
  void start(std::optional<framing::Format> format);  // a framer for the current input
  bool undetected();
  void input_error(ErrorKind kind, bool located, std::string_view message);
  void decode_failure(const Frame& frame, const char* code, std::string message);

  DecodeConfig config_;
  output::RecordWriter* writer_;
  std::unique_ptr<framing::Framer> framer_;  // of the input being fed
  tracking::Tracker tracker_;
  DecodeStats stats_;
  Message scratch_;
  std::string current_name_;
  Error error_;  // reused: no allocation per error once warm
};

// Human-readable summary of a run, for `decode --stats` to print.
std::string format_stats(const DecodeStats& s, const tracking::TrackerStats& t);

}  // namespace skywitness::pipeline
