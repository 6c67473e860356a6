// Flying the plan and writing what receivers and archives would record.
#include "skywitness/sim/simulator.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/time.hpp"
#include "skywitness/modes/encode.hpp"
#include "skywitness/sim/flight.hpp"

namespace skywitness::sim {
namespace {

namespace fs = std::filesystem;

// Who hears an aircraft. The aggregators behind trace and OpenSky archives
// hear it anywhere but in the holes; the raw frames are one station's feed:
// when receivers are listed, only within a receiver's range and radio horizon.
class Coverage {
 public:
  explicit Coverage(const Scenario& s) : s_(s) {}
  const Hole* hole_at(geo::LatLon p) const {
    for (const auto& h : s_.holes)
      if (geo::distance_nm(p, {h.lat, h.lon}) <= h.radius_nm) return &h;
    return nullptr;
  }
  // The chance (0..1) that the archives hear a position sent from here:
  // everywhere but in the holes, or, when the scenario says so, only within
  // a receiver's range and radio horizon, less often towards the edge of
  // its reach, and on the ground only close to a receiver.
  double reception(geo::LatLon p, double alt_ft, bool on_ground) const {
    if (hole_at(p)) return 0;
    if (!s_.archive.from_receivers) return 1;
    double best = 0;
    for (const auto& r : s_.receivers) {
      const double d = geo::distance_nm(p, {r.lat, r.lon});
      if (on_ground) {
        if (d <= r.ground_nm) best = 1;
        continue;
      }
      const double reach =
          std::min(r.range_nm, 1.23 * (std::sqrt(r.antenna_ft) + std::sqrt(std::max(alt_ft, 0.0))));
      if (d > reach) continue;
      const double m = d / reach;  // 0 at the receiver, 1 at the edge of its reach
      best = std::max(best, m < 0.7 ? 1.0 : 1.0 - (m - 0.7) / 0.3 * 0.9);
    }
    return best;
  }
  // Whether the archives hear this airport's traffic: on its ground, or low
  // on the approach (1,000 ft above it).
  bool covered(const geo::Airport& a) const {
    return reception(a.pos, a.elevation_ft, true) > 0 ||
           reception(a.pos, a.elevation_ft + 1000, false) >= 0.5;
  }
  bool covered(geo::LatLon p, double alt_ft) const { return reception(p, alt_ft, false) > 0; }
  // Distance (NM) outside the nearest receiver's reach; <= 0 when heard.
  double raw_gap(geo::LatLon p, double alt_ft) const {
    if (hole_at(p)) return 1.0;
    if (s_.receivers.empty()) return 0;
    const double horizon = 1.23 * std::sqrt(std::max(alt_ft, 0.0)) + 12.0;  // antenna ~100 ft
    double gap = 1e9;
    for (const auto& r : s_.receivers)
      gap = std::min(gap, geo::distance_nm(p, {r.lat, r.lon}) - std::min(r.range_nm, horizon));
    return gap;
  }

