#include "skywitness/serve/api.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/time.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/registry/address_blocks.hpp"
#include "skywitness/report/evidence.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/roles/itineraries.hpp"
#include "skywitness/roles/stops.hpp"

namespace skywitness::serve {
namespace {

using Json = nlohmann::ordered_json;
using report::AircraftHistory;

// Why a request cannot be answered: the status, the message and the
// parameter it is about (empty for the path).
struct Refusal {
  int status = 400;
  std::string message, parameter;
};

[[noreturn]] void refuse(int status, std::string message, std::string parameter = {}) {
  throw Refusal{status, std::move(message), std::move(parameter)};
}

Json time_json(double t) {
  return t > 0 ? Json(output::iso_seconds(t)) : Json();
}

// The parameters of one request: each may be given once, and only those the
// endpoint knows.
class Params {
 public:
  Params(const Request& r, std::initializer_list<std::string_view> known) : r_(r) {
    for (const auto& [k, v] : r.params) {
      if (std::find(known.begin(), known.end(), k) == known.end())
        refuse(400,
               fmt::format("unknown parameter '{}'{}", k.substr(0, 40),
                           known.size()
                               ? fmt::format(" (this endpoint takes: {})", fmt::join(known, ", "))
                               : std::string(" (this endpoint takes none)")),
               k.substr(0, 40));
      if (r.params.count(k) > 1) refuse(400, fmt::format("'{}' is given twice", k), k);
    }
  }

  std::string text(const std::string& name) const {
    const auto it = r_.params.find(name);
    return it == r_.params.end() ? std::string() : it->second;
  }

  // A date (2024-03-30) or UTC time; a `to` date alone ends with its day.
  std::optional<double> time(const std::string& name, bool whole_day_end) const {
    const std::string v = text(name);
    if (v.empty()) return std::nullopt;
    auto t = parse_iso8601(v);
    if (!t)
      refuse(
          400,
          fmt::format("'{}' is not a date (2024-03-30) or UTC time (2024-03-30T08:00:00Z)", name),
          name);
    if (whole_day_end && v.size() == 10) *t += 86400;
    return t;
  }

  std::optional<long long> integer(const std::string& name, long long min, long long max) const {
    const std::string v = text(name);
    if (v.empty()) return std::nullopt;
    long long n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < min || n > max)
      refuse(400, fmt::format("'{}' must be a whole number from {} to {}", name, min, max), name);
    return n;
  }

  std::optional<bool> flag(const std::string& name) const {
    const std::string v = text(name);
    if (v.empty()) return std::nullopt;
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    refuse(400, fmt::format("'{}' must be true or false", name), name);
  }

 private:
  const Request& r_;
};

template <class Is>
bool all_of_class(std::string_view s, Is is) {
  return std::all_of(s.begin(), s.end(), [&](char c) { return is(static_cast<unsigned char>(c)); });
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A leg with what the fleet knows of it.
struct LegRef {
  const AircraftHistory* aircraft = nullptr;
  const LegRecord* record = nullptr;
  const roles::Itinerary* itinerary = nullptr;  // null when it is in none
  const roles::RoledLeg* roled = nullptr;       // its role there
};

struct ItineraryRef {
  const AircraftHistory* aircraft = nullptr;
  const roles::Itinerary* itinerary = nullptr;
  std::string id;
  double start = 0, end = 0;
  std::vector<std::string> countries;  // counted removals, in order
};

// One page of the items [0, n) that `keep`: those from `start` on, at most
// `limit`; `total` counts every one kept, `more` says whether any follow.
struct Page {
  std::vector<std::size_t> items;
  std::size_t total = 0;
  bool more = false;
};

template <class Keep>
Page page_of(std::size_t n, std::size_t start, std::size_t limit, Keep keep) {
  Page p;
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep(i)) continue;
    ++p.total;
    if (i < start) continue;
    if (p.items.size() < limit)
      p.items.push_back(i);
    else
      p.more = true;
  }
  return p;
}

// An alert as the API gives it: its record with its seq. A record that is
// not a JSON object (it never is: `live` writes them) is given as its columns.
Json alert_object(const store::AlertRecord& a) {
  Json j = Json::parse(a.record, nullptr, false);
  if (!j.is_object())
    j = {{"id", a.id},
         {"type", a.type},
         {"icao", fmt::format("{:06x}", a.icao)},
         {"time", output::iso_seconds(a.time)}};
  j["seq"] = a.seq;
  return j;
}

// Paths whose answers change while `serve` runs: never cached.
bool fresh(std::string_view path) {
  return path == "/api/alerts" || path.starts_with("/api/alerts/");
}

}  // namespace

struct Api::Impl {
  analysis::Analysis a;
  ApiLimits limits;
  std::optional<registry::AddressBlocks> blocks;
  std::vector<LegRef> legs;  // by takeoff time, address and id, as the store orders them
  std::unordered_map<std::int64_t, std::size_t> leg_at;
  std::unordered_map<std::uint32_t, const AircraftHistory*> aircraft;
  std::vector<ItineraryRef> itineraries;  // by start
  std::unordered_map<std::string, std::size_t> itinerary_at;
  std::unordered_map<const roles::Itinerary*, std::size_t> itinerary_of;

