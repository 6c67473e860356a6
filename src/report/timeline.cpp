#include "skywitness/report/timeline.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"

namespace skywitness::report {
namespace {

// "no data from 2022-07-15 to 2023-12-31": the parts of (from, to) no input
// covers, a day or longer, the first three named.
std::string no_data(std::span<const TimeSpan> coverage, double from, double to) {
  const auto holes = uncovered(coverage, from, to, 86400);
  std::string out;
  for (std::size_t i = 0; i < holes.size() && i < 3; ++i)
    out += fmt::format("{}{} to {}", i ? ", " : "no data from ", format_date(holes[i].from),
                       format_date(holes[i].to - 1));
  if (holes.size() > 3) out += fmt::format(" and {} more gaps", holes.size() - 3);
  return out;
}

}  // namespace

const char* event_kind_name(TimelineEvent::Kind k) {
  switch (k) {
    case TimelineEvent::Kind::kFirst:
      return "first";
    case TimelineEvent::Kind::kResumed:
      return "resumed";
    case TimelineEvent::Kind::kStopped:
      return "stopped";
    case TimelineEvent::Kind::kSeenAgain:
      return "seen_again";
  }
  return "first";
}

CountryTimeline build_timeline(const std::vector<RemovalLeg>& removals, const std::string& country,
                               std::span<const TimeSpan> coverage,
                               const std::map<std::string, std::uint64_t>& encounters,
                               const TimelineOptions& options) {
  CountryTimeline tl;
  const double data_end = coverage.empty() ? 0 : coverage.back().to;
  tl.country = country;
  for (const auto& r : removals)
    if (r.country == country) tl.legs.push_back(&r);
  std::map<std::string, MonthCount> months;
  for (const auto* r : tl.legs) {
    auto& m = months[month_of(r->time)];
    ++m.flights;
    ++tl.flights;
    if (const auto& a = *r->aircraft; a.seats) {
      m.seats += *a.seats;
      tl.seats += *a.seats;
      m.seats_max += a.seats_max.value_or(*a.seats);
      tl.seats_max += a.seats_max.value_or(*a.seats);
    } else {
      ++m.seats_unknown;
    }
    if (r->inferred) ++m.inferred;
  }
  // Every month from the first flight (or the first encounters) to the end.
  std::string first_month,
      last_month = month_of(std::max(data_end, tl.legs.empty() ? 0.0 : tl.legs.back()->time));
  if (!tl.legs.empty()) first_month = month_of(tl.legs.front()->time);
  if (!encounters.empty() && (first_month.empty() || encounters.begin()->first < first_month))
    first_month = encounters.begin()->first;
  if (!encounters.empty() && encounters.rbegin()->first > last_month)
    last_month = encounters.rbegin()->first;
  if (!first_month.empty())
    for (std::string m = first_month; m <= last_month; m = add_months(m, 1)) {
      MonthCount c = months.count(m) ? months[m] : MonthCount{};
      c.month = m;
      if (const auto r = month_range(m)) {
        c.coverage = classify(coverage, r->first, r->second);
        c.covered_days = covered_seconds(coverage, r->first, r->second) / 86400;
      }
      if (auto e = encounters.find(m); e != encounters.end()) c.encounters = e->second;
      tl.months.push_back(std::move(c));
    }
  if (tl.legs.empty()) return tl;
  tl.first = tl.legs.front()->time;
  tl.last = tl.legs.back()->time;
  std::vector<double> gaps;
  for (std::size_t i = 1; i < tl.legs.size(); ++i)
    gaps.push_back((tl.legs[i]->time - tl.legs[i - 1]->time) / 86400);
  if (!gaps.empty()) {
    auto sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2),
                     sorted.end());
    tl.usual_interval_days = sorted[sorted.size() / 2];
  }
  tl.events.push_back(
      {TimelineEvent::Kind::kFirst, tl.first, 0, 0,
       fmt::format("first removal flight to {} in the data, {}", country, format_date(tl.first))});
  for (std::size_t i = 1; i < tl.legs.size(); ++i) {
    const double g = gaps[i - 1];
    if (g < options.resume_after_days) continue;
    const double from = tl.legs[i - 1]->time, to = tl.legs[i]->time;
    const double covered = covered_seconds(coverage, from, to) / 86400;
    // A pause with a day or more of it uncovered is not known to be a pause.
    if (uncovered(coverage, from, to, 86400).empty()) {
      tl.events.push_back(
          {TimelineEvent::Kind::kResumed, to, g, covered,
           fmt::format(
               "flights to {} resumed on {} after {:.0f} days without one (the last was {})",
               country, format_date(to), g, format_date(from))});
    } else {
      tl.events.push_back(
          {TimelineEvent::Kind::kSeenAgain, to, g, covered,
           fmt::format(
               "first flight to {} seen since {}, on {}; the data covers {:.0f} of the {:.0f} "
               "days between ({}), so whether flights paused is not known",
               country, format_date(from), format_date(to), covered, g,
               no_data(coverage, from, to))});
    }
  }
  // Only days the data covers count towards "stopped".
  const double since = (data_end - tl.last) / 86400;
  const double since_covered = covered_seconds(coverage, tl.last, data_end) / 86400;
  const double stop_after = std::max(
      options.min_stop_days, tl.usual_interval_days ? *tl.usual_interval_days * options.stop_factor
                                                    : options.resume_after_days);
  if (since_covered >= stop_after) {
    const std::string gaps_text =
        since_covered + 1 < since
            ? fmt::format(" ({} of them with data; {})", static_cast<long>(since_covered + 0.5),
                          no_data(coverage, tl.last, data_end))
            : std::string();
    tl.events.push_back(
        {TimelineEvent::Kind::kStopped, tl.last, since, since_covered,
         fmt::format("no flight to {} since {}: {:.0f} days to the end of the data ({}){}, {}",
                     country, format_date(tl.last), since, format_date(data_end), gaps_text,
                     tl.usual_interval_days ? fmt::format("against a usual interval of {:.1f} days",
                                                          *tl.usual_interval_days)
                                            : std::string("and only one flight before"))});
  }
  return tl;
}

}  // namespace skywitness::report
