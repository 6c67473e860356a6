// The monthly report and the country timelines against the simulator's ground
// truth, and watchlists, discovery and CBP encounters on their own.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "skywitness/analysis/fleet.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/encounters/cbp.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/report/monthly.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/report/timeline.hpp"
#include "skywitness/sim/evaluate.hpp"
#include "skywitness/watchlist/discover.hpp"
#include "test_util.hpp"

#ifndef SKYWITNESS_TEST_DATA
#error "SKYWITNESS_TEST_DATA must name tests/data"
#endif

namespace skywitness::report {
namespace {

template <typename T>
const T& loaded(std::optional<T> (*load)(std::string&)) {
  static const T value = [&] {
    std::string error;
    auto v = load(error);
    if (!v) ADD_FAILURE() << error;
    return v ? *v : T{};
  }();
  return value;
}

const roles::Profile& profile() {
  return loaded(&roles::load_default_profile);
}
const registry::SeatTable& seats() {
  return loaded(&registry::SeatTable::load_bundled);
}
const geo::CountryNames& names() {
  return loaded(&geo::CountryNames::load_bundled);
}

watchlist::Watchlist parse_watchlist(const std::string& text) {
  CountingReporter errors(1);
  auto w = watchlist::Watchlist::parse(text, errors);
  EXPECT_EQ(errors.count(), 0u) << errors.kept().front().to_string();
  return w;
}

// What the truth says one month should hold: removals (the countries the
// scenario names for each planned trip) by country, operator and hub, with
// seats.
struct TruthCounts {
  std::map<std::string, int> country, op, hub;
  std::map<std::string, long> country_seats;
  int removals = 0;
  long seats = 0;
};

TruthCounts truth_for(const sim::Plan& plan, const std::string& month,
                      const std::set<std::string>& registrations) {
  TruthCounts t;
  std::string error;
  const auto removals = sim::true_removals(plan, error);
  EXPECT_TRUE(removals) << error;
  if (!removals) return t;
  for (const auto& removal : *removals) {
    const auto& leg = plan.legs[removal.leg];
    const auto& a = plan.aircraft[leg.aircraft];
    if (!registrations.contains(a.registration) || month_of(leg.landing) != month) continue;
    const int s = seats().find(a.type)->seats;
    ++t.removals;
    t.seats += s;
    ++t.country[removal.country];
    t.country_seats[removal.country] += s;
    ++t.op[a.callsign_prefix.empty() ? "unknown" : a.callsign_prefix];
    const auto& trip = plan.itineraries[static_cast<std::size_t>(leg.itinerary)];
    ++t.hub[plan.legs[trip.legs.front()].origin];
  }
  return t;
}

// The landings of the truth's removals to one country, in time order.
std::vector<double> true_landings(const sim::Plan& plan, const std::string& country) {
  std::string error;
  const auto removals = sim::true_removals(plan, error);
  EXPECT_TRUE(removals) << error;
  std::vector<double> out;
  if (removals)
    for (const auto& r : *removals)
      if (r.country == country) out.push_back(plan.legs[r.leg].landing);
  std::sort(out.begin(), out.end());
  return out;
}

// Calendar months from one "YYYY-MM" to another, both counted.
int months_spanned(const std::string& from, const std::string& to) {
  return (std::stoi(to.substr(0, 4)) - std::stoi(from.substr(0, 4))) * 12 +
         std::stoi(to.substr(5, 2)) - std::stoi(from.substr(5, 2)) + 1;
}

std::map<std::string, int> legs_of(const std::vector<Row>& rows) {
  std::map<std::string, int> out;
  for (const auto& r : rows)
    if (r.month.legs) out[r.key] = r.month.legs;
  return out;
}

struct Seed {
  std::unique_ptr<test::IngestedScenario> sim;
  Fleet fleet;
  std::vector<RemovalLeg> removals;
};

const std::string kFleetWatchlist =
    "# the seed scenario's fleet, by registration\n"
    "registration N801SK\nregistration N802SK\nregistration N803SK\nregistration N804SK\n"
    "registration N805SK\nregistration N806SK\nregistration N807SK  # the Gulfstream\n";

Seed& seed() {
  static Seed s = [] {
    Seed out;
    out.sim = test::simulate_and_ingest("seed-2024-03", "report");
    static const auto w = parse_watchlist(kFleetWatchlist);
    out.fleet =
        analysis::load_fleet(*out.sim->db, profile(), test::bundled_airports(), seats(), &w);
    out.removals = counted_removals(out.fleet);
    return out;
  }();
  return s;
}

const std::set<std::string> kFleet = {"N801SK", "N802SK", "N803SK", "N804SK",
                                      "N805SK", "N806SK", "N807SK"};

MonthlyReport report_for(const Seed& s, const std::string& month) {
  ReportOptions opt;
  opt.month = month;
  opt.profile_name = profile().name;
  opt.watchlist_name = "fleet.txt";
  return build_report(s.fleet, s.removals, profile(), names(), {}, opt);
}

// Every count of the report equals the ground truth, month by month.
TEST(Report, CountsEqualTheTruth) {
  auto& s = seed();
  for (const std::string month : {"2024-01", "2024-02", "2024-03"}) {
    SCOPED_TRACE(month);
    const auto truth = truth_for(s.sim->plan, month, kFleet);
    const auto r = report_for(s, month);
    ASSERT_GT(truth.removals, 0);
    EXPECT_EQ(r.removals.legs, truth.removals);
    EXPECT_EQ(r.removals.seats, truth.seats);
    EXPECT_EQ(r.removals.seats_unknown, 0);
    EXPECT_EQ(legs_of(r.by_country), truth.country);
    EXPECT_EQ(legs_of(r.by_operator), truth.op);
    EXPECT_EQ(legs_of(r.by_hub), truth.hub);
    for (const auto& row : r.by_country)
      if (row.month.legs) EXPECT_EQ(row.month.seats, truth.country_seats.at(row.key)) << row.key;
    EXPECT_EQ(r.removal_legs.size(), static_cast<std::size_t>(truth.removals));
    // Roles: the removal rows agree, and every leg landing this month has one.
    int planned = 0;
    for (const auto& leg : s.sim->plan.legs) planned += month_of(leg.landing) == month ? 1 : 0;
    int roled = 0;
    for (const auto& row : r.by_role) roled += row.month.legs;
    EXPECT_EQ(roled, planned);
    EXPECT_EQ(legs_of(r.by_role).at("removal"), truth.removals);  // no further removals here
    EXPECT_EQ(r.legs_unknown_end, 0u);
  }
  // March: China once, from Mesa, 14 seats, and the baseline is January and
  // February (the fleet flew in no other month of the six before).
  const auto march = report_for(s, "2024-03");
  EXPECT_EQ(legs_of(march.by_country).at("CN"), 1);
  EXPECT_EQ(march.baseline, (std::vector<std::string>{"2024-01", "2024-02"}));
  const auto jan = truth_for(s.sim->plan, "2024-01", kFleet);
  const auto feb = truth_for(s.sim->plan, "2024-02", kFleet);
  EXPECT_DOUBLE_EQ(march.baseline_removals, (jan.removals + feb.removals) / 2.0);
}

// The JSON report holds, per destination country, the removal legs and the
// seats upper bound; the CSV totals say the same.
TEST(Report, JsonAndCsvCarryThePerCountryCounts) {
  auto& s = seed();
  const auto r = report_for(s, "2024-03");
  const auto truth = truth_for(s.sim->plan, "2024-03", kFleet);
  std::vector<CountryTimeline> timelines;
  const auto j = nlohmann::json::parse(render_json(r, timelines, names()));
  EXPECT_EQ(j["month"], "2024-03");
  EXPECT_EQ(j["removals"]["legs"], truth.removals);
  ASSERT_EQ(j["countries"].size(), truth.country.size());
  for (const auto& [cc, n] : truth.country) {
    EXPECT_EQ(j["countries"][cc]["legs"], n) << cc;
    EXPECT_EQ(j["countries"][cc]["seats_typical"], truth.country_seats.at(cc)) << cc;
    // The upper bound is the types' largest layouts: never below the typical.
    EXPECT_GE(j["countries"][cc]["seats_max"].get<long>(), truth.country_seats.at(cc)) << cc;
  }
  EXPECT_EQ(j["countries"]["CN"]["label"], "China");
  EXPECT_EQ(j["removal_legs"].size(), static_cast<std::size_t>(truth.removals));
  const auto csv = render_csv_totals(r);
  EXPECT_NE(csv.find(fmt::format("country,CN,China,{},{},0,0,", truth.country.at("CN"),
                                 truth.country_seats.at("CN"))),
            std::string::npos)
      << csv;
  // One CSV line per removal leg, plus the header.
  const auto legs = render_csv_legs(r);
  EXPECT_EQ(std::count(legs.begin(), legs.end(), '\n'), truth.removals + 1);
}

// The Markdown and HTML say the same numbers and hold the charts; the map
// exports hold every leg of the month with its role.
TEST(Report, DocumentsChartsAndMaps) {
  auto& s = seed();
  const auto r = report_for(s, "2024-03");
  std::vector<CountryTimeline> timelines = {build_timeline(s.removals, "CN", s.fleet.coverage)};
  const auto doc = report_document(r, timelines, names());
  const auto md = to_markdown(doc);
  const auto html = to_html(doc, "March");
  const auto truth = truth_for(s.sim->plan, "2024-03", kFleet);
  const int cn = truth.country.at("CN");
  EXPECT_NE(md.find("# Removal flights, March 2024"), std::string::npos);
  EXPECT_NE(md.find(fmt::format("| CN China | {} | {} | ", cn, truth.country_seats.at("CN"))),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("![Removal flights by destination country](chart-countries.svg)"),
            std::string::npos);
  const auto china = true_landings(s.sim->plan, "CN");
  ASSERT_FALSE(china.empty());
  // The data hold no months between July 2022 and January 2024: the report
  // says the flight is the first seen since, never that flights resumed.
  EXPECT_NE(md.find("first flight to CN seen since 2022-07-"), std::string::npos) << md;
  EXPECT_NE(md.find("on " + format_iso8601(china.back()).substr(0, 10)), std::string::npos);
  EXPECT_EQ(md.find("resumed"), std::string::npos);
  EXPECT_NE(html.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(html.find(fmt::format("<td>CN China</td><td class=\"n\">{}</td>", cn)),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  int svgs = 0;
  for (const auto& b : doc) svgs += b.kind == Block::Kind::kChart ? 1 : 0;
  EXPECT_EQ(svgs, 2);  // the countries and China's months

  const auto legs = legs_for_export(*s.sim->db, s.fleet, r.from, r.to);
  int planned = 0;
  for (const auto& leg : s.sim->plan.legs)
    planned += leg.landing >= r.from && leg.takeoff < r.to ? 1 : 0;
  EXPECT_EQ(static_cast<int>(legs.size()), planned);
  const auto geo = nlohmann::json::parse(legs_geojson(legs));
  ASSERT_EQ(geo["features"].size(), legs.size());
  int counted = 0;
  for (const auto& f : geo["features"]) {
    EXPECT_GE(f["geometry"]["coordinates"].size(), 2u);
    counted += f["properties"]["counted"].get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(counted, r.removals.legs);
  const auto kml = legs_kml(legs, "March");
  std::size_t placemarks = 0;
  for (auto at = kml.find("<Placemark>"); at != std::string::npos;
       at = kml.find("<Placemark>", at + 1))
    ++placemarks;
  EXPECT_EQ(placemarks, legs.size());
}

// "When did China start accepting flights again?" The scenario's data hold
// July 2022 and January to April 2024 only: the flight of 30 March 2024 is
// the first seen since July 2022, and whether none flew between is not known
// (issue 16). Over data that cover the whole time, it is a resumption after
// the days since the truth's July 2022 removal.
TEST(Timeline, ChinaSeenAgainInMarch2024AndResumedOnlyOverCoveredTime) {
  auto& s = seed();
  const auto& plan = s.sim->plan;
  const auto t = build_timeline(s.removals, "CN", s.fleet.coverage);
  const auto china = true_landings(plan, "CN");  // July 2022 and March 2024
  ASSERT_EQ(china.size(), 2u);
  auto day = [](double x) { return format_iso8601(x).substr(0, 10); };
  ASSERT_EQ(t.flights, static_cast<int>(china.size()));
  EXPECT_EQ(day(t.first), day(china.front()));
  EXPECT_EQ(day(t.last), day(china.back()));
  EXPECT_EQ(day(t.last), "2024-03-30");
  EXPECT_EQ(t.seats, static_cast<int>(china.size()) * seats().find("GLF5")->seats);
  ASSERT_EQ(t.events.size(), 2u);
  EXPECT_EQ(t.events[0].kind, TimelineEvent::Kind::kFirst);
  EXPECT_EQ(t.events[1].kind, TimelineEvent::Kind::kSeenAgain);
  EXPECT_EQ(day(t.events[1].time), day(china.back()));
  EXPECT_LT(t.events[1].covered_days, t.events[1].days / 2);
  EXPECT_NE(t.events[1].text.find("no data from 2022-07-"), std::string::npos) << t.events[1].text;
  EXPECT_EQ(t.events[1].text.find("resumed"), std::string::npos) << t.events[1].text;
  // Every month from the first flight to the end of the data (the last
  // planned on-block), one after the other; those without data say so.
  double end = 0;
  for (const auto& l : plan.legs) end = std::max(end, l.on_block);
  EXPECT_EQ(t.months.front().month, month_of(china.front()));
  EXPECT_EQ(t.months.back().month, month_of(end));
  EXPECT_EQ(static_cast<int>(t.months.size()),
            months_spanned(month_of(china.front()), month_of(end)));
  std::set<std::string> months_with_data;
  for (const auto& l : plan.legs) months_with_data.insert(month_of(l.takeoff));
  for (std::size_t i = 0; i < t.months.size(); ++i) {
    if (i > 0)
      EXPECT_EQ(months_spanned(t.months[i - 1].month, t.months[i].month), 2) << t.months[i].month;
    EXPECT_EQ(t.months[i].coverage != Coverage::kNone, months_with_data.contains(t.months[i].month))
        << t.months[i].month;
  }
  EXPECT_EQ(t.months[1].coverage, Coverage::kNone) << t.months[1].month;  // 2022-08
  int sum = 0;
  for (const auto& m : t.months) sum += m.flights;
  EXPECT_EQ(sum, t.flights);

  const auto covered = build_timeline(s.removals, "CN", test::covered_until(end));
  ASSERT_EQ(covered.events.size(), 2u);
  EXPECT_EQ(covered.events[1].kind, TimelineEvent::Kind::kResumed);
  EXPECT_NEAR(covered.events[1].days, (china.back() - china.front()) / 86400, 1);
  EXPECT_NEAR(covered.events[1].covered_days, covered.events[1].days, 0.01);
}

// A country whose flights stop: no flight for far longer than its usual
// interval gives a stopped event; a short quiet spell gives none.
TEST(Timeline, StoppedAndResumedEvents) {
  AircraftHistory h;
  h.icao = 1;
  h.seats = 180;
  roles::Itinerary it;
  roles::RoledLeg leg;
  std::vector<RemovalLeg> removals;
  const double day = 86400, t0 = *parse_iso8601("2024-01-01");
  // Weekly flights for ten weeks, a 120-day pause, four more weekly flights.
  std::vector<double> times;
  for (int i = 0; i < 10; ++i) times.push_back(t0 + i * 7 * day);
  for (int i = 0; i < 4; ++i) times.push_back(t0 + (63 + 120 + i * 7) * day);
  for (const double t : times) {
    RemovalLeg r;
    r.aircraft = &h;
    r.itinerary = &it;
    r.leg = &leg;
    r.country = "GT";
    r.time = t;
    removals.push_back(r);
  }
  const double last = times.back();
  // The data goes on 60 days after the last flight: 60 > 4 x 7 days.
  auto t = build_timeline(removals, "GT", test::covered_until(last + 60 * day));
  ASSERT_EQ(t.events.size(), 3u);
  EXPECT_EQ(t.events[1].kind, TimelineEvent::Kind::kResumed);
  EXPECT_NEAR(t.events[1].days, 120, 1e-6);
  EXPECT_EQ(t.events[2].kind, TimelineEvent::Kind::kStopped);
  EXPECT_NEAR(t.events[2].days, 60, 1e-6);
  EXPECT_DOUBLE_EQ(*t.usual_interval_days, 7);
  EXPECT_EQ(t.seats, 14 * 180);
  // Only 20 days after the last flight: not stopped yet (30 days at least).
  t = build_timeline(removals, "GT", test::covered_until(last + 20 * day));
  EXPECT_EQ(t.events.back().kind, TimelineEvent::Kind::kResumed);
  // A pause shorter than --resume-after is no resumption.
  TimelineOptions longer;
  longer.resume_after_days = 150;
  t = build_timeline(removals, "GT", test::covered_until(last), {}, longer);
  ASSERT_EQ(t.events.size(), 1u);
  // Encounters go beside the flights of their month.
  t = build_timeline(removals, "GT", test::covered_until(last),
                     {{"2024-01", 1234}, {"2023-12", 99}});
  EXPECT_EQ(t.months.front().month, "2023-12");
  EXPECT_EQ(*t.months.front().encounters, 99u);
  EXPECT_EQ(t.months[1].flights, 5);
  EXPECT_EQ(*t.months[1].encounters, 1234u);
}

// In the hole variant the Shenyang landing is unseen: China is still counted
// once in March, marked inferred, and a caveat says so.
TEST(Report, TheHoleVariantCountsChinaAsInferred) {
  const auto hole = test::simulate_and_ingest("seed-2024-03-hole", "report");
  const auto w = parse_watchlist(kFleetWatchlist);
  const auto fleet =
      analysis::load_fleet(*hole->db, profile(), test::bundled_airports(), seats(), &w);
  const auto removals = counted_removals(fleet);
  ReportOptions opt;
  opt.month = "2024-03";
  opt.profile_name = profile().name;
  const auto r = build_report(fleet, removals, profile(), names(), {}, opt);
  const auto truth = truth_for(hole->plan, "2024-03", kFleet);
  EXPECT_EQ(legs_of(r.by_country), truth.country);
  // Inferred: the truth's removals whose landing fell in a hole; an
  // unobserved stop for every planned landing in a hole.
  std::string error;
  const auto named = sim::true_removals(hole->plan, error);
  ASSERT_TRUE(named) << error;
  std::map<std::string, int> in_hole;
  for (const auto& x : *named) {
    const auto& l = hole->plan.legs[x.leg];
    if (month_of(l.landing) == "2024-03" && !l.landing_hole.empty()) ++in_hole[x.country];
  }
  std::size_t landings_in_hole = 0;
  for (const auto& l : hole->plan.legs)
    landings_in_hole += month_of(l.landing) == "2024-03" && !l.landing_hole.empty();
  ASSERT_EQ(in_hole, (std::map<std::string, int>{{"CN", 1}}));  // the story's landing
  EXPECT_EQ(r.removals.inferred, in_hole.at("CN"));
  for (const auto& row : r.by_country)
    EXPECT_EQ(row.month.inferred, in_hole.contains(row.key) ? in_hole.at(row.key) : 0) << row.key;
  ASSERT_EQ(r.unobserved_stops, landings_in_hole);
  bool caveat = false;
  for (const auto& c : r.caveats) caveat = caveat || c.find("inferred") != std::string::npos;
  EXPECT_TRUE(caveat);
  for (const auto* x : r.removal_legs)
    if (x->country == "CN") {
      EXPECT_TRUE(x->inferred);
      EXPECT_EQ(x->destination, "ZYTX");
      EXPECT_NE(x->evidence.find("not seen"), std::string::npos);
    }
  // Issue 16, section 2: the landing was not seen, so it has no landing time
  // anywhere the report gives it, only the window the gap allows, which
  // holds the true landing. Before, the last sighting was the landing time.
  double true_landing = 0;
  for (const auto& l : hole->plan.legs)
    if (month_of(l.landing) == "2024-03" && !l.landing_hole.empty()) true_landing = l.landing;
  ASSERT_GT(true_landing, 0);
  const auto j = nlohmann::json::parse(render_json(r, {}, names()));
  std::size_t china = 0;
  for (const auto& x : j["removal_legs"]) {
    if (x["country"] != "CN") {
      EXPECT_TRUE(x["landing_time"].is_string());  // seen: as before
      EXPECT_FALSE(x.contains("last_seen"));
      continue;
    }
    ++china;
    EXPECT_TRUE(x["landing_time"].is_null());
    ASSERT_TRUE(x["landing_window"].is_array());
    EXPECT_LE(*parse_iso8601(x["landing_window"][0].get<std::string>()), true_landing);
    EXPECT_GE(*parse_iso8601(x["landing_window"][1].get<std::string>()), true_landing);
    EXPECT_LT(*parse_iso8601(x["last_seen"].get<std::string>()), true_landing);
    EXPECT_TRUE(x["takeoff_time"].is_string());  // Anchorage, seen
  }
  EXPECT_EQ(china, 1u);
  std::string line;
  const auto csv = render_csv_legs(r);
  for (std::size_t at = 0, end = 0; at < csv.size(); at = end + 1) {
    end = csv.find('\n', at);
    if (csv.substr(at, end - at).find(",ZYTX,") != std::string::npos)
      line = csv.substr(at, end - at);
  }
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.substr(0, 1), ",") << line;                      // no landing time
  EXPECT_NE(line.find("Z/2024-03-"), std::string::npos) << line;  // the window, last column
  // The table: the window, never the last sighting as a bare time.
  const auto md = to_markdown(report_document(r, {}, names()));
  for (const auto& x : r.removal_legs)
    if (x->country == "CN") {
      const auto& d = x->leg->leg.leg.destination;
      EXPECT_NE(md.find("| " + output::unobserved_time_text(d, true) + " |"), std::string::npos)
          << md;
      EXPECT_EQ(md.find("| " + format_iso8601(d.time).substr(0, 16) + "Z |"), std::string::npos);
    }
}

// Issue 10, case 2: without a watchlist, only the profile's removal
// operators and aircraft that fly like removal charters are counted, never
// the airliners flying their timetable from the hub cities. A day of
// airline traffic (tests/data/sim/airline-day.json) beside two charters.
TEST(Report, WithoutAWatchlistAirlinersFromTheHubCitiesAreNeverCounted) {
  const auto day =
      test::simulate_and_ingest(std::string(SKYWITNESS_TEST_DATA) + "/sim/airline-day.json", "day");
  const auto fleet =
      analysis::load_fleet(*day->db, profile(), test::bundled_airports(), seats(), nullptr);
  EXPECT_EQ(fleet.scope, Scope::kProfile);
  std::map<std::string, std::string> counted;  // registration -> kind
  for (const auto& h : fleet.aircraft)
    if (!h.watched_because.empty()) counted[h.facts.registration] = h.counted_as;
  EXPECT_EQ(counted,
            (std::map<std::string, std::string>{{"N508GX", "operator"}, {"N509QQ", "behaviour"}}));
  // The removals are exactly the two charters' trips, by the plan's airports.
  std::map<std::string, int> by_country;
  for (const auto& r : counted_removals(fleet)) {
    ++by_country[r.country];
    EXPECT_FALSE(r.aircraft->watched_because.empty());
  }
  // The truth, as the scenario states it: only the charters' trips remove.
  std::string error;
  const auto truth = sim::true_removals(day->plan, error);
  ASSERT_TRUE(truth) << error;
  std::map<std::string, int> true_by_country;
  for (const auto& r : *truth) ++true_by_country[r.country];
  EXPECT_EQ(by_country, true_by_country);
  EXPECT_EQ(true_by_country.size(), 2u);
  // Each says why in the report's JSON.
  ReportOptions opt;
  opt.month = "2024-03";
  opt.profile_name = profile().name;
  const auto removals = counted_removals(fleet);
  const auto rep = build_report(fleet, removals, profile(), names(), {}, opt);
  const auto j = nlohmann::json::parse(render_json(rep, {}, names()));
  ASSERT_EQ(j["removal_legs"].size(), truth->size());
  for (const auto& l : j["removal_legs"]) {
    EXPECT_TRUE(l["counted_as"] == "operator" || l["counted_as"] == "behaviour") << l.dump();
    EXPECT_FALSE(l["counted_because"].get<std::string>().empty());
  }
  EXPECT_NE(rep.scope.find("no watchlist"), std::string::npos);
  // --all-aircraft keeps the old count: every foreign landing of anyone.
  const auto all = analysis::load_fleet(*day->db, profile(), test::bundled_airports(), seats(),
                                        nullptr, {}, {}, true);
  EXPECT_GT(counted_removals(all).size(), 6u);
}

}  // namespace
}  // namespace skywitness::report

namespace skywitness::watchlist {
namespace {

TEST(Watchlist, ParsesEveryKindAndReportsBadLines) {
  CountingReporter reported(CountingReporter::kKeepAll);
  const auto w = Watchlist::parse(
      "# charters\n"
      "address A8F007   # the Gulfstream\n"
      "registration n802sk\n"
      "\n"
      "callsign gxa\n"
      "type GLF5\n"
      "address 12345\n"
      "colour red\n"
      "registration\n"
      "type TOOLONG\n",
      reported, "list.txt");
  const auto& errors = reported.kept();
  ASSERT_EQ(w.rules().size(), 4u);
  EXPECT_EQ(w.rules()[0].value, "a8f007");
  EXPECT_EQ(w.rules()[0].note, "the Gulfstream");
  EXPECT_EQ(w.rules()[1].value, "N802SK");
  EXPECT_EQ(w.rules()[2].kind, RuleKind::kCallsign);
  EXPECT_EQ(w.rules()[2].value, "GXA");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].where.line, 7u);
  EXPECT_NE(errors[0].message.find("24-bit address"), std::string::npos);
  EXPECT_EQ(errors[1].where.line, 8u);
  EXPECT_EQ(errors[1].to_string(),
            "list.txt:8: unknown kind 'colour' (address, registration, callsign or type)");
  EXPECT_EQ(errors[1].kind, ErrorKind::kUsage);
  EXPECT_EQ(errors[2].where.line, 9u);
  EXPECT_EQ(errors[3].where.line, 10u);
}

TEST(Watchlist, MatchesByAddressRegistrationCallsignPrefixAndType) {
  CountingReporter errors;
  const auto w = Watchlist::parse(
      "address a8f007\nregistration N802SK\ncallsign GXA\ntype B738\nregistration N899DN\n",
      errors);
  AircraftFacts a;
  a.icao = 0xa8f007;
  EXPECT_EQ(w.match(a)->line, 1u);
  a.icao = 0x123456;
  EXPECT_EQ(w.match(a), nullptr);
  a.registration = "n802sk";
  EXPECT_EQ(w.match(a)->line, 2u);
  a.registration = "N1";
  a.callsigns = {"AAL12", "GXA4021"};
  EXPECT_EQ(w.match(a)->line, 3u);
  EXPECT_EQ(describe_match(*w.match(a), a), "callsign prefix GXA (GXA4021), watchlist line 3");
  a.callsigns = {"AGXA1"};  // a prefix, not anywhere in the callsign
  EXPECT_EQ(w.match(a), nullptr);
  a.type = "b738";
  EXPECT_EQ(w.match(a)->line, 4u);
  // An N-number matches its assigned address when the feed carries no
  // registration (the real sample's N899DN is ac671b), but not an aircraft
  // registered otherwise.
  AircraftFacts b;
  b.icao = 0xac671b;
  EXPECT_EQ(w.match(b)->line, 5u);
  EXPECT_EQ(describe_match(*w.match(b), b),
            "registration N899DN (its assigned address), watchlist line 5");
  b.registration = "N12345";
  EXPECT_EQ(w.match(b), nullptr);
}

// An aircraft left off the list that flies the fleet's pattern comes first
// among the candidates; the watched aircraft are not candidates.
// The same callsign on the same route on two days is a timetable, and a
// charter flying one hub's shuttle shows nothing of the removal network.
TEST(Discover, TimetablesAndSingleHubShuttlesAreNotCountedByBehaviour) {
  std::string error;
  const auto profile = roles::load_default_profile(error);
  ASSERT_TRUE(profile) << error;
  const auto& airports = test::bundled_airports();
  auto leg = [&](const char* cs, const char* from, const char* to, const char* when) {
    LegRecord r;
    r.leg.icao = 0xa8f0f0;
    r.leg.callsign = cs;
    r.leg.origin = {from, {}, *parse_iso8601(when), EndHow::kObserved, EndEvidence::kGround};
    r.leg.destination = {
        to, {}, *parse_iso8601(when) + 3 * 3600, EndHow::kObserved, EndEvidence::kGround};
    r.origin_country = airports.find(from)->country;
    r.destination_country = airports.find(to)->country;
    return r;
  };
  AircraftFacts facts;
  facts.icao = 0xa8f0f0;
  auto decide = [&](const std::vector<LegRecord>& legs) {
    facts.callsigns.clear();
    for (const auto& l : legs) facts.callsigns.insert(l.leg.callsign);
    return counted_by_behaviour(facts, roles::build_itineraries(legs, *profile, airports),
                                *profile);
  };
  // Alexandria to Mesa, then Mesa - Guatemala City - Mesa: the network.
  const std::vector<LegRecord> network = {leg("QQX101", "KAEX", "KIWA", "2024-03-12T12:00:00Z"),
                                          leg("QQX102", "KIWA", "MGGT", "2024-03-12T17:00:00Z"),
                                          leg("QQX103", "MGGT", "KIWA", "2024-03-12T22:00:00Z")};
  EXPECT_TRUE(decide(network));
  // The same flights a week later under the same numbers: a timetable.
  auto twice = network;
  for (auto l : network) {
    l.leg.origin.time += 7 * 86400;
    l.leg.destination.time += 7 * 86400;
    twice.push_back(l);
  }
  EXPECT_FALSE(decide(twice));
  // Under a scheduled airline's designator: never.
  auto united = network;
  for (auto& l : united) l.leg.callsign = "UAL" + l.leg.callsign.substr(3);
  EXPECT_FALSE(decide(united));
  // Miami - Guatemala City - Miami, twice: one hub, nothing else.
  EXPECT_FALSE(decide({leg("XYZ1", "KMIA", "MGGT", "2024-03-12T12:00:00Z"),
                       leg("XYZ2", "MGGT", "KMIA", "2024-03-12T16:00:00Z"),
                       leg("XYZ3", "KMIA", "MGGT", "2024-03-13T12:00:00Z"),
                       leg("XYZ4", "MGGT", "KMIA", "2024-03-13T16:00:00Z")}));
}

TEST(Discover, FindsTheCharterLeftOffTheList) {
  auto& s = report::seed();
  CountingReporter errors;
  const auto w = Watchlist::parse(
      "registration N801SK\nregistration N802SK\nregistration N803SK\n"
      "registration N805SK\nregistration N806SK\nregistration N807SK\n",
      errors);
  std::vector<Candidate> found;
  for (const auto& h : s.fleet.aircraft) {
    if (w.match(h.facts)) continue;
    if (auto c = score_candidate(h.facts, h.itineraries, report::profile())) found.push_back(*c);
  }
  rank(found);
  ASSERT_EQ(found.size(), 1u);  // no background traffic in this simulation
  EXPECT_EQ(found[0].facts.registration, "N804SK");
  // The truth's removals of the aircraft left off, and their countries.
  int truth = 0;
  std::set<std::string> countries;
  std::string error;
  const auto removals = sim::true_removals(s.sim->plan, error);
  ASSERT_TRUE(removals) << error;
  for (const auto& r : *removals) {
    const auto& leg = s.sim->plan.legs[r.leg];
    if (s.sim->plan.aircraft[leg.aircraft].registration != "N804SK") continue;
    ++truth;
    countries.insert(r.country);
  }
  EXPECT_EQ(found[0].removals_from_hubs, truth);
  EXPECT_EQ(found[0].countries, countries);
  EXPECT_EQ(found[0].evidence.size(), 5u);
  EXPECT_NE(found[0].evidence[0].find("on a trip from the hub KMIA"), std::string::npos);
}

}  // namespace
}  // namespace skywitness::watchlist