  std::mutex store_mutex;  // a.db's connection is not shared between threads
  // More read-only connections, one a request at a time, for the calls that
  // read positions and tracks: they answer side by side.
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<store::Store>> pool;

  // A connection of the pool for one request, put back when it ends.
  class Connection {
   public:
    explicit Connection(Impl& impl) : impl_(impl) {
      {
        std::lock_guard lock(impl_.pool_mutex);
        if (!impl_.pool.empty()) {
          db_ = std::move(impl_.pool.back());
          impl_.pool.pop_back();
        }
      }
      if (!db_) {
        std::string error;
        db_ = store::Store::open(impl_.a.db_path, error, store::Store::Access::kReadOnly);
        if (!db_) throw std::runtime_error(error);
      }
    }
    ~Connection() {
      std::lock_guard lock(impl_.pool_mutex);
      if (impl_.pool.size() < 32) impl_.pool.push_back(std::move(db_));
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    store::Store& operator*() { return *db_; }
    store::Store* operator->() { return db_.get(); }

   private:
    Impl& impl_;
    std::unique_ptr<store::Store> db_;
  };
  std::shared_mutex cache_mutex;
  std::unordered_map<std::string, std::shared_ptr<const Response>> cache;
  // Answers being made, for those who ask for the same meanwhile.
  std::unordered_map<std::string, std::shared_future<std::shared_ptr<const Response>>> making;
  std::size_t cache_bytes = 0;

  Impl(analysis::Analysis loaded, ApiLimits l) : a(std::move(loaded)), limits(l) {
    std::string error;
    blocks = registry::AddressBlocks::load_bundled(error);  // only for "registered in"
    for (const auto& h : a.fleet.aircraft) {
      aircraft[h.icao] = &h;
      std::unordered_map<std::int64_t, std::pair<const roles::Itinerary*, const roles::RoledLeg*>>
          roled;
      for (const auto& it : h.itineraries) {
        if (it.legs.empty()) continue;
        ItineraryRef ref{&h,
                         &it,
                         report::itinerary_id(it),
                         it.legs.front().leg.leg.origin.time,
                         it.legs.back().leg.leg.destination.time,
                         {}};
        for (const auto& r : it.legs) {
          roled[r.leg.id] = {&it, &r};
          if (r.counted && !r.country.empty()) ref.countries.push_back(r.country);
        }
        itineraries.push_back(std::move(ref));
      }
      for (const auto& leg : h.legs) {
        const auto it = roled.find(leg.id);
        legs.push_back({&h, &leg, it == roled.end() ? nullptr : it->second.first,
                        it == roled.end() ? nullptr : it->second.second});
      }
    }
    std::sort(legs.begin(), legs.end(), [](const LegRef& x, const LegRef& y) {
      const auto& p = *x.record;
      const auto& q = *y.record;
      return std::tie(p.leg.origin.time, p.leg.icao, p.id) <
             std::tie(q.leg.origin.time, q.leg.icao, q.id);
    });
    for (std::size_t i = 0; i < legs.size(); ++i) leg_at[legs[i].record->id] = i;
    std::stable_sort(itineraries.begin(), itineraries.end(),
                     [](const auto& x, const auto& y) { return x.start < y.start; });
    for (std::size_t i = 0; i < itineraries.size(); ++i) {
      itinerary_at.emplace(itineraries[i].id, i);  // the first of two alike: ids are minutes
      itinerary_of[itineraries[i].itinerary] = i;
    }
  }

  // ---- pieces of answers

  Json airport_json(const std::string& code) const {
    const auto* ap = code.empty() ? nullptr : a.airports->find(code);
    if (!ap) return Json();
    return {{"name", ap->name},
            {"city", ap->city},
            {"country", ap->country},
            {"lat", ap->pos.lat},
            {"lon", ap->pos.lon}};
  }

  Json guess_with_places(const roles::StopGuess& g) const {
    Json j = report::guess_json(g);
    for (auto& c : j["candidates"]) {
      const auto* ap = a.airports->find(c["airport"].get<std::string>());
      c["lat"] = ap ? Json(ap->pos.lat) : Json();
      c["lon"] = ap ? Json(ap->pos.lon) : Json();
      c["name"] = ap ? Json(ap->name) : Json();
    }
    return j;
  }

  static Json brief_aircraft(const AircraftHistory& h) {
    const auto& r = h.who.record;
    return {{"icao", fmt::format("{:06x}", h.icao)},
            {"registration", r.registration.empty() ? Json() : Json(r.registration)},
            {"type", r.type.empty() ? Json() : Json(r.type)},
            {"seats", h.seats ? Json(*h.seats) : Json()},
            {"seats_max", h.seats ? Json(h.seats_max.value_or(*h.seats)) : Json()},
            {"operator", h.operator_name.empty() ? Json() : Json(h.operator_name)},
            {"operator_name", operator_name(h)},
            {"counted_as", h.counted_as.empty() ? Json() : Json(h.counted_as)},
            {"counted_because", h.watched_because.empty() ? Json() : Json(h.watched_because)}};
  }

  static Json operator_name(const AircraftHistory& h) {
    if (!h.who.record.operator_name.empty()) return h.who.record.operator_name;
    return Json();
  }

