#include "skywitness/live/monitor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skywitness/analysis/itineraries.hpp"
#include "skywitness/geo/airport_index.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/live/alert.hpp"
#include "skywitness/report/fleet.hpp"

namespace skywitness::live {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The same event met again within this many seconds is the one recorded.
constexpr double kSameEventS = 300;
// An aircraft not heard for this long is forgotten; heard again, it is
// picked up from the store (MonitorOptions::restore_s is longer).
constexpr double kForgetS = 4 * 3600;

std::string feet(std::int32_t ft) {
  return ft >= 18000 ? fmt::format("FL{:03}", (ft + 50) / 100) : fmt::format("{} ft", ft);
}

}  // namespace

class Monitor::Impl {
 public:
  Impl(store::Store& db, const geo::Airports& airports, const roles::Profile& profile,
       const watchlist::Watchlist* watchlist, MonitorOptions options)
      : db_(db),
        airports_(airports),
        index_(airports),
        profile_(profile),
        watchlist_(watchlist),
        opt_(std::move(options)),
        profile_key_(analysis::profile_key(profile, airports)) {
    ingest_opt_.segmenter = opt_.segmenter;
    ingest_opt_.simplify_m = opt_.simplify_m;
    ingest_opt_.progress_s = 0;
  }

  void start(double now, const std::string& input) {
    start_ = now;
    db_.begin();
    run_ = db_.begin_run(fmt::format("live {}", input));
    // The run makes the name unique: two sessions in one second are two inputs.
    db_.input(fmt::format("{} (run {})", input, run_), 0, 0, "", "live", run_, input_);
    db_.commit();
    const auto coverage = db_.coverage();
    if (!coverage.empty()) covered_since_ = coverage.front().from;
    last_commit_ = now;
  }

  void push(const Position& p) {
    ++stats_.positions;
    auto [it, fresh] = craft_.try_emplace(p.icao);
    Craft& c = it->second;
    if (fresh) begin_craft(c, p);
    c.unsaved.push_back(p);
    if (c.has_last && p.t < c.last.t) {
      ++stats_.out_of_order;
      return;
    }
    track(c, p, false);
  }

  void set_info(std::uint32_t icao, std::string_view registration, std::string_view type) {
    auto& known = info_[icao];
    if (known.first == registration && known.second == type) return;
    known = {std::string(registration), std::string(type)};
    db_.begin();
    db_.set_aircraft_info(icao, registration, type);
    db_.commit();
    if (auto it = craft_.find(icao); it != craft_.end() && !registration.empty())
      it->second.registration = registration;
  }

  void tick(double now) {
    now_ = std::max(now_, now);
    for (auto it = craft_.begin(); it != craft_.end();) {
      Craft& c = it->second;
      lost(c);
      landed(c);
      if (c.has_last && now_ - c.last.t > kForgetS && c.unsaved.empty() && !c.pending) {
        // Not flushed: a silence is no landing. Its stored legs end where
        // its data end; heard again, it is picked up from the store.
        pending_.insert(it->first);
        it = craft_.erase(it);
        continue;
      }
      ++it;
    }
    if (now_ - last_commit_ >= opt_.commit_s) commit();
    rebuild_pending();
  }

  void covered(double from, double to) {
    if (!spans_.empty() && from <= spans_.back().to + 1) {
      spans_.back().to = std::max(spans_.back().to, to);
    } else {
      spans_.push_back({from, to});
    }
  }

  void finish(double now, bool data_end) {
    now_ = std::max(now_, now);
    for (auto& [icao, c] : craft_) {
      lost(c);
      if (!data_end) continue;  // stopped: the next session picks them up
      // The data end here, as an input's end in ingest: a landing seen
      // stays one, an open leg ends where it was last seen.
      landed(c, true);
      c.seg->flush();
      settle(c);
    }
    commit();
    rebuild_pending();
    db_.begin();
    db_.finish_input(input_, stats_.positions, 0);
    store::RunCounts counts;
    counts.inputs = 1;
    counts.positions = stats_.positions;
    counts.aircraft_rebuilt = stats_.aircraft_rebuilt;
    db_.end_run(run_, counts, "complete");
    db_.commit();
  }

