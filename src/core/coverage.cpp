#include "skywitness/core/coverage.hpp"

#include <algorithm>

namespace skywitness {

const char* coverage_name(Coverage c) {
  switch (c) {
    case Coverage::kNone:
      return "none";
    case Coverage::kPartial:
      return "partial";
    case Coverage::kFull:
      return "full";
  }
  return "none";
}

std::vector<TimeSpan> merge_spans(std::vector<TimeSpan> spans) {
  std::erase_if(spans, [](const TimeSpan& s) { return !(s.to > s.from); });
  std::sort(spans.begin(), spans.end(),
            [](const TimeSpan& a, const TimeSpan& b) { return a.from < b.from; });
  std::vector<TimeSpan> out;
  for (const auto& s : spans) {
    if (!out.empty() && s.from <= out.back().to)
      out.back().to = std::max(out.back().to, s.to);
    else
      out.push_back(s);
  }
  return out;
}

double covered_seconds(std::span<const TimeSpan> merged, double from, double to) {
  double total = 0;
  // The first span that ends after `from`; spans are in order and disjoint.
  auto it = std::upper_bound(merged.begin(), merged.end(), from,
                             [](double t, const TimeSpan& s) { return t < s.to; });
  for (; it != merged.end() && it->from < to; ++it)
    total += std::min(it->to, to) - std::max(it->from, from);
  return total;
}

Coverage classify(std::span<const TimeSpan> merged, double from, double to) {
  if (!(to > from)) return Coverage::kNone;
  const double s = covered_seconds(merged, from, to);
  if (s <= 0) return Coverage::kNone;
  return s >= kFullShare * (to - from) ? Coverage::kFull : Coverage::kPartial;
}

std::vector<TimeSpan> uncovered(std::span<const TimeSpan> merged, double from, double to,
                                double min_seconds) {
  std::vector<TimeSpan> out;
  double at = from;
  auto add = [&](double a, double b) {
    if (b - a > 0 && b - a >= min_seconds) out.push_back({a, b});
  };
  for (const auto& s : merged) {
    if (s.to <= at) continue;
    if (s.from >= to) break;
    add(at, std::min(s.from, to));
    at = std::max(at, s.to);
    if (at >= to) break;
  }
  if (at < to) add(at, to);
  return out;
}

}  // namespace skywitness