  Json operator_label(const AircraftHistory& h) const {
    if (h.operator_name.empty()) return Json();
    if (a.airlines)
      if (const auto* al = a.airlines->find(h.operator_name)) return al->name;
    return h.operator_name;
  }

  // A leg in lists: `flights --format json`'s fields, with the role and what
  // it counts for, its itinerary and its aircraft's seats.
  Json leg_json(const LegRef& l) const {
    const auto& h = *l.aircraft;
    output::LegExtras x;
    if (l.roled) x = report::role_extras(*l.roled);
    x.registration = h.who.record.registration;
    x.type = h.who.record.type;
    Json og, dg;
    const auto* o = l.roled ? l.roled->origin_guess : nullptr;
    const auto* d = l.roled ? l.roled->guess : nullptr;
    if (o) {
      og = report::guess_json(*o);
      x.origin_guess = o->airport;
      x.origin_guess_country = o->country_or_unknown();
      x.origin_guess_json = &og;
    }
    if (d) {
      dg = report::guess_json(*d);
      x.destination_guess = d->airport;
      x.destination_guess_country = d->country_or_unknown();
      x.guess = &dg;
    }
    Json j = output::leg_json(*l.record, x, output::leg_fields::kDashboard);
    if (!l.roled) {
      j["role"] = Json();
      j["reason"] = "in no itinerary of the profile";
    }
    j["itinerary_id"] = l.itinerary ? Json(itineraries[itinerary_of.at(l.itinerary)].id) : Json();
    j["seats"] = h.seats ? Json(*h.seats) : Json();
    j["seats_max"] = h.seats ? Json(h.seats_max.value_or(*h.seats)) : Json();
    j["operator"] = h.operator_name.empty() ? Json() : Json(h.operator_name);
    return j;
  }

  Json itinerary_summary(const ItineraryRef& r) const {
    const auto& h = *r.aircraft;
    const auto& first = r.itinerary->legs.front().leg.leg.origin;
    const auto& last = r.itinerary->legs.back().leg.leg.destination;
    Json stops = Json::array();
    stops.push_back(first.airport.empty() ? Json() : Json(first.airport));
    for (const auto& l : r.itinerary->legs) {
      const auto& d = l.leg.leg.destination;
      stops.push_back(!d.airport.empty() ? Json(d.airport)
                      : l.guess          ? Json(l.guess->airport + "?")
                                         : Json());
    }
    return {{"id", r.id},
            {"icao", fmt::format("{:06x}", h.icao)},
            {"registration", h.who.record.registration},
            {"base", r.itinerary->base},
            {"start", time_json(r.start)},
            {"start_observed", first.observed()},
            {"end", time_json(r.end)},
            {"end_observed", last.observed()},
            {"back_at_base", r.itinerary->back_at_base},
            {"countries", r.countries},
            {"stops", stops},
            {"legs", r.itinerary->legs.size()},
            {"counted_because", h.watched_because.empty() ? Json() : Json(h.watched_because)}};
  }

  const AircraftHistory* find_aircraft(const std::string& q, const std::string& parameter) {
    if (q.empty() || q.size() > 40 ||
        !all_of_class(q, [](int c) { return std::isalnum(c) || c == '-'; }))
      refuse(400, "an aircraft is its address (6 hex digits), registration or callsign", parameter);
    std::optional<std::uint32_t> icao;
    {
      std::lock_guard lock(store_mutex);
      icao = analysis::find_aircraft(*a.db, q);
    }
    const auto it = icao ? aircraft.find(*icao) : aircraft.end();
    if (it == aircraft.end())
      refuse(404, fmt::format("no aircraft '{}' with legs in the database", q), parameter);
    return it->second;
  }

  std::string check_country(const std::string& v, const std::string& parameter) const {
    const std::string cc = upper(v);
    if (cc.size() != 2 || !all_of_class(cc, [](int c) { return std::isupper(c); }) ||
        !a.names->contains(cc))
      refuse(400, "a country is its ISO 3166-1 alpha-2 code (CN, SV)", parameter);
    return cc;
  }

  std::string check_airport(const std::string& v, const std::string& parameter) const {
    const std::string code = upper(v);
    if (code.size() > 8 || !a.airports->find(code))
      refuse(400, "an airport is its ICAO code in the bundled table (ZYTX, KIWA)", parameter);
    return code;
  }

  // The legs a page: `limit`, else the default.
  std::size_t page_limit(const Params& p) const {
    return static_cast<std::size_t>(p.integer("limit", 1, static_cast<long long>(limits.max_page))
                                        .value_or(limits.default_page));
  }

  // `from` and `to` (a date alone ends with its day), checked.
  std::pair<std::optional<double>, std::optional<double>> period(const Params& p) const {
    auto out = std::pair{p.time("from", false), p.time("to", true)};
    check_range(out.first, out.second);
    return out;
  }

  void check_range(std::optional<double> from, std::optional<double> to) const {
    if (from && to && *from >= *to) refuse(400, "'from' must be before 'to'", "from");
    const double span = limits.max_years * 366.0 * 86400;
    if (from && to && *to - *from > span)
      refuse(400, fmt::format("a range may span at most {} years", limits.max_years), "to");
  }

  // ---- endpoints