  std::vector<store::AlertRecord> take_recorded() { return std::exchange(recorded_, {}); }
  const MonitorStats& stats() const { return stats_; }

 private:
  struct Craft {
    std::unique_ptr<flights::Segmenter> seg;
    std::vector<Leg> closed;  // by the segmenter, not yet looked at
    std::vector<Position> unsaved;
    Position last{};
    bool has_last = false;
    bool restoring = false;
    bool pending = false;  // legs to rebuild
    int watched = -1;      // not yet known
    std::string registration, type, callsign;
    std::set<std::string> callsigns;
    double first_t = kNaN;          // first heard this session
    double open_key = kNaN;         // the sighting of the open leg's origin, alerted for
    double landed_key = kNaN;       // the landing time alerted for
    double lost_key = kNaN;         // the last sighting a lost signal was looked at for
    std::optional<Alert> inferred;  // a landing_inferred not yet confirmed or withdrawn
  };

  void begin_craft(Craft& c, const Position& p) {
    ++stats_.aircraft;
    c.first_t = p.t;
    c.seg = std::make_unique<flights::Segmenter>(
        index_, opt_.segmenter, [&c](Leg&& l) { c.closed.push_back(std::move(l)); },
        [](UnobservedStop&&) {});
    std::tie(c.registration, c.type) = db_.aircraft_info(p.icao);
    if (p.has & Position::kCallsign) c.callsign = p.callsign.data();
    if (!c.callsign.empty()) c.callsigns.insert(c.callsign);
    evaluate_watch(p.icao, c);
    // Picked up where an earlier live session left it (a restart): its
    // last hours, pushed again; what they say was alerted then and is met
    // again, or, where it needed what came after (a landing's minute on the
    // ground), is alerted now. Positions ingested from files are history,
    // not news: they are not pushed.
    auto stored = db_.positions_with_source(p.icao, p.t - opt_.restore_s, p.t - 1e-3);
    std::erase_if(stored,
                  [](const store::SourcedPosition& s) { return !s.input.starts_with("live:"); });
    if (!stored.empty()) {
      ++stats_.restored;
      c.restoring = true;
      for (const auto& s : stored) {
        if (c.has_last && s.position.t < c.last.t) continue;
        track(c, s.position, true);
      }
      c.restoring = false;
      recall_inferred(c);
      return;
    }
    if (c.watched == 1) first_seen(c, p);
  }

  // A landing_inferred the last session said at the aircraft's last
  // sighting, still to be confirmed or withdrawn now that it is heard again.
  void recall_inferred(Craft& c) {
    if (!c.has_last || !c.seg->in_air() || c.inferred) return;
    const auto was = db_.find_alert(c.last.icao, alert_type_name(AlertType::kLandingInferred),
                                    c.last.t - 1, c.last.t + 1);
    if (!was) return;
    const auto j = nlohmann::json::parse(was->record, nullptr, false);
    if (!j.is_object()) return;
    Alert a = base(c, AlertType::kLandingInferred, was->time);
    a.id = was->id;
    a.observed = false;
    if (j.value("airport", nlohmann::json()).is_string()) a.airport = j["airport"];
    if (j.value("country", nlohmann::json()).is_string()) a.country = j["country"];
    if (j.contains("candidates") && j["candidates"].is_array())
      for (const auto& f : j["candidates"])
        if (f.is_string()) a.candidates.push_back(f);
    c.inferred = a;
    c.lost_key = c.last.t;
  }

  void evaluate_watch(std::uint32_t icao, Craft& c) {
    if (opt_.all_aircraft) {
      c.watched = 1;
      return;
    }
    watchlist::AircraftFacts facts;
    facts.icao = icao;
    facts.registration = c.registration;
    facts.type = c.type;
    facts.callsigns = c.callsigns;
    if (watchlist_) {
      c.watched = watchlist_->match(facts) ? 1 : 0;
      return;
    }
    std::vector<roles::Itinerary> itineraries;
    analysis::AircraftItineraries built;
    const auto legs = legs_of(icao);
    if (!legs.empty()) {
      built = analysis::aircraft_itineraries(db_, icao, legs, profile_, airports_, profile_key_);
      itineraries = built.itineraries;
    }
    c.watched = report::counted_by_profile(facts, itineraries, profile_).first.empty() ? 0 : 1;
  }

