// libFuzzer target for one framer (chosen at build time) and everything
// behind it: decoding, tracking and JSON formatting. The first byte picks
// where the input is split, so that frames across chunk boundaries are fuzzed
// too.
#include <cstddef>
#include <cstdint>

#include "skywitness/output/writer.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"

namespace {

struct JsonSink final : skywitness::output::RecordWriter {
  fmt::memory_buffer buf;
  void write(const skywitness::Message& m) override {
    buf.clear();
    skywitness::output::format_json(m, buf);
  }
  void flush() override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  if (size == 0) return 0;
  const std::size_t split = size > 1 ? data[0] % size : 0;
  JsonSink sink;
  // Every error is a fault the statistics know, and says something.
  FunctionReporter errors([](const Error& e) {
    if (!framing::parse_fault(e.code) || e.message.empty()) __builtin_trap();
  });
  pipeline::DecodeConfig cfg;
  cfg.errors = &errors;
  cfg.decode.fix_single_bit = (data[0] & 1) != 0;
  cfg.tracker.receiver = modes::cpr::LatLon{51.5, -0.1};
  pipeline::DecodePipeline job(cfg, &sink);
  auto framer = framing::make_framer(framing::Format::SKYWITNESS_FUZZ_FORMAT);
  framer->feed(data, split, job);
  framer->feed(data + split, size - split, job);
  framer->finish(job);
  return 0;
}