  // The alerts `live` recorded after seq `after`, read from the store now.
  Response alert_list(const Request& req) {
    Params p(req, {"after", "limit"});
    const auto after = p.integer("after", 0, std::numeric_limits<std::int64_t>::max()).value_or(0);
    const auto limit = page_limit(p);
    std::vector<store::AlertRecord> got;
    {
      Connection db(*this);
      got = db->alerts(after, limit);
    }
    Json list = Json::array();
    for (const auto& alert : got) list.push_back(alert_object(alert));
    return json(
        {{"alerts", std::move(list)}, {"next_after", got.empty() ? after : got.back().seq}});
  }

  Response overview() {
    const auto [first, last] = report::data_range(a.fleet);
    std::map<std::string, int> months;
    std::map<std::string, int> countries;
    for (const auto& r : a.removals) {
      ++months[report::month_of(r.time)];
      ++countries[r.country];
    }
    Json m = Json::array();
    std::string latest;
    if (last > first) {
      const std::string end = report::month_of(last - 1);
      for (std::string at = report::month_of(first); !at.empty() && at <= end;
           at = report::add_months(at, 1)) {
        const int n = months.count(at) ? months[at] : 0;
        m.push_back({{"month", at}, {"removal_flights", n}});
        if (n) latest = at;
      }
      if (latest.empty()) latest = end;
    }
    Json c = Json::array();
    std::vector<std::pair<std::string, int>> by(countries.begin(), countries.end());
    std::stable_sort(by.begin(), by.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    for (const auto& [cc, n] : by)
      c.push_back({{"country", cc}, {"name", a.names->name(cc)}, {"flights", n}});
    std::size_t watched = 0;
    for (const auto& h : a.fleet.aircraft) watched += h.watched_because.empty() ? 0 : 1;
    Json j = {{"profile", a.profile.name},
              {"scope", report::scope_text(a.fleet, a.profile, a.watchlist_path)},
              {"data", report::data_json(first, last)},
              {"latest_month", latest.empty() ? Json() : Json(latest)},
              {"aircraft", a.fleet.aircraft.size()},
              {"watched_aircraft", watched},
              {"legs", legs.size()},
              {"itineraries", itineraries.size()},
              {"months", m},
              {"countries", c}};
    return json(j);
  }

  Response month(const Request& req, const std::string& m) {
    Params p(req, {});
    if (!report::month_range(m))
      refuse(400, fmt::format("'{}' is not a month (YYYY-MM)", m.substr(0, 20)), "month");
    report::ReportOptions opt;
    opt.month = m;
    opt.evidence_files = 0;
    std::lock_guard lock(store_mutex);
    const auto r = analysis::month_report(a, opt);
    Response out;
    out.body = report::render_json(r.report, r.timelines, *a.names);
    return out;
  }

  Response timeline(const Request& req, const std::string& cc_text) {
    Params p(req, {});
    const std::string cc = check_country(cc_text, "country");
    std::lock_guard lock(store_mutex);
    const auto t = analysis::country_timeline(a, cc);
    return {200, "application/json", report::timeline_json(t, *a.names).dump(1) + "\n", {}};
  }

  Response aircraft_page(const Request& req, const std::string& q) {
    Params p(req, {});
    const auto* h = find_aircraft(q, "aircraft");
    Json j = brief_aircraft(*h);
    j["operator_label"] = operator_label(*h);
    const auto& r = h->who.record;
    j["description"] = r.description.empty() ? Json() : Json(r.description);
    j["owner"] = r.owner.empty() ? Json() : Json(r.owner);
    j["record_source"] = h->who.source.empty() ? Json() : Json(h->who.source);
    const auto* block = blocks ? blocks->find(h->icao) : nullptr;
    j["registered_in"] =
        block ? Json(block->country.empty() ? block->name : block->country) : Json();
    j["first_seen"] = h->legs.empty() ? Json() : time_json(h->legs.front().leg.origin.sighting());
    j["last_seen"] =
        h->legs.empty() ? Json() : time_json(h->legs.back().leg.destination.sighting());
    Json legs_json = Json::array();
    std::map<std::string, std::vector<std::int64_t>> days;
    for (const auto& l : h->legs) {
      const auto& ref = legs[leg_at.at(l.id)];
      legs_json.push_back(leg_json(ref));
      days[output::iso_seconds(l.leg.origin.time).substr(0, 10)].push_back(l.id);
    }
    Json d = Json::array();
    for (const auto& [day, ids] : days) d.push_back({{"date", day}, {"legs", ids}});
    Json its = Json::array();
    for (const auto& it : h->itineraries)
      if (!it.legs.empty()) its.push_back(itinerary_summary(itineraries[itinerary_of.at(&it)]));
    j["days"] = std::move(d);
    j["legs"] = std::move(legs_json);
    j["itineraries"] = std::move(its);
    return json(j);
  }

  Response leg_list(const Request& req) {
    Params p(req, {"aircraft", "country", "airport", "role", "counted", "counted_for", "watched",
                   "operator", "base", "month", "from", "to", "limit", "cursor"});
    const AircraftHistory* only = nullptr;
    if (const auto q = p.text("aircraft"); !q.empty()) only = find_aircraft(q, "aircraft");
    const std::string country =
        p.text("country").empty() ? "" : check_country(p.text("country"), "country");
    // "any": every counted removal, whatever the country.
    const std::string counted_for = p.text("counted_for").empty() || p.text("counted_for") == "any"
                                        ? p.text("counted_for")
                                        : check_country(p.text("counted_for"), "counted_for");
    const auto watched = p.flag("watched");
    const std::string op = p.text("operator");
    if (op.size() > 40)
      refuse(400, "'operator' is an ICAO airline designator (GXA) or unknown", "operator");
    const std::string base = p.text("base").empty() ? "" : check_airport(p.text("base"), "base");
    const std::string airport =
        p.text("airport").empty() ? "" : check_airport(p.text("airport"), "airport");
    std::optional<roles::Role> role;
    if (const auto r = p.text("role"); !r.empty()) {
      role = roles::role_from_name(r);
      if (!role && r != "none")
        refuse(400,
               "'role' must be a role's name (removal, return, domestic_transfer, ...) or none",
               "role");
    }
    const bool no_role = p.text("role") == "none";
    const auto counted = p.flag("counted");
    std::optional<std::pair<double, double>> month;
    if (const auto m = p.text("month"); !m.empty()) {
      month = report::month_range(m);
      if (!month) refuse(400, "'month' is not YYYY-MM", "month");
    }
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const auto range = period(p);
    const auto from = range.first, to = range.second;
    const auto limit = page_limit(p);
    std::size_t start = 0;
    if (const auto c = p.text("cursor"); !c.empty()) {
      const auto id = p.integer("cursor", 1, std::numeric_limits<long long>::max());
      const auto at = leg_at.find(*id);
      if (at == leg_at.end()) refuse(400, "'cursor' is not one this API gave", "cursor");
      start = at->second + 1;
    }
    auto keep = [&](const LegRef& l) {
      const auto& r = *l.record;
      if (only && l.aircraft != only) return false;
      if (from && r.leg.destination.time < *from) return false;
      if (to && r.leg.origin.time >= *to) return false;
      if (month &&
          (r.leg.destination.time < month->first || r.leg.destination.time >= month->second))
        return false;
      if (role && (!l.roled || l.roled->role != *role)) return false;
      if (no_role && l.roled) return false;
      if (counted && (l.roled && l.roled->counted) != *counted) return false;
      if (!counted_for.empty() && (!l.roled || !l.roled->counted || l.roled->country.empty() ||
                                   (counted_for != "any" && l.roled->country != counted_for) ||
                                   l.aircraft->watched_because.empty()))
        return false;
      if (watched && l.aircraft->watched_because.empty() == *watched) return false;
      if (!op.empty() && l.aircraft->operator_key() != op) return false;
      if (!base.empty() && (!l.itinerary || l.itinerary->base != base)) return false;
      if ((!country.empty() || !airport.empty()) &&
          !roles::leg_touches(r, l.roled ? l.roled->origin_guess : nullptr,
                              l.roled ? l.roled->guess : nullptr, airport, country))
        return false;
      return true;
    };
    const auto page =
        page_of(legs.size(), start, limit, [&](std::size_t i) { return keep(legs[i]); });
    Json out = Json::array();
    for (const auto i : page.items) out.push_back(leg_json(legs[i]));
    // The cursor is the last leg given: the next page starts after it.
    const Json next = page.more ? Json(std::to_string(legs[page.items.back()].record->id)) : Json();
    return json(
        {{"total", page.total}, {"limit", limit}, {"next_cursor", next}, {"legs", std::move(out)}});
  }

  const LegRef& find_leg(const std::string& id_text) const {
    long long id = 0;
    const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0)
      refuse(400, "a leg id is a positive whole number (the leg_id of the report and flights)",
             "id");
    const auto it = leg_at.find(id);
    if (it == leg_at.end()) refuse(404, fmt::format("no leg {} in the database", id), "id");
    return legs[it->second];
  }