  // One position through the aircraft's segmenter, and what it says.
  void track(Craft& c, const Position& p, bool restoring) {
    const bool first = !c.has_last;
    c.seg->push(p);
    c.last = p;
    c.has_last = true;
    if (p.has & Position::kCallsign) {
      std::string cs = p.callsign.data();
      if (!cs.empty() && cs != c.callsign) {
        c.callsign = cs;
        if (c.callsigns.insert(cs).second && c.watched == 0 && !restoring)
          evaluate_watch(p.icao, c);
      }
    }
    settle(c);
    const Leg* open = c.seg->open_leg();
    if (open) {
      const double key = open->origin.sighting();
      if (!(key == c.open_key)) {
        const bool was_open_before = !std::isnan(c.open_key);
        c.open_key = key;
        if (c.watched == 1) {
          if (open->origin.how != EndHow::kUnknown) {
            Alert a = base(c, AlertType::kTakeoff, open->origin.time);
            place(a, open->origin);
            a.observed = open->origin.observed();
            a.reason =
                fmt::format("{} from {}{}", a.observed ? "seen taking off" : "took off unseen",
                            a.airport, evidence_words(open->origin));
            record(a);
          } else if (first && !restoring && !was_open_before && p.t >= start_ &&
                     p.t - start_ <= opt_.start_window_s) {
            Alert a = base(c, AlertType::kAirborneAtStart, p.t);
            a.reason = fmt::format("in the air at {} when watching began ({} s before)",
                                   feet(p.alt_baro), std::llround(p.t - start_));
            record(a);
          }
        }
      }
      if (c.inferred && c.watched == 1 && p.t > c.inferred->time && key <= c.inferred->time) {
        // Heard again in the air on the same leg: it did not land.
        Alert a = base(c, AlertType::kLandingWithdrawn, p.t);
        a.airport = c.inferred->airport;
        a.country = c.inferred->country;
        a.observed = true;
        a.refers = c.inferred->id;
        a.reason = fmt::format(
            "heard again in the air at {}, {:.0f} s after it was lost: it had "
            "not landed at {}",
            feet(p.alt_baro), p.t - c.inferred->time, c.inferred->airport);
        record(a);
        c.inferred.reset();
      }
    }
    landed(c);
  }

  // Legs the segmenter closed: a landing not alerted yet is alerted now,
  // one inferred before is confirmed or taken back, and the legs rebuilt.
  void settle(Craft& c) {
    if (c.closed.empty()) return;
    auto closed = std::exchange(c.closed, {});
    stats_.legs_closed += closed.size();
    c.pending = true;
    pending_.insert(closed.front().icao);
    for (const auto& leg : closed) {
      const auto& d = leg.destination;
      if (c.watched != 1 || d.how == EndHow::kUnknown) continue;
      if (c.inferred && d.sighting() >= c.inferred->time - 1) {
        resolve_inferred(c, d);
        c.landed_key = d.time;
        continue;
      }
      if (d.time == c.landed_key) continue;
      c.landed_key = d.time;
      landing(c, d, d.observed() ? AlertType::kLanding : AlertType::kLandingInferred);
    }
  }

  void resolve_inferred(Craft& c, const LegEnd& d) {
    const Alert& was = *c.inferred;
    const bool same =
        d.airport == was.airport ||
        std::find(was.candidates.begin(), was.candidates.end(), d.airport) != was.candidates.end();
    Alert a =
        base(c, same ? AlertType::kLandingConfirmed : AlertType::kLandingWithdrawn, d.sighting());
    place(a, d);
    a.observed = d.observed();
    a.refers = was.id;
    a.reason =
        same ? fmt::format("{} at {}{}", d.observed() ? "seen on the ground" : "landed", d.airport,
                           evidence_words(d))
             : fmt::format("landed at {}, not at {}{}", d.airport, was.airport, evidence_words(d));
    c.inferred.reset();
    record(a);
    if (!same) landing(c, d, d.observed() ? AlertType::kLanding : AlertType::kLandingInferred);
  }