 private:
  const Scenario& s_;
};

struct GzFile {
  gzFile f = nullptr;
  ~GzFile() {
    if (f) gzclose(f);
  }
};

std::string day_path(double t) {
  const std::string iso = format_iso8601(t);
  return fmt::format("{}/{}/{}", iso.substr(0, 4), iso.substr(5, 2), iso.substr(8, 2));
}

std::uint16_t leg_squawk(std::size_t leg) {
  // Four octal digits, steady for a leg, never an emergency code.
  const unsigned v = static_cast<unsigned>((leg * 2654435761u) % 4096u);
  const std::uint16_t sq = static_cast<std::uint16_t>(((v >> 9) & 7) << 12 | ((v >> 6) & 7) << 8 |
                                                      ((v >> 3) & 7) << 4 | (v & 7));
  return (sq == 0x7500 || sq == 0x7600 || sq == 0x7700) ? 0x2000 : sq;
}

std::string squawk_text(std::uint16_t sq) {
  return fmt::format("{:04x}", sq);
}

// ---------------------------------------------------------------- truth

void write_truth(const Scenario& s, const Plan& plan, std::uint64_t seed, const std::string& path) {
  using nlohmann::json;
  json j;
  j["scenario"] = s.name;
  j["description"] = s.description;
  j["seed"] = seed;
  j["start"] = format_iso8601(s.start);
  j["end"] = format_iso8601(s.end);
  j["synthetic_identities"] = s.synthetic_identities;
  json aircraft = json::array();
  for (const auto& a : plan.aircraft) {
    if (a.background) continue;
    aircraft.push_back({{"icao", fmt::format("{:06x}", a.icao)},
                        {"registration", a.registration},
                        {"type", a.type},
                        {"operator", a.operator_name}});
  }
  j["aircraft"] = aircraft;
  // The removal each leg is, when the scenario names it (one country a leg).
  std::vector<std::string> removal_to(plan.legs.size());
  for (const auto& it : plan.itineraries)
    for (std::size_t k = 0; k < it.removal_legs.size(); ++k)
      removal_to[it.removal_legs[k]] = (*it.removal_countries)[k];
  json legs = json::array();
  for (std::size_t i = 0; i < plan.legs.size(); ++i) {
    const auto& l = plan.legs[i];
    const auto& a = plan.aircraft[l.aircraft];
    json leg = {{"id", i},
                {"icao", fmt::format("{:06x}", l.icao)},
                {"registration", a.registration},
                {"type", a.type},
                {"callsign", l.callsign},
                {"origin", l.origin},
                {"destination", l.destination},
                {"off_block", format_iso8601(l.off_block)},
                {"takeoff_time", format_iso8601(l.takeoff)},
                {"landing_time", format_iso8601(l.landing)},
                {"on_block", format_iso8601(l.on_block)},
                {"takeoff_observed", l.takeoff_covered},
                {"landing_observed", l.landing_covered},
                {"landing_in_hole", !l.landing_hole.empty()},
                {"background", a.background}};
    if (!l.landing_hole.empty()) leg["landing_hole"] = l.landing_hole;
    if (l.itinerary >= 0) leg["itinerary"] = l.itinerary;
    if (!removal_to[i].empty()) leg["removal_country"] = removal_to[i];
    legs.push_back(std::move(leg));
  }
  j["legs"] = std::move(legs);
  json its = json::array();
  for (std::size_t i = 0; i < plan.itineraries.size(); ++i) {
    const auto& it = plan.itineraries[i];
    json airports = json::array();
    airports.push_back(plan.legs[it.legs.front()].origin);
    for (auto l : it.legs) airports.push_back(plan.legs[l].destination);
    json trip = {{"id", i},
                 {"registration", plan.aircraft[it.aircraft].registration},
                 {"icao", fmt::format("{:06x}", plan.aircraft[it.aircraft].icao)},
                 {"label", it.label},
                 {"airports", airports},
                 {"legs", it.legs},
                 {"start", format_iso8601(plan.legs[it.legs.front()].off_block)},
                 {"end", format_iso8601(plan.legs[it.legs.back()].on_block)}};
    // Absent, not empty, when the scenario does not say: an empty list is a
    // statement (this trip removes nobody).
    if (it.removal_countries) {
      trip["removal_countries"] = *it.removal_countries;
      trip["removal_legs"] = it.removal_legs;
    }
    its.push_back(std::move(trip));
  }
  j["itineraries"] = std::move(its);
  std::ofstream(path) << j.dump(1) << '\n';
}

// ---------------------------------------------------------------- traces

// readsb's trace_full files: one per aircraft per UTC day, gzip, under
// YYYY/MM/DD/traces/<last two hex digits>/trace_full_<hex>.json.
class TraceWriter {
 public:
  TraceWriter(const std::string& root, SimSummary& summary) : root_(root), summary_(summary) {}