  // An end as the leg page shows it: where, how it is known, the guess.
  Json end_json(const LegEnd& e, const std::string& country, const roles::StopGuess* g,
                bool takeoff) const {
    Json j = {{"airport", e.airport.empty() ? Json() : Json(e.airport)},
              {"country", country.empty() ? Json() : Json(country)},
              {"how", end_how_name(e.how)},
              {"evidence", end_evidence_name(e.evidence)},
              {"observed", e.observed()},
              {"time", e.observed() ? time_json(e.time) : Json()},
              {"seen", time_json(e.sighting())},
              {"window", e.window ? Json::array({output::iso_seconds(e.window->first),
                                                 output::iso_seconds(e.window->second)})
                                  : Json()},
              {"why", report::end_reason(e, takeoff)},
              {"place", airport_json(e.airport)},
              {"guess", g ? guess_with_places(*g) : Json()}};
    return j;
  }

  Response leg(const Request& req, const std::string& id_text) {
    Params p(req, {});
    const auto& l = find_leg(id_text);
    const auto& r = *l.record;
    std::optional<report::LegEvidence> e;
    std::optional<LegRecord> stored;
    {
      Connection db(*this);
      e = report::leg_evidence(*db, r.id);
      stored = db->leg(r.id);
    }
    Json ev = e ? report::evidence_summary_json(*e) : Json();
    if (e) {
      ev["positions_listed"] = e->positions.size();
      ev["positions_url"] = fmt::format("/api/legs/{}/positions?format=csv", r.id);
    }
    Json track = Json::array();
    if (stored)
      for (const auto& t : stored->track)
        track.push_back({t.lon, t.lat, t.alt, output::iso_seconds(t.t)});
    return json({{"leg", leg_json(l)},
                 {"aircraft", brief_aircraft(*l.aircraft)},
                 {"itinerary_id",
                  l.itinerary ? Json(itineraries[itinerary_of.at(l.itinerary)].id) : Json()},
                 {"ends",
                  {{"origin", end_json(r.leg.origin, r.origin_country,
                                       l.roled ? l.roled->origin_guess : nullptr, true)},
                   {"destination", end_json(r.leg.destination, r.destination_country,
                                            l.roled ? l.roled->guess : nullptr, false)}}},
                 {"evidence", std::move(ev)},
                 {"track", std::move(track)}});
  }