  // A landing seen: on the ground for touch_and_go_s after touching down
  // (a touch-and-go would have taken off again), or the data end there.
  void landed(Craft& c, bool data_end = false) {
    const Leg* held = c.seg->held_leg();
    if (!held || c.seg->in_air()) return;
    const auto& d = held->destination;
    if (d.how == EndHow::kUnknown || d.time == c.landed_key) return;
    if (!data_end && now_or(c) - d.time < opt_.segmenter.touch_and_go_s) return;
    c.pending = true;
    pending_.insert(held->icao);
    c.landed_key = d.time;
    if (c.watched != 1) return;
    if (c.inferred && d.sighting() >= c.inferred->time - 1) {
      resolve_inferred(c, d);
      return;
    }
    landing(c, d, d.observed() ? AlertType::kLanding : AlertType::kLandingInferred);
  }

  double now_or(const Craft& c) const { return std::max(now_, c.last.t); }

  // The signal lost in the air: low near a field and descending towards
  // it, the aircraft is said to have landed there, as inferred.
  void lost(Craft& c) {
    if (!c.has_last || !c.seg->in_air() || c.last.t == c.lost_key) return;
    if (now_ - c.last.t < opt_.lost_after_s) return;
    c.lost_key = c.last.t;
    if (c.watched != 1 || c.inferred) return;
    auto end = c.seg->arrival_at(c.last);
    if (!end) return;
    Alert a = base(c, AlertType::kLandingInferred, c.last.t);
    place(a, *end);
    a.observed = false;
    const auto* field = airports_.find(end->airport);
    const double nm = field ? geo::distance_nm({c.last.lat, c.last.lon}, field->pos)
                            : std::numeric_limits<double>::quiet_NaN();
    a.reason = fmt::format(
        "signal lost at {} {:.0f} NM from {}, descending towards it; not heard "
        "for {:.0f} s",
        feet(c.last.alt_baro), nm, end->airport, now_ - c.last.t);
    record(a);
    c.inferred = a;
    abroad(c, a);
  }

  void landing(Craft& c, const LegEnd& d, AlertType type) {
    Alert a = base(c, type, d.sighting());
    place(a, d);
    a.observed = d.observed();
    a.reason = fmt::format("{} at {}{}", a.observed ? "seen landing" : "landed unseen", d.airport,
                           evidence_words(d));
    record(a);
    abroad(c, a);
  }

  // A landing abroad, and the first in its country for a while.
  void abroad(Craft& c, const Alert& landing) {
    if (profile_.home_country.empty()) return;
    std::set<std::string> countries;
    std::vector<std::string> fields = landing.candidates;
    if (fields.empty()) fields.push_back(landing.airport);
    for (const auto& f : fields)
      if (const auto* a = airports_.find(f)) countries.insert(a->country);
    if (countries.empty() || countries.contains(profile_.home_country)) return;
    Alert a = landing;
    a.type = AlertType::kLandingAbroad;
    a.refers.clear();
    if (countries.size() > 1) a.country.clear();
    a.reason = fmt::format("{} outside {}: {}", a.observed ? "landed" : "probably landed",
                           profile_.home_country, landing.reason);
    record(a);
    if (countries.size() == 1 && landing.observed) resumed(c, landing, *countries.begin());
  }

