// Decoder throughput on a corpus of 1.2 million frames (real + synthetic):
// frames per second per core, for AVR and Beast input, decoding alone and
// decoding with CPR position tracking. Whole-process figures: bench/run.sh.
#include <benchmark/benchmark.h>

#include "corpus.hpp"
#include "skywitness/framing/framer.hpp"
#include "skywitness/modes/crc.hpp"
#include "skywitness/modes/decode.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"

namespace {

using namespace skywitness;

const std::vector<Frame>& corpus() {
  static const auto c = bench::make_corpus(1'200'000, SKYWITNESS_SAMPLE_AVR);
  return c;
}
const std::string& avr() {
  static const auto s = bench::to_avr(corpus());
  return s;
}
const std::string& beast() {
  static const auto s = bench::to_beast(corpus());
  return s;
}

// Framing and decoding, no tracking: what a stateless decoder does.
struct DecodeOnlySink final : framing::FrameSink {
  Message m;
  std::uint64_t ok = 0;
  Frame& begin_frame() override { return m.frame = Frame{}; }
  void end_frame() override { ok += modes::decode_in_place(m) == modes::DecodeStatus::kOk; }
  void on_message(const Message&) override {}
  void on_error(const Error&) override {}
};

void run_decode_only(benchmark::State& state, const std::string& input, framing::Format fmt) {
  std::uint64_t frames = 0;
  for (auto _ : state) {
    DecodeOnlySink sink;
    auto framer = framing::make_framer(fmt);
    framer->feed(reinterpret_cast<const std::uint8_t*>(input.data()), input.size(), sink);
    framer->finish(sink);
    benchmark::DoNotOptimize(sink.ok);
    frames += corpus().size();
  }
  state.counters["frames/s"] =
      benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
}

void run_with_tracking(benchmark::State& state, const std::string& input, framing::Format fmt) {
  std::uint64_t frames = 0;
  for (auto _ : state) {
    pipeline::DecodePipeline job({}, nullptr);
    job.run_buffer(reinterpret_cast<const std::uint8_t*>(input.data()), input.size(), fmt);
    benchmark::DoNotOptimize(job.stats().messages_ok);
    frames += job.stats().frames;
  }
  state.counters["frames/s"] =
      benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
}

void BM_AvrDecodeOnly(benchmark::State& s) {
  run_decode_only(s, avr(), framing::Format::kAvr);
}
void BM_BeastDecodeOnly(benchmark::State& s) {
  run_decode_only(s, beast(), framing::Format::kBeast);
}
void BM_AvrDecodeAndTrack(benchmark::State& s) {
  run_with_tracking(s, avr(), framing::Format::kAvr);
}
void BM_BeastDecodeAndTrack(benchmark::State& s) {
  run_with_tracking(s, beast(), framing::Format::kBeast);
}

void BM_Crc24LongFrame(benchmark::State& state) {
  const auto& f = corpus()[100];
  for (auto _ : state) benchmark::DoNotOptimize(modes::syndrome(f.bytes.data(), 14));
}

BENCHMARK(BM_AvrDecodeOnly)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_BeastDecodeOnly)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_AvrDecodeAndTrack)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_BeastDecodeAndTrack)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Crc24LongFrame);

}  // namespace

BENCHMARK_MAIN();