  Response positions(const Request& req, const std::string& id_text) {
    Params p(req, {"format"});
    const auto& l = find_leg(id_text);
    const std::string format = p.text("format").empty() ? "csv" : p.text("format");
    if (format != "csv" && format != "geojson")
      refuse(400, "'format' must be csv or geojson", "format");
    std::optional<report::LegEvidence> e;
    {
      Connection db(*this);
      e = report::leg_evidence(*db, l.record->id);
    }
    if (!e) refuse(404, "the leg's positions are not in the database", "id");
    Response out;
    const std::string stem = fmt::format("leg-{}", l.record->id);
    if (format == "csv") {
      out.content_type = "text/csv; charset=utf-8";
      out.body = report::evidence_csv(*e);
      out.filename = stem + ".csv";
    } else {
      out.content_type = "application/geo+json";
      out.body = report::evidence_geojson(*e);
      out.filename = stem + ".geojson";
    }
    return out;
  }

  Response itinerary_list(const Request& req) {
    Params p(req, {"aircraft", "country", "from", "to", "limit", "cursor"});
    const AircraftHistory* only = nullptr;
    if (const auto q = p.text("aircraft"); !q.empty()) only = find_aircraft(q, "aircraft");
    const std::string country =
        p.text("country").empty() ? "" : check_country(p.text("country"), "country");
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const auto range = period(p);
    const auto from = range.first, to = range.second;
    const auto limit = page_limit(p);
    std::size_t start = 0;
    if (const auto c = p.text("cursor"); !c.empty()) {
      const auto at = itinerary_at.find(c);
      if (at == itinerary_at.end()) refuse(400, "'cursor' is not one this API gave", "cursor");
      start = at->second + 1;
    }
    const auto page = page_of(itineraries.size(), start, limit, [&](std::size_t i) {
      const auto& r = itineraries[i];
      if (only && r.aircraft != only) return false;
      if ((from && r.end < *from) || (to && r.start >= *to)) return false;
      return country.empty() ||
             std::find(r.countries.begin(), r.countries.end(), country) != r.countries.end();
    });
    Json out = Json::array();
    for (const auto i : page.items) out.push_back(itinerary_summary(itineraries[i]));
    const Json next = page.more ? Json(itineraries[page.items.back()].id) : Json();
    return json({{"total", page.total},
                 {"limit", limit},
                 {"next_cursor", next},
                 {"itineraries", std::move(out)}});
  }