  void resumed(Craft& c, const Alert& landing, const std::string& country) {
    const double from = landing.time - opt_.quiet_days * 86400;
    if (!covered_since_ || *covered_since_ > from) return;  // the store does not reach back so far
    store::LegQuery q;
    q.from = from;
    q.to = landing.time - kSameEventS;
    q.country = country;
    for (const auto& l : db_.legs(q)) {
      if (l.destination_country != country || l.leg.destination.sighting() >= q.to.value())
        continue;
      if (watched(l.leg.icao)) return;  // not the first in the quiet period
    }
    Alert a = base(c, AlertType::kCountryResumed, landing.time);
    a.airport = landing.airport;
    a.country = country;
    a.observed = true;
    a.leg_id = landing.leg_id;
    a.reason = fmt::format("the first landing in {} by a watched aircraft in {:.0f} days", country,
                           opt_.quiet_days);
    record(a);
  }

  std::vector<LegRecord> legs_of(std::uint32_t icao) {
    store::LegQuery q;
    q.icao = icao;
    return db_.legs(q);
  }

  bool watched(std::uint32_t icao) {
    if (auto it = craft_.find(icao); it != craft_.end()) return it->second.watched == 1;
    auto [it, fresh] = others_.try_emplace(icao);
    if (fresh) {
      Craft c;
      std::tie(c.registration, c.type) = db_.aircraft_info(icao);
      for (const auto& l : legs_of(icao))
        if (!l.leg.callsign.empty()) c.callsigns.insert(l.leg.callsign);
      evaluate_watch(icao, c);
      it->second = c.watched == 1;
    }
    return it->second;
  }

  void first_seen(Craft& c, const Position& p) {
    const double days = opt_.first_seen_days * 86400;
    const auto before = db_.last_position_before(p.icao, p.t);
    Alert a = base(c, AlertType::kFirstSeen, p.t);
    if (before) {
      if (p.t - *before < days) return;
      a.reason = fmt::format("heard again after {:.0f} days (last position {})",
                             (p.t - *before) / 86400, alert_time(*before));
    } else {
      // Never heard: news only if the store was listening all that time.
      if (!covered_since_ || p.t - *covered_since_ < days) return;
      a.reason = fmt::format("first position in the {:.0f} days the store covers",
                             (p.t - *covered_since_) / 86400);
    }
    record(a);
  }

  static std::string evidence_words(const LegEnd& e) {
    std::string s;
    switch (e.evidence) {
      case EndEvidence::kGround:
        s = " (ground positions)";
        break;
      case EndEvidence::kLowAltitude:
        s = " (low and near the field)";
        break;
      case EndEvidence::kGap:
        s = " (across a gap in coverage)";
        break;
      case EndEvidence::kNone:
        break;
    }
    if (!e.candidates.empty())
      s += fmt::format("; fields that fit about as well: {}", fmt::join(e.candidates, ", "));
    return s;
  }

  Alert base(const Craft& c, AlertType type, double t) const {
    Alert a;
    a.type = type;
    a.icao = c.last.icao;
    a.registration = c.registration;
    a.callsign = c.callsign;
    a.time = t;
    return a;
  }

  void place(Alert& a, const LegEnd& e) const {
    a.airport = e.airport;
    a.candidates = e.candidates;
    if (const auto* f = airports_.find(e.airport)) a.country = f->country;
  }

  // Recorded in the store before anything sends it, unless it was already.
  void record(Alert& a) {
    if (const auto was = db_.find_alert(a.icao, alert_type_name(a.type), a.time - kSameEventS,
                                        a.time + kSameEventS)) {
      ++stats_.alerts_met_again;
      a.id = was->id;  // what a confirmation refers to
      return;
    }
    if (!a.leg_id) a.leg_id = stored_leg(a);
    a.id = alert_id(a.type, a.icao, a.time);
    store::AlertRecord r;
    r.id = a.id;
    r.type = alert_type_name(a.type);
    r.icao = a.icao;
    r.time = a.time;
    r.record = alert_json(a);
    db_.begin();
    const bool fresh = db_.put_alert(r);
    db_.commit();
    if (!fresh) {
      ++stats_.alerts_met_again;
      return;
    }
    ++stats_.alerts;
    recorded_.push_back(std::move(r));
  }

