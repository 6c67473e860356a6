#include "skywitness/roles/stops.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "skywitness/flights/segmenter.hpp"
#include "skywitness/geo/geodesy.hpp"

namespace skywitness::roles {

const std::string& StopGuess::country_or_unknown() const {
  static const std::string kUnknown = kUnknownCountry;
  return country_known() ? country : kUnknown;
}

bool leg_touches(const LegRecord& r, const StopGuess* origin_guess, const StopGuess* guess,
                 std::string_view airport, std::string_view country) {
  auto fits = [&](std::string_view a, std::string_view c) {
    return (airport.empty() || a == airport) && (country.empty() || c == country);
  };
  const auto& l = r.leg;
  if ((!l.origin.airport.empty() && fits(l.origin.airport, r.origin_country)) ||
      (!l.destination.airport.empty() && fits(l.destination.airport, r.destination_country)))
    return true;
  for (const auto* g : {origin_guess, guess})
    if (g)
      for (const auto& c : g->candidates)
        if (fits(c.airport, c.country)) return true;
  return false;
}
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
  if (p.has & Position::kGs && p.gs > 50) e.speed_kt = static_cast<double>(p.gs);
  if (p.has & Position::kTrack) e.course = static_cast<double>(p.track);
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

// Whether an end of the gap shows the ground near in time: climbing out
// (sign +1) or descending in (-1) at the segmenter's evidence rate, from
// well below the other end's altitude, or low, or steeply.
bool leaves_the_ground(const End& e, std::optional<double> other_alt, int sign,
                       const flights::SegmenterOptions& rule) {
  if (!e.alt || !e.vrate || sign * *e.vrate < rule.evidence_fpm) return false;
  return !other_alt || *e.alt <= *other_alt - rule.evidence_drop_ft || *e.alt <= rule.low_pair_ft ||
         sign * *e.vrate >= rule.steep_fpm;
}

// How well an airport `d` NM from one end of the gap fits that end
// (log-likelihood). Climbing out of it or descending into it (`steep`): the
// airport lies on the course, within a cross-track error of 5 NM plus 15%
// of the distance, at about the distance a climb or descent to that height
// takes. Otherwise the course points at it, within `course_sigma` degrees.
// Never closer than the briskest climb or descent to that height allows.
double side_fit(const End& e, bool steep, double d, double course_error, double elevation_ft,
                double course_sigma) {
  double fit = 0;
  if (e.course && d >= 3) {
    if (steep) {
      const double off = d * std::sin(std::min(course_error, 90.0) * kPi / 180);
      fit -= 0.5 * sq(off / (5 + 0.15 * d));
    } else {
      fit -= 0.5 * sq(course_error / course_sigma);
    }
  }
  if (e.alt) {
    const double agl = *e.alt - elevation_ft;
    const double low = least_distance(agl, e.speed_kt);
    if (d < low) fit -= 0.5 * sq((low - d) / (0.3 * low + 3));
    if (steep)
      fit -= 0.5 * sq(std::log(std::max(d, 1.0) / typical_distance(agl, e.speed_kt)) / 0.45);
  }
  return fit;
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
  // A climb out of the gap, or a descent into it, that a cruising aircraft
  // does not make: the segmenter's thresholds (SegmenterOptions), on what the
  // ends show (a rate derived from the altitudes where none was sent).
  const flights::SegmenterOptions rule;
  const bool climbing = leaves_the_ground(*out, in->alt, +1, rule);
  const bool descending = leaves_the_ground(*in, out->alt, -1, rule);
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
    // The way out, traced back from where the aircraft reappeared; the way
    // in, traced on. After thousands of miles the course in says little:
    // routes bend, and winds push.
    if (out->course && d_out >= 3)
      c.course_out_error = angle_between(geo::bearing_deg(exit, a.pos), *out->course + 180);
    if (in->course && d_in >= 3)
      c.course_in_error = angle_between(geo::bearing_deg(entry, a.pos), *in->course);
    fit += side_fit(*out, climbing, d_out, c.course_out_error, a.elevation_ft, 10);
    fit +=
        side_fit(*in, descending, d_in, c.course_in_error, a.elevation_ft, 12 * (1 + d_in / 800));
    const auto off = [](const End& e, double d, double error, const char* how) {
      return e.course && d >= 3 ? fmt::format(", {:.0f}° off its course {}", error, how)
                                : std::string();
    };
    const std::string why_out = fmt::format("{:.0f} NM before where it reappeared{}", d_out,
                                            off(*out, d_out, c.course_out_error, "traced back"));
    const std::string why_in = fmt::format("{:.0f} NM on from where it was lost{}", d_in,
                                           off(*in, d_in, c.course_in_error, "in"));
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

std::vector<StopGuess> guess_stops(std::span<const UnobservedStop> stops,
                                   std::span<const Position> positions,
                                   const geo::Airports& airports) {
  std::vector<StopGuess> out;
  for (const auto& s : stops)
    if (auto g = guess_stop(s, positions, airports)) out.push_back(std::move(*g));
  return out;
}

}  // namespace skywitness::roles
