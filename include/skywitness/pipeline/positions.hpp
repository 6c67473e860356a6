// Decoded messages into positions: what the decode job gives the flight
// stages, shared by ingest (raw frames, decode JSON Lines) and, to come, the
// live feeds. Each position carries its aircraft's latest speed, track,
// vertical rate and callsign heard in the 30 s before it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

#include "skywitness/core/message.hpp"
#include "skywitness/core/position.hpp"
#include "skywitness/output/writer.hpp"

namespace skywitness::pipeline {

struct PositionOptions {
  // The wall-clock time of a receiver clock's first tick (Beast, AVR "@"):
  // frames with only a 12 MHz clock get their times from it.
  std::optional<double> clock_epoch;
};

struct PositionStats {
  std::uint64_t positions = 0;
  std::uint64_t untimed = 0;  // positions dropped for want of wall-clock time
};

class MessagePositions final : public output::RecordWriter {
 public:
  using Sink = std::function<void(const Position&)>;
  MessagePositions(PositionOptions options, Sink sink) : opt_(options), sink_(std::move(sink)) {}

  void write(const Message& m) override;
  void flush() override {}
  const PositionStats& stats() const { return stats_; }

 private:
  struct State {
    float gs = 0, track = 0;
    std::int32_t vrate = 0, alt = 0;
    double speed_t = -1e18, ground_t = -1e18;
    bool on_ground = false;
    std::array<char, 9> callsign{};
  };
  PositionOptions opt_;
  Sink sink_;
  PositionStats stats_;
  std::unordered_map<std::uint32_t, State> state_;
};

}  // namespace skywitness::pipeline