  Response itinerary(const Request& req, const std::string& id) {
    Params p(req, {});
    const auto at = itinerary_at.find(id);
    if (at == itinerary_at.end())
      refuse(404,
             fmt::format("no itinerary '{}' (an id is the address and the first takeoff's "
                         "minute, a8f007-2024-03-29T14:05Z)",
                         id.substr(0, 40)),
             "id");
    const auto& ref = itineraries[at->second];
    const auto& it = *ref.itinerary;
    Json j = report::itinerary_json(it, *ref.aircraft);
    std::map<std::int64_t, std::vector<TrackPoint>> tracks;
    {
      Connection db(*this);
      store::LegQuery q;
      q.icao = it.icao;
      q.from = ref.start - 1;
      q.to = ref.end + 1;
      q.with_track = true;
      for (auto& l : db->legs(q)) tracks[l.id] = std::move(l.track);
    }
    std::set<std::string> codes;
    auto& legs_json = j["legs"];
    for (std::size_t i = 0; i < it.legs.size() && i < legs_json.size(); ++i) {
      const auto& r = it.legs[i];
      auto& lj = legs_json[i];
      lj["leg_id"] = r.leg.id;
      Json track = Json::array();
      const auto& t = tracks[r.leg.id];
      for (const auto& pt : t) track.push_back({pt.lon, pt.lat});
      // Dashed: from an end not observed to its airport or each candidate.
      Json inferred = Json::array();
      auto dash = [&](const LegEnd& e, const roles::StopGuess* g, const TrackPoint* at_track,
                      bool takeoff) {
        if (e.observed() || !at_track) return;
        const Json seen = {at_track->lon, at_track->lat};
        auto add = [&](const std::string& code, double share) {
          const auto* ap = a.airports->find(code);
          if (!ap) return;
          codes.insert(code);
          const Json place = {ap->pos.lon, ap->pos.lat};
          inferred.push_back(
              {{"end", takeoff ? "origin" : "destination"},
               {"airport", code},
               {"share", share},
               {"line", takeoff ? Json::array({place, seen}) : Json::array({seen, place})}});
        };
        if (!e.airport.empty())
          add(e.airport, 1.0);
        else if (g)
          for (const auto& c : g->candidates) add(c.airport, std::round(c.share * 1000) / 1000);
      };
      dash(r.leg.leg.origin, r.origin_guess, t.empty() ? nullptr : &t.front(), true);
      dash(r.leg.leg.destination, r.guess, t.empty() ? nullptr : &t.back(), false);
      lj["track"] = std::move(track);
      lj["inferred"] = std::move(inferred);
      lj["origin_guess"] = r.origin_guess ? guess_with_places(*r.origin_guess) : Json();
      if (r.guess) lj["guess"] = guess_with_places(*r.guess);
      lj["origin_why"] = report::end_reason(r.leg.leg.origin, true);
      lj["destination_why"] = report::end_reason(r.leg.leg.destination, false);
      for (const auto* code : {&r.leg.leg.origin.airport, &r.leg.leg.destination.airport})
        if (!code->empty()) codes.insert(*code);
    }
    Json airports = Json::object();
    for (const auto& c : codes) airports[c] = airport_json(c);
    // Related: the aircraft's itineraries before and after, and others to the same countries.
    Json same_aircraft = Json::array(), same_country = Json::array();
    for (const auto& other : ref.aircraft->itineraries)
      if (&other != &it && !other.legs.empty())
        same_aircraft.push_back(itineraries[itinerary_of.at(&other)].id);
    std::vector<std::pair<double, std::size_t>> near;
    for (std::size_t i = 0; i < itineraries.size(); ++i) {
      const auto& o = itineraries[i];
      if (i == at->second || o.aircraft->watched_because.empty()) continue;
      for (const auto& cc : o.countries)
        if (std::find(ref.countries.begin(), ref.countries.end(), cc) != ref.countries.end()) {
          near.emplace_back(std::abs(o.start - ref.start), i);
          break;
        }
    }
    std::sort(near.begin(), near.end());
    for (std::size_t i = 0; i < near.size() && i < 20; ++i)
      same_country.push_back(itineraries[near[i].second].id);
    Json out = {{"id", ref.id}};
    for (auto& [k, v] : j.items()) out[k] = v;
    out["start"] = time_json(ref.start);
    out["end"] = time_json(ref.end);
    out["countries"] = ref.countries;
    out["airports"] = std::move(airports);
    out["related"] = {{"same_aircraft", std::move(same_aircraft)},
                      {"same_country", std::move(same_country)}};
    return json(out);
  }

  Response search(const Request& req) {
    Params p(req, {"q"});
    std::string q = p.text("q");
    if (q.empty())
      refuse(400, "'q' is required: a registration, address, callsign or airport", "q");
    if (q.size() > limits.max_query)
      refuse(400, fmt::format("'q' may be at most {} characters", limits.max_query), "q");
    const std::string up = upper(q);
    Json results = Json::array();
    auto add = [&](std::string kind, std::string label, std::string url) {
      if (results.size() < limits.max_search)
        results.push_back(
            {{"kind", std::move(kind)}, {"label", std::move(label)}, {"url", std::move(url)}});
    };
    std::set<std::string> callsigns;
    for (const auto& h : a.fleet.aircraft) {
      const auto& r = h.who.record;
      const std::string hex = fmt::format("{:06x}", h.icao);
      if (upper(hex).find(up) != std::string::npos ||
          upper(r.registration).find(up) != std::string::npos)
        add("aircraft",
            fmt::format("{} ({}{}{})", r.registration.empty() ? hex : r.registration, hex,
                        r.type.empty() ? "" : ", ", r.type),
            "/aircraft/" + hex);
    }
    for (const auto& l : legs)
      if (!l.record->leg.callsign.empty() &&
          upper(l.record->leg.callsign).find(up) != std::string::npos &&
          callsigns.insert(l.record->leg.callsign).second) {
        const auto& h = *l.aircraft;
        add("callsign",
            fmt::format("{} ({})", l.record->leg.callsign,
                        h.who.record.registration.empty() ? fmt::format("{:06x}", h.icao)
                                                          : h.who.record.registration),
            fmt::format("/aircraft/{:06x}", h.icao));
      }
    if (up.size() == 2 && a.names->contains(up))
      add("country", fmt::format("{} ({})", a.names->name(up), up), "/country/" + up);
    else if (up.size() >= 3)
      for (const auto& [cc, n] : countries_named(up))
        add("country", fmt::format("{} ({})", n, cc), "/country/" + cc);
    if (const auto* ap = up.size() >= 3 ? a.airports->find(up) : nullptr)
      add("airport", fmt::format("{} {} ({})", ap->ident, ap->name, ap->country),
          "/legs?airport=" + ap->ident);
    return json({{"q", q}, {"results", std::move(results)}});
  }

  // Countries flown to whose name holds `up`.
  std::vector<std::pair<std::string, std::string>> countries_named(const std::string& up) const {
    std::set<std::string> seen;
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : a.removals)
      if (seen.insert(r.country).second &&
          upper(a.names->name(r.country)).find(up) != std::string::npos)
        out.emplace_back(r.country, a.names->name(r.country));
    return out;
  }