  void point(const SimAircraft& a, std::uint32_t icao, const std::string& callsign,
             std::uint16_t squawk, double t, const State& st, bool new_leg) {
    const double day = std::floor(t / 86400.0);
    if (icao != icao_ || day != day_) flush();
    if (buf_.size() == 0) {
      icao_ = icao;
      day_ = day;
      first_ = t;
      count_ = 0;
      fmt::format_to(
          std::back_inserter(buf_),
          "{{\"icao\":\"{:06x}\",\"r\":\"{}\",\"t\":\"{}\",\"timestamp\":{:.3f},\"trace\":[\n",
          icao, a.registration, a.type, first_);
    } else {
      buf_.append(std::string_view(",\n"));
    }
    auto out = std::back_inserter(buf_);
    fmt::format_to(out, "[{:.2f},{:.6f},{:.6f},", t - first_, st.pos.lat, st.pos.lon);
    if (st.on_ground)
      fmt::format_to(out, "\"ground\"");
    else
      fmt::format_to(out, "{}", static_cast<int>(std::lround(st.alt_ft / 25.0)) * 25);
    fmt::format_to(out, ",{:.1f},{:.1f},{},{},", st.gs_kt, st.track_deg, new_leg ? 2 : 0,
                   st.on_ground ? 0 : static_cast<int>(std::lround(st.vrate_fpm / 64.0)) * 64);
    if (count_ % 4 == 0) {
      fmt::format_to(out,
                     "{{\"type\":\"adsb_icao\",\"flight\":\"{:<8}\",\"squawk\":\"{}\",\"category\":"
                     "\"{:02X}\"}}",
                     callsign, squawk_text(squawk), type_performance(a.type).category);
    } else {
      fmt::format_to(out, "null");
    }
    const int geom = static_cast<int>(std::lround(st.alt_ft / 25.0)) * 25 + 75;
    if (st.on_ground)
      fmt::format_to(out, ",\"adsb_icao\",null,null,null,null]");
    else
      fmt::format_to(out, ",\"adsb_icao\",{},{},null,null]", geom,
                     static_cast<int>(std::lround(st.vrate_fpm / 64.0)) * 64);
    ++count_;
    ++summary_.trace_points;
  }

  bool flush() {
    if (buf_.size() == 0) return true;
    buf_.append(std::string_view("\n]}\n"));
    const std::string dir =
        fmt::format("{}/{}/traces/{:02x}", root_, day_path(day_ * 86400.0), icao_ & 0xFF);
    if (!made_.contains(dir)) {
      fs::create_directories(dir);
      made_.insert(dir);
    }
    const std::string path = fmt::format("{}/trace_full_{:06x}.json", dir, icao_);
    GzFile gz;
    gz.f = gzopen(path.c_str(), "wb1");
    if (!gz.f) return false;
    gzwrite(gz.f, buf_.data(), static_cast<unsigned>(buf_.size()));
    buf_.clear();
    ++summary_.trace_files;
    return true;
  }