  // The stored leg a landing ends or a takeoff begins, once rebuilt.
  std::optional<std::int64_t> stored_leg(const Alert& a) {
    const bool ends = a.type != AlertType::kTakeoff;
    if (a.type == AlertType::kAirborneAtStart || a.type == AlertType::kFirstSeen) return {};
    if (pending_.contains(a.icao)) rebuild({a.icao});
    store::LegQuery q;
    q.icao = a.icao;
    q.from = a.time - 1;
    q.to = a.time + 1;
    for (const auto& l : db_.legs(q)) {
      const auto& e = ends ? l.leg.destination : l.leg.origin;
      if (std::abs(e.sighting() - a.time) <= 1 || std::abs(e.time - a.time) <= 1) return l.id;
    }
    return {};
  }

  void commit() {
    db_.begin();
    for (auto& [icao, c] : craft_) {
      if (c.unsaved.empty()) continue;
      std::stable_sort(c.unsaved.begin(), c.unsaved.end(),
                       [](const Position& a, const Position& b) { return a.t < b.t; });
      db_.put_positions(input_, "", icao, c.unsaved);
      c.unsaved.clear();
    }
    if (!spans_.empty()) db_.set_coverage(input_, spans_);
    db_.commit();
    ++stats_.commits;
    last_commit_ = now_;
  }

  void rebuild_pending() {
    if (pending_.empty()) return;
    rebuild({pending_.begin(), pending_.end()});
  }

  // The legs of these aircraft rebuilt from every stored position (as
  // ingest builds them), and their itineraries made again.
  void rebuild(std::vector<std::uint32_t> aircraft) {
    commit();
    const auto counts = ingest::rebuild_legs(db_, airports_, ingest_opt_, aircraft);
    stats_.aircraft_rebuilt += counts.aircraft_rebuilt;
    for (auto icao : aircraft) {
      pending_.erase(icao);
      if (auto it = craft_.find(icao); it != craft_.end()) it->second.pending = false;
      const auto legs = legs_of(icao);
      if (legs.empty()) continue;
      auto built = analysis::build_aircraft_itineraries(db_, icao, legs, profile_, airports_);
      auto stored = analysis::to_stored(icao, built, profile_key_);
      db_.begin();
      db_.put_itineraries(stored);
      db_.commit();
    }
  }

  store::Store& db_;
  const geo::Airports& airports_;
  const geo::AirportIndex index_;
  const roles::Profile& profile_;
  const watchlist::Watchlist* watchlist_;
  const MonitorOptions opt_;
  const std::string profile_key_;
  ingest::IngestOptions ingest_opt_;
  std::unordered_map<std::uint32_t, Craft> craft_;
  std::unordered_map<std::uint32_t, bool> others_;  // watched or not, aircraft not heard now
  std::unordered_map<std::uint32_t, std::pair<std::string, std::string>> info_;
  std::set<std::uint32_t> pending_;
  std::vector<store::AlertRecord> recorded_;
  std::vector<TimeSpan> spans_;
  std::optional<double> covered_since_;
  MonitorStats stats_;
  std::int64_t run_ = 0, input_ = 0;
  double start_ = 0, now_ = 0, last_commit_ = 0;
};

Monitor::Monitor(store::Store& db, const geo::Airports& airports, const roles::Profile& profile,
                 const watchlist::Watchlist* watchlist, MonitorOptions options)
    : impl_(std::make_unique<Impl>(db, airports, profile, watchlist, std::move(options))) {}
Monitor::~Monitor() = default;
void Monitor::start(double now, const std::string& input) {
  impl_->start(now, input);
}
void Monitor::push(const Position& p) {
  impl_->push(p);
}
void Monitor::set_info(std::uint32_t icao, std::string_view registration, std::string_view type) {
  impl_->set_info(icao, registration, type);
}
void Monitor::tick(double now) {
  impl_->tick(now);
}
void Monitor::covered(double from, double to) {
  impl_->covered(from, to);
}
void Monitor::finish(double now, bool data_end) {
  impl_->finish(now, data_end);
}
std::vector<store::AlertRecord> Monitor::take_recorded() {
  return impl_->take_recorded();
}
const MonitorStats& Monitor::stats() const {
  return impl_->stats();
}

}  // namespace skywitness::live