  static Response json(const Json& j) {
    return {200, "application/json", output::json_text(j, 1) + "\n", {}};
  }

  // An answer to `request`, and whether it may be kept (not a failure to read).
  std::pair<std::shared_ptr<Response>, bool> make(const Request& request);

  Response route(const Request& req) {
    std::vector<std::string> parts;
    std::string_view path = req.path;
    if (!path.starts_with("/api/")) refuse(404, "not an API path", "");
    path.remove_prefix(5);
    while (!path.empty()) {
      const auto slash = path.find('/');
      parts.emplace_back(path.substr(0, slash));
      if (slash == std::string_view::npos) break;
      path.remove_prefix(slash + 1);
    }
    const auto n = parts.size();
    const std::string first = n ? parts[0] : "";
    if (n == 1 && first == "openapi.json") {
      Params p(req, {});
      return {200, "application/json", std::string(openapi_json()), {}};
    }
    if (n == 1 && first == "overview") {
      Params p(req, {});
      return overview();
    }
    if (n == 3 && first == "months" && parts[2] == "report") return month(req, parts[1]);
    if (n == 3 && first == "countries" && parts[2] == "timeline") return timeline(req, parts[1]);
    if (n == 2 && first == "aircraft") return aircraft_page(req, parts[1]);
    if (n == 1 && first == "legs") return leg_list(req);
    if (n == 2 && first == "legs") return leg(req, parts[1]);
    if (n == 3 && first == "legs" && parts[2] == "positions") return positions(req, parts[1]);
    if (n == 1 && first == "itineraries") return itinerary_list(req);
    if (n == 2 && first == "itineraries") return itinerary(req, parts[1]);
    if (n == 1 && first == "search") return search(req);
    if (n == 1 && first == "alerts") return alert_list(req);
    if (n == 2 && first == "alerts" && parts[1] == "stream")
      refuse(404,
             "the alerts' event stream (text/event-stream) is served over HTTP by `skywitness "
             "serve`; /api/alerts gives the same alerts as JSON",
             "");
    refuse(404, "no such endpoint (see /api/openapi.json)", "");
  }
};

Api::Api(analysis::Analysis analysis, ApiLimits limits)
    : impl_(std::make_unique<Impl>(std::move(analysis), limits)) {}

Api::~Api() = default;

std::string Api::summary() const {
  return fmt::format("{} aircraft, {} legs, {} itineraries", impl_->a.fleet.aircraft.size(),
                     impl_->legs.size(), impl_->itineraries.size());
}

Response Api::handle(const Request& request) {
  return *answer(request);
}

std::vector<store::AlertRecord> Api::alerts(std::int64_t after, std::size_t limit) {
  Impl::Connection db(*impl_);
  return db->alerts(after, limit);
}

std::string Api::alert_json(const store::AlertRecord& alert) {
  return alert_object(alert).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::pair<std::shared_ptr<Response>, bool> Api::Impl::make(const Request& request) {
  auto out = std::make_shared<Response>();
  bool keep = true;
  try {
    *out = route(request);
  } catch (const Refusal& r) {
    Json j = {{"error", r.message},
              {"parameter", r.parameter.empty() ? Json() : Json(r.parameter)}};
    *out = {r.status, "application/json", output::json_text(j) + "\n", {}};
  } catch (const std::exception& e) {
    // A store that cannot be read (a damaged file): the server's fault, said so.
    Json j = {{"error", fmt::format("cannot answer: {}", e.what())}, {"parameter", Json()}};
    *out = {500, "application/json", output::json_text(j) + "\n", {}};
    keep = false;  // asked again, it is tried again
  } catch (...) {
    *out = {500, "application/json", "{\"error\":\"cannot answer\",\"parameter\":null}\n", {}};
    keep = false;
  }
  return {std::move(out), keep};
}

std::shared_ptr<const Response> Api::answer(const Request& request) {
  auto& impl = *impl_;
  // The alerts change while serve runs (`live` records them): made afresh
  // at each request, never kept.
  if (fresh(request.path)) return impl.make(request).first;
  // The other answers depend on the request alone (the analysis is loaded
  // once), so each is kept for the next asker while the cache has room, and
  // made once however many ask for it at the same time.
  std::string key = request.path;
  for (const auto& [k, v] : request.params) key += fmt::format("\n{}={}", k, v);
  std::promise<std::shared_ptr<const Response>> promise;
  {
    std::unique_lock lock(impl.cache_mutex);
    if (const auto it = impl.cache.find(key); it != impl.cache.end()) return it->second;
    if (const auto it = impl.making.find(key); it != impl.making.end()) {
      auto pending = it->second;
      lock.unlock();
      return pending.get();
    }
    impl.making.emplace(key, promise.get_future().share());
  }
  auto [out, keep] = impl.make(request);
  std::shared_ptr<const Response> done = std::move(out);
  std::unique_lock lock(impl.cache_mutex);
  const std::size_t size = key.size() + done->body.size();
  if (keep && impl.cache_bytes + size <= impl.limits.cache_bytes &&
      impl.cache.emplace(key, done).second)
    impl.cache_bytes += size;
  impl.making.erase(key);
  promise.set_value(done);
  return done;
}

}  // namespace skywitness::serve