 private:
  std::string root_;
  SimSummary& summary_;
  fmt::memory_buffer buf_;
  std::uint32_t icao_ = 0;
  double day_ = -1, first_ = 0;
  std::uint64_t count_ = 0;
  std::set<std::string> made_;
};

void write_traces(const Scenario& s, const Plan& plan, const Coverage& cov, const std::string& root,
                  const SimOptions& opt, const geo::Airports& airports, SimSummary& summary) {
  // Aircraft by aircraft, leg by leg: memory holds one aircraft-day at a time.
  std::vector<std::vector<std::size_t>> by_aircraft(plan.aircraft.size());
  for (std::size_t i = 0; i < plan.legs.size(); ++i)
    by_aircraft[plan.legs[i].aircraft].push_back(i);
  TraceWriter w(root, summary);
  std::mt19937_64 rng(opt.seed ^ 0x7EACE5ULL);
  std::uniform_real_distribution<double> u(0, 1);
  const bool readsb = s.archive.cadence == "readsb";
  std::size_t done = 0, next_report = by_aircraft.size() / 10 + 1;
  for (std::size_t a = 0; a < by_aircraft.size(); ++a) {
    for (std::size_t li : by_aircraft[a]) {
      const auto& leg = plan.legs[li];
      const auto* from = airports.find(leg.origin);
      const auto* to = airports.find(leg.destination);
      FlightPath path(*from, *to, type_performance(plan.aircraft[a].type), leg.off_block);
      const std::uint16_t squawk = leg_squawk(li);
      double last_point = -1e18, interval = 45;
      State last_written;
      bool first = true;
      Phase last_phase = Phase::kTaxiOut;
      for (double t = path.off_block(); t <= path.on_block();) {
        const State st = path.at(t);
        const bool phase_change = st.phase != last_phase;
        const double p = cov.reception(st.pos, st.alt_ft, st.on_ground);
        const bool heard = p >= 1 || (p > 0 && u(rng) < p);
        bool write = false;
        if (readsb) {
          // readsb writes a point when the track or the altitude changes, or
          // after 30-60 s of steady flight; only when a position was heard.
          const double since = t - last_point;
          const bool changed =
              since >= 8 &&
              (std::fabs(std::fmod(st.track_deg - last_written.track_deg + 540.0, 360.0) - 180.0) >
                   4 ||
               std::fabs(st.alt_ft - last_written.alt_ft) >= 400);
          write = heard && (since >= interval || changed || st.on_ground != last_written.on_ground);
        } else {
          // A point often near the ground, rarely in steady cruise.
          const double cadence = st.on_ground ? 10.0 : st.alt_ft < 10000 ? 6.0 : 30.0;
          write = heard && (t - last_point >= cadence || phase_change);
        }
        // The archive covers the scenario's span only, as a day's files do.
        write = write && t >= s.start && t <= s.end;
        if (write) {
          w.point(plan.aircraft[a], leg.icao, leg.callsign, squawk, t, st, first);
          first = false;
          last_point = t;
          last_written = st;
          interval = 30 + 30 * u(rng);
        }
        last_phase = st.phase;
        t += readsb || st.on_ground || st.alt_ft < 10000 ? 2.0 : 10.0;
      }
    }
    w.flush();
    if (++done >= next_report && opt.progress) {
      opt.progress(fmt::format("traces: {}/{} aircraft", done, by_aircraft.size()));
      next_report += by_aircraft.size() / 10 + 1;
    }
  }
}

// ---------------------------------------------------------------- time-major outputs

// Legs in flight at a moment, with their paths built while they are.
class ActiveLegs {
 public:
  ActiveLegs(const Plan& plan, const geo::Airports& airports) : plan_(plan), airports_(airports) {}
  struct Entry {
    std::size_t leg;
    std::unique_ptr<FlightPath> path;
    double phase = 0;  // per-leg offset of its transmissions within a tick
    bool odd = false;
    double next_raw_check = -1e18;  // out of every receiver's reach until then
    double last_contact = -1e18, last_pos = -1e18;
    State last_state;
  };
  std::vector<Entry>& at(double t) {
    while (next_ < plan_.legs.size() && plan_.legs[next_].off_block <= t) {
      const auto& l = plan_.legs[next_];
      Entry e;
      e.leg = next_;
      e.path = std::make_unique<FlightPath>(
          *airports_.find(l.origin), *airports_.find(l.destination),
          type_performance(plan_.aircraft[l.aircraft].type), l.off_block);
      e.phase = static_cast<double>((next_ * 7919) % 500) / 1000.0;
      active_.push_back(std::move(e));
      ++next_;
    }
    std::erase_if(active_, [&](const Entry& e) { return plan_.legs[e.leg].on_block + 300 < t; });
    return active_;
  }
  void skip_to(double t) {
    while (next_ < plan_.legs.size() && plan_.legs[next_].on_block < t) ++next_;
  }