namespace skywitness::encounters {
namespace {

const CitizenshipMap& citizenship() {
  static const CitizenshipMap m = [] {
    std::string error;
    auto loaded = CitizenshipMap::load_bundled(error);
    if (!loaded) ADD_FAILURE() << error;
    return loaded ? *loaded : CitizenshipMap{};
  }();
  return m;
}

TEST(Encounters, FiscalYearsBeginInOctober) {
  EXPECT_EQ(fiscal_to_calendar(2024, "OCT"), (std::pair{2023, 10}));
  EXPECT_EQ(fiscal_to_calendar(2024, "Dec"), (std::pair{2023, 12}));
  EXPECT_EQ(fiscal_to_calendar(2024, "JAN"), (std::pair{2024, 1}));
  EXPECT_EQ(fiscal_to_calendar(2024, "September"), (std::pair{2024, 9}));
  EXPECT_EQ(fiscal_to_calendar(2024, "SEPT"), (std::pair{2024, 9}));
  EXPECT_FALSE(fiscal_to_calendar(2024, "MARCHISH"));
}

TEST(Encounters, CitizenshipNamesMapToIsoCodes) {
  EXPECT_EQ(citizenship().find("CHINA, PEOPLES REPUBLIC OF"), "CN");
  EXPECT_EQ(citizenship().find("el salvador"), "SV");
  EXPECT_EQ(citizenship().find("MYANMAR (BURMA)"), "MM");
  EXPECT_EQ(citizenship().find("OTHER"), "");
}

struct Read {
  std::vector<EncounterCount> counts;
  CbpStats stats;
  std::vector<std::pair<std::uint64_t, std::string>> errors;
  bool ok = false;
};

Read read(const std::string& file) {
  Read r;
  FunctionReporter errors([&](const Error& e) { r.errors.emplace_back(e.where.line, e.message); });
  CbpReader reader(citizenship(), errors);
  r.ok = reader.read_file(std::string(SKYWITNESS_TEST_DATA) + "/encounters/" + file);
  r.counts = reader.counts();
  r.stats = reader.stats();
  return r;
}

std::uint64_t sum(const std::vector<EncounterCount>& counts, const std::string& month,
                  const std::string& country) {
  std::uint64_t n = 0;
  for (const auto& c : counts)
    if (c.month == month && c.country == country) n += c.encounters;
  return n;
}

TEST(Encounters, TitleCaseTable) {
  const auto r = read("cbp-title-case.csv");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.stats.rows, 12u);
  EXPECT_EQ(r.stats.bad_rows, 2u);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].first, 11u);
  EXPECT_NE(r.errors[0].second.find("'many'"), std::string::npos);
  EXPECT_EQ(r.errors[1].first, 12u);
  EXPECT_NE(r.errors[1].second.find("'MARCHISH'"), std::string::npos);
  // FY2024 October is October 2023; "1,204" is a number with a separator.
  EXPECT_EQ(sum(r.counts, "2023-10", "GT"), 1204u + 310u);
  EXPECT_EQ(sum(r.counts, "2023-10", "CN"), 57u);
  EXPECT_EQ(sum(r.counts, "2023-12", "CN"), 2113u);
  EXPECT_EQ(sum(r.counts, "2024-03", "CN"), 3002u + 41u);
  EXPECT_EQ(sum(r.counts, "2024-03", "MM"), 3u);
  EXPECT_EQ(sum(r.counts, "2024-10", "HN"), 800u);  // "2025 (FYTD)"
  EXPECT_EQ(r.stats.unmapped.at("OTHER"), 9u);
}

