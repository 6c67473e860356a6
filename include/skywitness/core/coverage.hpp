// Which times the data covers. "No flight seen" means "none flew" only where
// the inputs cover the time: a month with no data is no data, never zero
// flights. Each input says what span of time it covers (a day's archive its
// day, an OpenSky file its hour, a frame log its first to last frame); these
// functions merge the spans and measure a day, a month or a pause against them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace skywitness {

struct TimeSpan {
  double from = 0, to = 0;  // epoch seconds, [from, to)
};

enum class Coverage : std::uint8_t {
  kNone,     // no input covers any of it
  kPartial,  // some of it
  kFull,     // all of it, but for slivers (kFullShare)
};

// The share of a period that counts as all of it: a day's archive that
// starts a few seconds after midnight still covers the whole day.
inline constexpr double kFullShare = 0.99;

const char* coverage_name(Coverage c);  // "none", "partial", "full"

// The spans joined where they overlap or touch, in time order, empty ones dropped.
std::vector<TimeSpan> merge_spans(std::vector<TimeSpan> spans);

// Seconds of [from, to) inside `merged` (merge_spans's result).
double covered_seconds(std::span<const TimeSpan> merged, double from, double to);

// How much of [from, to) `merged` covers.
Coverage classify(std::span<const TimeSpan> merged, double from, double to);

// The parts of [from, to) that `merged` does not cover, each at least
// `min_seconds` long, in time order.
std::vector<TimeSpan> uncovered(std::span<const TimeSpan> merged, double from, double to,
                                double min_seconds = 0);

}  // namespace skywitness