 private:
  const Plan& plan_;
  const geo::Airports& airports_;
  std::size_t next_ = 0;
  std::vector<Entry> active_;
};

struct Emitted {
  double t;
  Frame frame;
  std::size_t leg;
  bool corrupted;
  int sbs_type;  // 0: none
  State st;
  geo::LatLon pos;  // transmitted position (with noise)
};

class RawWriter {
 public:
  bool open(const std::string& dir, unsigned formats, std::string& error) {
    auto opener = [&](unsigned bit, const char* name, std::FILE*& f) {
      if (!(formats & bit)) return true;
      const std::string path = dir + "/" + name;
      f = std::fopen(path.c_str(), "wb");
      if (!f) error = fmt::format("cannot write {}", path);
      return f != nullptr;
    };
    return opener(kOutAvr, "frames.avr", avr_) && opener(kOutBeast, "frames.beast", beast_) &&
           opener(kOutSbs, "messages.sbs", sbs_);
  }
  ~RawWriter() {
    for (auto* f : {avr_, beast_, sbs_})
      if (f) std::fclose(f);
  }
  void write(const Emitted& e, double clock_origin, const Plan& plan, SimSummary& summary) {
    const auto ticks = static_cast<std::uint64_t>(std::llround((e.t - clock_origin) * 12e6)) + 1;
    const Frame& f = e.frame;
    if (avr_) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      char line[1 + 12 + 28 + 2];
      std::size_t n = 0;
      line[n++] = '@';
      for (int i = 11; i >= 0; --i) line[n++] = kHex[(ticks >> (4 * i)) & 15];
      for (unsigned i = 0; i < f.len; ++i) {
        line[n++] = kHex[f.bytes[i] >> 4];
        line[n++] = kHex[f.bytes[i] & 15];
      }
      line[n++] = ';';
      line[n++] = '\n';
      std::fwrite(line, 1, n, avr_);
    }
    if (beast_) {
      std::uint8_t out[2 + 2 * 21];
      std::size_t n = 0;
      out[n++] = 0x1a;
      out[n++] = f.len == 7 ? '2' : '3';
      auto put = [&](std::uint8_t b) {
        out[n++] = b;
        if (b == 0x1a) out[n++] = b;
      };
      for (int i = 5; i >= 0; --i) put(static_cast<std::uint8_t>(ticks >> (8 * i)));
      put(160);
      for (unsigned i = 0; i < f.len; ++i) put(f.bytes[i]);
      std::fwrite(out, 1, n, beast_);
    }
    ++summary.frames;
    if (sbs_ && !e.corrupted && e.sbs_type != 0) {
      const auto& leg = plan.legs[e.leg];
      const std::string iso = format_iso8601(e.t);
      const std::string date =
          fmt::format("{}/{}/{}", iso.substr(0, 4), iso.substr(5, 2), iso.substr(8, 2));
      const std::string time = iso.substr(11, 12);
      std::string cs, alt, gs, trk, lat, lon, vr, sq;
      const State& st = e.st;
      switch (e.sbs_type) {
        case 1:
          cs = leg.callsign;
          break;
        case 2:
          gs = fmt::format("{:.0f}", st.gs_kt);
          trk = fmt::format("{:.0f}", st.track_deg);
          lat = fmt::format("{:.6f}", e.pos.lat);
          lon = fmt::format("{:.6f}", e.pos.lon);
          break;
        case 3:
          alt = fmt::format("{}", static_cast<int>(std::lround(st.alt_ft / 25.0)) * 25);
          lat = fmt::format("{:.6f}", e.pos.lat);
          lon = fmt::format("{:.6f}", e.pos.lon);
          break;
        case 4:
          gs = fmt::format("{:.0f}", st.gs_kt);
          trk = fmt::format("{:.0f}", st.track_deg);
          vr = fmt::format("{}", static_cast<int>(std::lround(st.vrate_fpm / 64.0)) * 64);
          break;
        case 5:
          alt = fmt::format("{}", static_cast<int>(std::lround(st.alt_ft / 25.0)) * 25);
          break;
        case 6:
          sq = squawk_text(leg_squawk(e.leg));
          break;
        default:
          break;
      }
      fmt::print(sbs_, "MSG,{},1,1,{:06X},1,{},{},{},{},{},{},{},{},{},{},{},{},0,,0,{}\n",
                 e.sbs_type, leg.icao, date, time, date, time, cs, alt, gs, trk, lat, lon, vr, sq,
                 st.on_ground ? -1 : 0);
      ++summary.sbs_lines;
    }
  }