TEST(Encounters, SnakeCaseTableAndStoreReplacesMonths) {
  const auto snake = read("cbp-snake-case.csv");
  ASSERT_TRUE(snake.ok);
  ASSERT_EQ(snake.errors.size(), 1u);
  EXPECT_EQ(snake.errors[0].first, 5u);
  EXPECT_EQ(sum(snake.counts, "2024-02", "CN"), 2500u);
  EXPECT_EQ(sum(snake.counts, "2024-03", "CN"), 3100u);
  const auto title = read("cbp-title-case.csv");

  std::string error;
  const test::TempDir dir("encounters");
  auto db = store::Store::open(dir.path + "/db.sqlite", error);
  ASSERT_TRUE(db) << error;
  db->replace_encounters(title.counts, "title");
  EXPECT_EQ(db->encounters_by_month("CN").at("2024-03"), 3043u);
  // Importing the same table again changes nothing.
  db->replace_encounters(title.counts, "title");
  EXPECT_EQ(db->encounters_by_month("CN").at("2024-03"), 3043u);
  // A later table replaces the months it covers and keeps the others.
  db->replace_encounters(snake.counts, "snake");
  const auto cn = db->encounters_by_month("CN");
  EXPECT_EQ(cn.at("2024-03"), 3100u);
  EXPECT_EQ(cn.at("2024-02"), 2500u);
  EXPECT_EQ(cn.at("2023-12"), 2113u);
  EXPECT_EQ(db->encounters_by_country("2023-10").at("GT"), 1514u);
  EXPECT_EQ(db->encounters_by_country("2024-03").count("MM"), 0u);  // replaced by snake's March
}

TEST(Encounters, NotAnEncountersTable) {
  CountingReporter refused;
  CbpReader reader(citizenship(), refused);
  EXPECT_FALSE(reader.read_text("a,b,c\n1,2,3\n", "x.csv"));
  EXPECT_FALSE(reader.read_text("", "empty.csv"));
  EXPECT_EQ(refused.count(ErrorKind::kFormat), 2u);
  std::vector<std::string> messages;
  FunctionReporter errors([&](const Error& e) { messages.push_back(e.to_string()); });
  CbpReader r2(citizenship(), errors);
  EXPECT_TRUE(r2.read_text(
      "fiscal_year,month_abbv,citizenship,encounter_count\n2024,MAR,\"CUBA,12\n", "q.csv"));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "q.csv:2: a quoted field does not end");
}

}  // namespace
}  // namespace skywitness::encounters
