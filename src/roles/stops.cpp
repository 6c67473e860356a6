#include "skywitness/roles/stops.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "skywitness/geo/geodesy.hpp"

namespace skywitness::roles {
namespace {

constexpr double kPi = 3.14159265358979323846;

double angle_between(double a, double b) {
  const double d = std::fmod(std::fabs(a - b), 360.0);
  return d > 180 ? 360 - d : d;
}

// What one end of the gap shows: where the aircraft was, its course and
// speed, its altitude and whether it was climbing or descending.
struct End {
  const Position* at = nullptr;
  std::optional<double> course, alt, vrate;
  double speed_kt = 0;
};

// The end of the gap at `t`: the last position up to it (before = true) or
// the first from it on, with what the positions within `span_s` of it add.
std::optional<End> end_at(std::span<const Position> ps, double t, double span_s, bool before) {
  End e;
  std::vector<const Position*> near;  // from the edge of the gap outwards
  if (before) {
    auto it = std::upper_bound(ps.begin(), ps.end(), t + 0.5,
                               [](double v, const Position& p) { return v < p.t; });
    if (it == ps.begin()) return std::nullopt;
    for (auto j = it; j != ps.begin();) {
      --j;
      if (it[-1].t - j->t > span_s) break;
      near.push_back(&*j);
    }
  } else {
    auto it = std::lower_bound(ps.begin(), ps.end(), t - 0.5,
                               [](const Position& p, double v) { return p.t < v; });
    if (it == ps.end()) return std::nullopt;
    for (auto j = it; j != ps.end() && j->t - it->t <= span_s; ++j) near.push_back(&*j);
  }
  e.at = near.front();
  const Position& p = *e.at;
  if (p.has & Position::kAlt && !p.on_ground) e.alt = p.alt_baro;
  if (p.has & Position::kVrate) e.vrate = p.vrate;
  if (p.has & Position::kGs && p.gs > 50) e.speed_kt = p.gs;
  if (p.has & Position::kTrack) e.course = p.track;
  // What the neighbouring positions say where the position itself is silent:
  // the course and speed between it and one at least a few miles away, and
  // the vertical rate from their altitudes.
  for (const Position* q : near) {
    if (q == e.at) continue;
    const double dt = std::fabs(q->t - p.t);
    const geo::LatLon a{p.lat, p.lon}, b{q->lat, q->lon};
    const double d = geo::distance_nm(a, b);
    if (!e.course && d >= 2) e.course = before ? geo::bearing_deg(b, a) : geo::bearing_deg(a, b);
    if (e.speed_kt == 0 && d >= 2 && dt > 0) e.speed_kt = d / dt * 3600;
    if (!e.vrate && e.alt && (q->has & Position::kAlt) && !q->on_ground && dt >= 30 && dt <= 300)
      e.vrate = (before ? p.alt_baro - q->alt_baro : q->alt_baro - p.alt_baro) / dt * 60;
  }
  return e;
}

// How far an aircraft flies between the ground and `agl` feet above it, at
// `speed_kt` when it gets there: at the least, in a brisk climb or descent
// (4,500 ft/min, at the mean of the two speeds); typically, at about
// 2,200 ft/min on average (jets climb fast low down and slowly high up) plus
// a few miles of departure or approach path.
double least_distance(double agl, double speed_kt) {
  return std::max(0.0, agl) / 4500 / 60 * (150 + speed_kt) / 2 * 0.7;
}
double typical_distance(double agl, double speed_kt) {
  return std::max(0.0, agl) / 2200 / 60 * (160 + std::max(speed_kt, 200.0)) / 2 + 5;
}

// What the airport is, before any evidence: an international flight lands
// where there is a customs post, which is nearly always an airport with an
// ICAO location indicator and airline service. Worth a factor of about 3
// between fields: it decides between fields the evidence cannot tell apart
// (two fields 8 NM apart, seen from 70 NM), never against the evidence.
double prior(const geo::Airport& a) {
  const bool icao = a.ident.size() == 4 && std::all_of(a.ident.begin(), a.ident.end(),
                                                       [](char c) { return c >= 'A' && c <= 'Z'; });
  return (a.large ? 0.4 : 0) + (a.scheduled ? 0.6 : 0) + (icao ? 0 : -1.0);
}

double sq(double x) {
  return x * x;
}

}  // namespace

std::optional<StopGuess> guess_stop(const UnobservedStop& stop, std::span<const Position> positions,
                                    const geo::Airports& airports,
                                    const StopGuessOptions& options) {
  const auto in = end_at(positions, stop.from_time, options.course_span_s, true);
  const auto out = end_at(positions, stop.to_time, options.course_span_s, false);
  if (!in || !out) return std::nullopt;
  const double gap_s = out->at->t - in->at->t;
  const geo::LatLon entry{in->at->lat, in->at->lon}, exit{out->at->lat, out->at->lon};
  // A climb or descent that a cruising aircraft does not make: from well
  // below the other end's height, or low, or steep (a step climb in cruise
  // is slower than 2,500 ft/min).
  const bool climbing =
      out->alt && out->vrate && *out->vrate >= 500 &&
      (!in->alt || *out->alt <= *in->alt - 4000 || *out->alt <= 20000 || *out->vrate >= 2500);
  const bool descending =
      in->alt && in->vrate && *in->vrate <= -500 &&
      (!out->alt || *in->alt <= *out->alt - 4000 || *in->alt <= 20000 || *in->vrate <= -2500);
  const double fastest = 1.15 * std::max({in->speed_kt, out->speed_kt, options.cruise_kt, 250.0});

  struct Scored {
    const geo::Airport* a;
    double fit;
    StopCandidate c;
  };
  std::vector<Scored> scored;
  for (const auto& a : airports.all()) {
    if (a.ident.empty()) continue;
    const double d_in = geo::distance_nm(entry, a.pos), d_out = geo::distance_nm(a.pos, exit);
    // The time budget, first: it rules out most of the world cheaply.
    if ((d_in + d_out) / fastest * 3600 + options.turnaround_s > gap_s) continue;
    double need_in = d_in / fastest * 3600, need_out = d_out / fastest * 3600;
    if (descending) need_in = std::max(need_in, (*in->alt - a.elevation_ft) / 4500 * 60);
    if (climbing) need_out = std::max(need_out, (*out->alt - a.elevation_ft) / 4500 * 60);
    const double spare = gap_s - need_in - need_out;
    if (spare < options.turnaround_s) continue;
    double fit = prior(a);
    StopCandidate c;
    c.airport = a.ident;
    c.country = a.country;
    c.from_entry_nm = d_in;
    c.to_exit_nm = d_out;
    c.ground_minutes = spare / 60;
    std::string why_out, why_in;
    // The way out, traced back from where the aircraft reappeared.
    if (out->course && d_out >= 3) {
      c.course_out_error = angle_between(geo::bearing_deg(exit, a.pos), *out->course + 180);
      if (climbing) {
        const double off = d_out * std::sin(std::min(c.course_out_error, 90.0) * kPi / 180);
        fit -= 0.5 * sq(off / (5 + 0.15 * d_out));
      } else {
        fit -= 0.5 * sq(c.course_out_error / 10);
      }
    }
    if (out->alt) {
      const double agl = *out->alt - a.elevation_ft;
      const double low = least_distance(agl, out->speed_kt);
      if (d_out < low) fit -= 0.5 * sq((low - d_out) / (0.3 * low + 3));
      if (climbing)
        fit -=
            0.5 * sq(std::log(std::max(d_out, 1.0) / typical_distance(agl, out->speed_kt)) / 0.45);
    }
    why_out =
        fmt::format("{:.0f} NM before where it reappeared{}", d_out,
                    out->course && d_out >= 3
                        ? fmt::format(", {:.0f}° off its course traced back", c.course_out_error)
                        : "");
    // The way in.
    if (in->course && d_in >= 3) {
      c.course_in_error = angle_between(geo::bearing_deg(entry, a.pos), *in->course);
      if (descending) {
        const double off = d_in * std::sin(std::min(c.course_in_error, 90.0) * kPi / 180);
        fit -= 0.5 * sq(off / (5 + 0.15 * d_in));
      } else {
        // Routes bend, and winds push: after thousands of miles the course
        // in says little.
        fit -= 0.5 * sq(c.course_in_error / (12 * (1 + d_in / 800)));
      }
    }
    if (in->alt) {
      const double agl = *in->alt - a.elevation_ft;
      const double low = least_distance(agl, in->speed_kt);
      if (d_in < low) fit -= 0.5 * sq((low - d_in) / (0.3 * low + 3));
      if (descending)
        fit -= 0.5 * sq(std::log(std::max(d_in, 1.0) / typical_distance(agl, in->speed_kt)) / 0.45);
    }
    why_in = fmt::format("{:.0f} NM on from where it was lost{}", d_in,
                         in->course && d_in >= 3
                             ? fmt::format(", {:.0f}° off its course in", c.course_in_error)
                             : "");
    if (fit < options.min_fit) continue;
    c.evidence =
        fmt::format("{}; {}; up to {:.0f} min on the ground", why_out, why_in, c.ground_minutes);
    scored.push_back({&a, fit, std::move(c)});
  }
  if (scored.empty()) return std::nullopt;
  std::sort(scored.begin(), scored.end(), [](const Scored& x, const Scored& y) {
    return x.fit != y.fit ? x.fit > y.fit : x.a->ident < y.a->ident;
  });
  double total = 0;
  for (const auto& s : scored) total += std::exp(s.fit - scored.front().fit);
  std::map<std::string, double> by_country;
  for (auto& s : scored) {
    s.c.share = std::exp(s.fit - scored.front().fit) / total;
    by_country[s.c.country] += s.c.share;
  }

  StopGuess g;
  g.icao = stop.icao;
  g.from_time = stop.from_time;
  g.to_time = stop.to_time;
  g.course_in = in->course.value_or(0);
  g.course_out = out->course.value_or(0);
  g.climbing_out = climbing;
  g.descending_in = descending;
  g.airport = scored.front().c.airport;
  g.country_share = by_country[scored.front().c.country];
  if (g.country_share >= options.country_share) g.country = scored.front().c.country;
  for (auto& s : scored) {
    if (g.candidates.size() >= options.max_candidates) break;
    if (g.candidates.size() > 1 && s.c.share < 0.01) break;
    g.candidates.push_back(std::move(s.c));
  }
  const auto& best = g.candidates.front();
  const std::string how = fmt::format(
      "{}{}", climbing ? fmt::format("it reappeared climbing through {} ft", *out->alt) : "",
      descending
          ? fmt::format("{}it was lost descending through {} ft", climbing ? " and " : "", *in->alt)
          : "");
  std::string others;
  for (std::size_t i = 1; i < g.candidates.size() && i < 4; ++i)
    others += fmt::format("{}{} ({}) {:.0f}%", i == 1 ? "" : ", ", g.candidates[i].airport,
                          g.candidates[i].country, 100 * g.candidates[i].share);
  if (g.country_known())
    g.reason = fmt::format(
        "the landing was not seen; {} ({}) fits best with {:.0f}% of the evidence, and {} holds "
        "{:.0f}%{}: {}{}",
        best.airport, best.country, 100 * best.share, g.country, 100 * g.country_share,
        how.empty() ? "" : fmt::format(" ({})", how), best.evidence,
        others.empty() ? "" : fmt::format("; other candidates: {}", others));
  else
    g.reason = fmt::format(
        "the landing was not seen and the evidence does not decide the country: {} ({}) fits "
        "best with {:.0f}% ({} {:.0f}%){}; other candidates: {}",
        best.airport, best.country, 100 * best.share, best.country, 100 * g.country_share,
        how.empty() ? "" : fmt::format(", {}", how), others.empty() ? "none" : others);
  return g;
}

std::vector<StopGuess> guess_stops(store::Store& db, std::uint32_t icao,
                                   const geo::Airports& airports) {
  store::LegQuery q;
  q.icao = icao;
  const auto stops = db.stops(q);
  std::vector<StopGuess> out;
  if (stops.empty()) return out;
  const auto positions = db.positions(icao);
  for (const auto& s : stops)
    if (auto g = guess_stop(s, positions, airports)) out.push_back(std::move(*g));
  return out;
}

}  // namespace skywitness::roles