 private:
  std::FILE *avr_ = nullptr, *beast_ = nullptr, *sbs_ = nullptr;
};

bool write_raw(const Scenario& s, const Plan& plan, const Coverage& cov,
               const geo::Airports& airports, const SimOptions& opt, SimSummary& summary,
               std::string& error) {
  namespace enc = modes::encode;
  RawWriter out;
  if (!out.open(opt.out_dir, opt.formats, error)) return false;
  const double from = s.raw_window ? s.raw_window->first : s.start;
  const double to = s.raw_window ? s.raw_window->second : s.end;
  std::mt19937_64 rng(opt.seed ^ 0x5EEDF00DULL);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> noise(0, 1);
  const auto& im = s.imperfections;
  ActiveLegs active(plan, airports);
  active.skip_to(from);
  std::vector<Emitted> tick;
  const double step = 0.5;
  const auto ticks = static_cast<std::uint64_t>((to - from) / step);
  std::uint64_t next_report = ticks / 10 + 1;
  for (std::uint64_t k = 0; k < ticks; ++k) {
    const double t = from + static_cast<double>(k) * step;
    tick.clear();
    for (auto& e : active.at(t)) {
      const auto& leg = plan.legs[e.leg];
      const double te = t + e.phase;
      if (te < leg.off_block || te > leg.on_block || te < e.next_raw_check) continue;
      const State st = e.path->at(te);
      if (const double gap = cov.raw_gap(st.pos, st.alt_ft); gap > 0) {
        // No aircraft closes a gap faster than 700 kt (plus the horizon growing
        // with a climb): skip it until it could be heard.
        e.next_raw_check = te + std::max(0.0, gap - 5.0) / 700.0 * 3600.0;
        continue;
      }
      geo::LatLon pos = st.pos;
      if (im.position_noise_m > 0) {
        pos.lat += noise(rng) * im.position_noise_m / 111320.0;
        pos.lon += noise(rng) * im.position_noise_m /
                   (111320.0 * std::max(0.01, std::cos(pos.lat * M_PI / 180)));
      }
      const auto alt = static_cast<std::int32_t>(std::lround(st.alt_ft));
      const std::uint32_t icao = leg.icao;
      const auto slot = static_cast<std::uint64_t>(e.leg);
      int n = 0;
      auto emit = [&](Frame f, int sbs_type) {
        // A burst of replies a fraction of a millisecond apart, as transponders send them.
        Emitted em{te + 0.0005 * n++, f, e.leg, false, sbs_type, st, pos};
        tick.push_back(em);
      };
      if (st.on_ground) {
        if (k % 2 == slot % 2) {
          e.odd = !e.odd;
          emit(enc::surface_position(icao, pos.lat, pos.lon, st.gs_kt, st.track_deg, e.odd), 2);
        }
      } else {
        e.odd = !e.odd;
        emit(enc::airborne_position(icao, pos.lat, pos.lon, alt, e.odd), 3);
        emit(enc::velocity(icao, st.gs_kt, st.track_deg,
                           static_cast<std::int32_t>(std::lround(st.vrate_fpm)), false),
             4);
        if (k % 8 == slot % 8) emit(enc::altitude_reply(icao, alt), 5);
        if (k % 24 == slot % 24) emit(enc::identity_reply(icao, leg_squawk(e.leg)), 6);
      }
      if (k % 10 == slot % 10)
        emit(enc::identification(icao, leg.callsign,
                                 type_performance(plan.aircraft[leg.aircraft].type).category,
                                 st.on_ground ? 4 : 5),
             1);
      if (k % 2 == (slot + 1) % 2) emit(enc::all_call(icao, st.on_ground ? 4 : 5), 8);
    }
    std::sort(tick.begin(), tick.end(),
              [](const Emitted& a, const Emitted& b) { return a.t < b.t; });
    for (auto& em : tick) {
      if (im.loss > 0 && u(rng) < im.loss) {
        ++summary.frames_lost;
        continue;
      }
      if (im.garbled > 0 && u(rng) < im.garbled) {
        const auto byte = static_cast<std::size_t>(u(rng) * (em.frame.len - 1)) + 1;
        em.frame.bytes[byte] ^= static_cast<std::uint8_t>(1 + u(rng) * 254);
        em.corrupted = true;
      } else if (im.bad_crc > 0 && u(rng) < im.bad_crc) {
        const auto bit = static_cast<std::size_t>(5 + u(rng) * (em.frame.len * 8 - 5));
        em.frame.bytes[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
        em.corrupted = true;
      }
      if (em.corrupted) ++summary.frames_corrupted;
      out.write(em, s.start, plan, summary);
    }
    if (k >= next_report && opt.progress) {
      opt.progress(fmt::format("raw frames: {:.0f}% of the window, {} frames",
                               100.0 * static_cast<double>(k) / static_cast<double>(ticks),
                               summary.frames));
      next_report += ticks / 10 + 1;
    }
  }
  return true;
}

// OpenSky state vectors: one row per aircraft every 10 s while in contact,
// repeated for up to 300 s after the last contact, hourly files.
bool write_opensky(const Scenario& s, const Plan& plan, const Coverage& cov,
                   const geo::Airports& airports, const SimOptions& opt, SimSummary& summary,
                   std::string& error) {
  const std::string dir = opt.out_dir + "/opensky";
  fs::create_directories(dir);
  ActiveLegs active(plan, airports);
  std::mt19937_64 rng(opt.seed ^ 0x0BE25C1ULL);
  std::uniform_real_distribution<double> u(0, 1);
  std::FILE* f = nullptr;
  fmt::memory_buffer rows;
  auto drain = [&] {
    if (f && rows.size()) std::fwrite(rows.data(), 1, rows.size(), f);
    rows.clear();
  };
  long hour = -1;
  const double step = 10;
  const auto steps = static_cast<std::uint64_t>((s.end - s.start) / step);
  std::uint64_t next_report = steps / 10 + 1;
  for (std::uint64_t k = 0; k < steps; ++k) {
    const double t = std::floor(s.start / 10) * 10 + static_cast<double>(k) * step;
    auto& legs = active.at(t);
    for (auto& e : legs) {
      const auto& leg = plan.legs[e.leg];
      if (t >= leg.off_block && t <= leg.on_block) {
        const State st = e.path->at(t);
        if (const double p = cov.reception(st.pos, st.alt_ft, st.on_ground);
            p >= 1 || (p > 0 && u(rng) < p)) {
          e.last_contact = t - 0.5;
          e.last_pos = t - 0.8;
          e.last_state = st;
        }
      }
      if (t - e.last_contact > 300 || e.last_contact < leg.off_block) continue;
      const long h = static_cast<long>(std::floor(t / 3600));
      if (h != hour) {
        drain();
        if (f) std::fclose(f);
        const std::string iso = format_iso8601(static_cast<double>(h) * 3600);
        const std::string path =
            fmt::format("{}/states_{}-{}.csv", dir, iso.substr(0, 10), iso.substr(11, 2));
        f = std::fopen(path.c_str(), "wb");
        if (!f) {
          error = fmt::format("cannot write {}", path);
          return false;
        }
        std::fputs(
            "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
            "baroaltitude,"
            "geoaltitude,lastposupdate,lastcontact\n",
            f);
        hour = h;
      }
      const State& st = e.last_state;
      const double baro_m = static_cast<double>(std::lround(st.alt_ft / 25.0) * 25) * 0.3048;
      fmt::format_to(
          std::back_inserter(rows),
          "{:.0f},{:06x},{:.6f},{:.6f},{:.2f},{:.2f},{:.2f},{:<8},{},False,False,{},{:.2f},{"
          ":.2f},{:.3f},{:.3f}\n",
          t, leg.icao, st.pos.lat, st.pos.lon, st.gs_kt * 0.514444, st.track_deg,
          st.vrate_fpm * 0.00508, leg.callsign, st.on_ground ? "True" : "False",
          squawk_text(leg_squawk(e.leg)), baro_m, baro_m + 75 * 0.3048, e.last_pos, e.last_contact);
      ++summary.opensky_rows;
      if (rows.size() > (1 << 20)) drain();
    }
    if (k >= next_report && opt.progress) {
      opt.progress(fmt::format("opensky: {:.0f}% of the scenario, {} rows",
                               100.0 * static_cast<double>(k) / static_cast<double>(steps),
                               summary.opensky_rows));
      next_report += steps / 10 + 1;
    }
  }
  drain();
  if (f) std::fclose(f);
  return true;
}

}  // namespace

bool simulate(const Scenario& s, const geo::Airports& airports, const SimOptions& opt,
              SimSummary& summary, std::string& error, Plan* plan_out) {
  Plan local;
  Plan& plan = plan_out ? *plan_out : local;
  if (!plan_scenario(s, airports, opt.seed, plan, error)) return false;
  const Coverage cov(s);
  for (auto& l : plan.legs) {
    const auto* from = airports.find(l.origin);
    const auto* to = airports.find(l.destination);
    // An end outside the scenario's span is in no output: the archives
    // stop there (a flight still in the air at the end lands unseen).
    l.takeoff_covered = cov.covered(*from) && l.takeoff >= s.start;
    l.landing_covered = cov.covered(*to) && l.landing <= s.end;
    if (const Hole* h = cov.hole_at(to->pos)) l.landing_hole = h->name;
  }
  std::error_code ec;
  fs::create_directories(opt.out_dir, ec);
  if (ec) {
    error = fmt::format("cannot create {}: {}", opt.out_dir, ec.message());
    return false;
  }
  summary.legs = plan.legs.size();
  summary.itineraries = plan.itineraries.size();
  summary.aircraft =
      static_cast<std::size_t>(std::count_if(plan.aircraft.begin(), plan.aircraft.end(),
                                             [](const SimAircraft& a) { return !a.background; }));
  summary.background_legs = static_cast<std::size_t>(
      std::count_if(plan.legs.begin(), plan.legs.end(),
                    [&](const PlannedLeg& l) { return plan.aircraft[l.aircraft].background; }));
  write_truth(s, plan, opt.seed, opt.out_dir + "/truth.json");
  if (opt.formats & kOutTrace)
    write_traces(s, plan, cov, opt.out_dir + "/traces", opt, airports, summary);
  if (opt.formats & (kOutAvr | kOutBeast | kOutSbs))
    if (!write_raw(s, plan, cov, airports, opt, summary, error)) return false;
  if (opt.formats & kOutOpensky)
    if (!write_opensky(s, plan, cov, airports, opt, summary, error)) return false;
  return true;
}

}  // namespace skywitness::sim
