#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "skywitness/core/time.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/report/evidence.hpp"
#include "skywitness/report/render.hpp"

namespace skywitness::report {
namespace {

using Json = nlohmann::ordered_json;

std::string minutes(double t) {
  return format_iso8601(t).substr(0, 16) + "Z";
}

// When a removal landed, as tables give it: the time observed, else the
// window the gap allows (never the last sighting as a landing time).
std::string landed(const RemovalLeg& x) {
  const auto& d = x.leg->leg.leg.destination;
  return d.observed() ? minutes(x.time) : output::unobserved_time_text(d, true);
}

// An observed end's time to the second; of one not observed, empty (CSV).
std::string seconds_if_observed(const LegEnd& e) {
  return e.observed() ? output::iso_seconds(e.time) : std::string();
}

std::string month_title(const std::string& month) {
  static const char* const kNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
  const int m = std::stoi(month.substr(5, 2));
  return fmt::format("{} {}", kNames[m - 1], month.substr(0, 4));
}

std::string avg(double v) {
  return fmt::format("{:.1f}", v);
}

std::string plural(long n, const char* word, const char* words = nullptr) {
  return n == 1 ? fmt::format("1 {}", word)
                : fmt::format("{} {}", n, words ? std::string(words) : std::string(word) + "s");
}

// The typical layouts' seats, with the legs of types without a count.
std::string seats_text(const Count& c) {
  return c.seats_unknown ? fmt::format("{} (+{} of unknown type)", c.seats, c.seats_unknown)
                         : fmt::to_string(c.seats);
}

// "13940 seats in typical layouts, at most 14292": both figures, as sentences give them.
std::string seats_sentence(long typical, long most, int unknown) {
  return fmt::format(
      "{} seats in the types' typical layouts (at most {} in their largest){}", typical, most,
      unknown ? fmt::format("; {} of unknown type not counted", plural(unknown, "leg"))
              : std::string());
}

// "180 / 186": an aircraft's typical and largest layouts.
std::string aircraft_seats(const AircraftHistory& h) {
  return h.seats ? fmt::format("{} / {}", *h.seats, h.seats_max.value_or(*h.seats)) : "?";
}

// The command that opens a leg onto its positions, filled in.
std::string evidence_command(const MonthlyReport& r, std::int64_t leg) {
  return fmt::format("skywitness evidence --db {} {}", r.db.empty() ? "DB" : r.db, leg);
}

std::string route(const RemovalLeg& r) {
  std::string out = r.itinerary->base;
  for (const auto& l : r.itinerary->legs) {
    const auto& leg = l.leg.leg;
    out += " > " + (!leg.destination.airport.empty() ? leg.destination.airport
                    : l.guess                        ? l.guess->airport + "?"
                                                     : std::string("?"));
    if (&l == r.leg) break;
  }
  return out;
}

std::string registration(const AircraftHistory& h) {
  return h.who.record.registration.empty() ? "?" : h.who.record.registration;
}

Block heading(std::string text, int level = 2) {
  Block b;
  b.kind = Block::Kind::kHeading;
  b.level = level;
  b.text = std::move(text);
  return b;
}

Block para(std::string text) {
  Block b;
  b.text = std::move(text);
  return b;
}

Block list(std::vector<std::string> items) {
  Block b;
  b.kind = Block::Kind::kList;
  b.items = std::move(items);
  return b;
}

Block chart(std::string title, std::string file, std::string svg) {
  Block b;
  b.kind = Block::Kind::kChart;
  b.text = std::move(title);
  b.file = std::move(file);
  b.svg = std::move(svg);
  return b;
}

Block table(std::vector<std::string> head, std::vector<bool> numeric) {
  Block b;
  b.kind = Block::Kind::kTable;
  b.table.head = std::move(head);
  b.table.numeric = std::move(numeric);
  return b;
}

// A breakdown as a table: this month, the average before, the change.
Block breakdown(const char* what, const std::vector<Row>& rows, bool with_seats) {
  std::vector<std::string> head = {what, "legs"};
  std::vector<bool> numeric = {false, true};
  if (with_seats) {
    head.insert(head.end(), {"seats (typical)", "seats (at most)", "inferred"});
    numeric.insert(numeric.end(), {true, true, true});
  }
  head.insert(head.end(), {"average before", "change"});
  numeric.insert(numeric.end(), {true, true});
  auto b = table(head, numeric);
  for (const auto& r : rows) {
    std::vector<std::string> row = {r.label == r.key ? r.key : fmt::format("{} {}", r.key, r.label),
                                    fmt::to_string(r.month.legs)};
    if (with_seats) {
      row.push_back(seats_text(r.month));
      row.push_back(fmt::to_string(r.month.seats_max));
      row.push_back(fmt::to_string(r.month.inferred));
    }
    row.push_back(avg(r.baseline_legs));
    row.push_back(change(r.month.legs, r.baseline_legs));
    b.table.rows.push_back(std::move(row));
  }
  return b;
}

Json rows_json(const std::vector<Row>& rows, bool with_seats) {
  Json out = Json::object();
  for (const auto& r : rows) {
    Json j = {{"label", r.label}, {"legs", r.month.legs}};
    if (with_seats) {
      j["seats_typical"] = r.month.seats;
      j["seats_max"] = r.month.seats_max;
      j["seats_unknown_legs"] = r.month.seats_unknown;
      j["inferred_legs"] = r.month.inferred;
    }
    j["baseline_average_legs"] = r.baseline_legs;
    if (with_seats) j["baseline_average_seats"] = r.baseline_seats;
    out[r.key] = std::move(j);
  }
  return out;
}

}  // namespace

nlohmann::ordered_json guess_json(const roles::StopGuess& g) {
  Json candidates = Json::array();
  for (const auto& c : g.candidates)
    candidates.push_back({{"airport", c.airport},
                          {"country", c.country},
                          {"share", std::round(c.share * 1000) / 1000},
                          {"from_entry_nm", std::round(c.from_entry_nm)},
                          {"to_exit_nm", std::round(c.to_exit_nm)},
                          {"course_in_error_deg", std::round(c.course_in_error)},
                          {"course_out_error_deg", std::round(c.course_out_error)},
                          {"ground_minutes_at_most", std::round(c.ground_minutes)},
                          {"evidence", c.evidence}});
  return {{"airport", g.airport},
          {"country", g.country_known() ? Json(g.country) : Json()},
          {"country_share", std::round(g.country_share * 1000) / 1000},
          {"gap_from", format_iso8601(std::round(g.from_time)).substr(0, 19) + "Z"},
          {"gap_to", format_iso8601(std::round(g.to_time)).substr(0, 19) + "Z"},
          {"climbing_out", g.climbing_out},
          {"descending_in", g.descending_in},
          {"reason", g.reason},
          {"candidates", std::move(candidates)}};
}

namespace {

// A removal leg; with the report, also its airports' names and the command
// that opens it.
Json removal_json(const RemovalLeg& r, const MonthlyReport* rep = nullptr,
                  bool evidence_file = false) {
  const auto& h = *r.aircraft;
  const auto& l = r.leg->leg.leg;
  Json j = {{"icao", fmt::format("{:06x}", h.icao)},
            {"registration", h.who.record.registration},
            {"type", h.who.record.type},
            {"operator", h.operator_name},
            {"seats", h.seats ? Json(*h.seats) : Json()},
            {"seats_max", h.seats ? Json(h.seats_max.value_or(*h.seats)) : Json()},
            {"callsign", l.callsign},
            {"country", r.country},
            {"role", roles::role_name(r.leg->role)},
            {"origin", l.origin.airport},
            {"destination", r.destination},
            {"inferred", r.inferred}};
  // The times as the leg writer gives them: null for an end not observed,
  // with its sighting and window after them (absent for observed ends).
  static constexpr output::LegField kTimes[] = {
      output::LegField::kTakeoffTime, output::LegField::kLandingTime,
      output::LegField::kFirstSeen,   output::LegField::kTakeoffWindow,
      output::LegField::kLastSeen,    output::LegField::kLandingWindow};
  auto times = output::leg_json(r.leg->leg, {}, kTimes);
  for (auto& [k, v] : times.items()) j[k] = std::move(v);
  j["itinerary_base"] = r.itinerary->base;
  j["route"] = route(r);
  j["evidence"] = r.evidence;
  j["reason"] = r.leg->reason;
  j["counted_because"] = h.watched_because;
  j["counted_as"] = h.counted_as;
  j["guess"] = r.leg->guess ? guess_json(*r.leg->guess) : Json();
  j["leg_id"] = r.leg->leg.id;
  if (rep) {
    auto place = [&](const std::string& code) {
      const auto a = rep->airports.find(code);
      if (a == rep->airports.end()) return Json();
      return Json{
          {"name", a->second.name}, {"city", a->second.city}, {"country", a->second.country}};
    };
    j["origin_airport"] = place(l.origin.airport);
    j["destination_airport"] = place(r.destination);
    j["evidence_command"] = evidence_command(*rep, r.leg->leg.id);
    j["evidence_file"] = evidence_file ? Json(evidence_stem(r.leg->leg.id) + ".txt") : Json();
  }
  return j;
}

// The timeline's months from `from` on.
// "full", "none: no data", "partial: 12 days": how much of a month the data cover.
std::string month_data(const MonthCount& m) {
  switch (m.coverage) {
    case Coverage::kFull:
      return "full";
    case Coverage::kPartial:
      return fmt::format("partial: {:.0f} days", m.covered_days);
    case Coverage::kNone:
      break;
  }
  return "none";
}

// "2022-08 to 2023-12, 2024-06": the runs of months without any data.
std::string months_without_data(const std::vector<MonthCount>& months) {
  std::string out;
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (months[i].coverage != Coverage::kNone) continue;
    std::size_t j = i;
    while (j + 1 < months.size() && months[j + 1].coverage == Coverage::kNone) ++j;
    out += (out.empty() ? "" : ", ") + months[i].month;
    if (j > i) out += " to " + months[j].month;
    i = j;
  }
  return out;
}

// The first and last day of data in [first, last) (epoch seconds); nullopt
// when there is none. Every output that states the data's range takes it here.
std::optional<std::pair<std::string, std::string>> data_days(double first, double last) {
  if (last <= first) return std::nullopt;
  return std::pair{format_date(first), format_date(last - 1)};
}

// "Counted: the aircraft on the watchlist fleet.txt. Data from 2022-07-12 to
// 2024-03-31.": who is counted and what the data cover, on every timeline output.
std::string timeline_scope(const CountryTimeline& t) {
  return fmt::format("Counted: {}. {}",
                     t.scope.empty() ? "the aircraft of the fleet loaded" : t.scope,
                     data_range_text(t.data_first, t.data_last));
}

std::vector<MonthCount> months_from(const CountryTimeline& t, const std::string& from) {
  std::vector<MonthCount> out;
  for (const auto& m : t.months)
    if (m.month >= from) out.push_back(m);
  return out;
}

}  // namespace

Json data_json(double first, double last) {
  const auto d = data_days(first, last);
  return d ? Json{{"first", d->first}, {"last", d->second}} : Json();
}

std::string data_range_text(double first, double last) {
  const auto d = data_days(first, last);
  return d ? fmt::format("Data from {} to {}.", d->first, d->second)
           : std::string("The database holds no data.");
}

Document report_document(const MonthlyReport& r, const std::vector<CountryTimeline>& timelines,
                         const geo::CountryNames& names) {
  Document d;
  d.push_back(heading("Removal flights, " + month_title(r.month), 1));
  d.push_back(para(fmt::format(
      "Profile {}. Aircraft counted: {}, {} of them flew this month. {} {}Times are UTC; a leg "
      "belongs to the month it landed in.",
      r.profile_name, r.scope, r.flying_aircraft, data_range_text(r.data_first, r.data_last),
      r.coverage == Coverage::kFull ? fmt::format("They cover all of {}. ", month_title(r.month))
      : r.coverage == Coverage::kPartial
          ? fmt::format("They cover {:.0f} of the {:.0f} days of {}. ", r.covered_days,
                        r.month_days, month_title(r.month))
          : fmt::format("No data for {}: no count below is a zero. ", month_title(r.month)))));

  d.push_back(heading("Summary"));
  std::set<std::string> countries;
  for (const auto* x : r.removal_legs) countries.insert(x->country);
  d.push_back(para(fmt::format(
      "{} to {}, with {}{}. The average of the {} months before was {} a month ({}).",
      plural(r.removals.legs, "removal flight"),
      plural(static_cast<long>(countries.size()), "country", "countries"),
      seats_sentence(r.removals.seats, r.removals.seats_max, r.removals.seats_unknown),
      r.removals.inferred ? fmt::format("; {} of them landed unseen and their country is inferred",
                                        r.removals.inferred)
                          : "",
      r.baseline.size(), avg(r.baseline_removals), change(r.removals.legs, r.baseline_removals))));
  d.push_back(chart("Removal flights by destination country", "chart-countries.svg",
                    svg_bars("Removal flights by destination country, " + month_title(r.month),
                             r.by_country, 15)));

  d.push_back(heading("By destination country"));
  auto by_country = breakdown("country", r.by_country, true);
  by_country.table.head.push_back("border encounters this month");
  by_country.table.numeric.push_back(true);
  for (std::size_t i = 0; i < r.by_country.size(); ++i) {
    const auto e = r.encounters.find(r.by_country[i].key);
    by_country.table.rows[i].push_back(e == r.encounters.end() ? "-" : fmt::to_string(e->second));
  }
  d.push_back(std::move(by_country));
  d.push_back(heading("By leg role"));
  d.push_back(para("Every leg the watched aircraft flew this month, by what it was for:"));
  {
    std::vector<std::string> defs;
    for (const auto& row : r.by_role)
      if (const auto role = roles::role_from_name(row.key))
        defs.push_back(fmt::format("{}: {}", row.key, roles::role_description(*role)));
    d.push_back(list(std::move(defs)));
  }
  d.push_back(breakdown("role", r.by_role, false));
  d.push_back(heading("By operator"));
  d.push_back(breakdown("operator", r.by_operator, true));
  d.push_back(heading("By hub"));
  d.push_back(para("The hub each removal trip started from."));
  d.push_back(breakdown("hub", r.by_hub, true));

  d.push_back(heading("Removal legs"));
  d.push_back(para(fmt::format(
      "Each leg's id opens its evidence: the positions behind it, the input each came from, and "
      "why each end is known (evidence/leg-ID.txt and .csv beside this report{}; `{}` gives it "
      "again). Seats: the type's typical layout / its largest known.",
      r.removal_legs.size() > r.evidence_files
          ? fmt::format(", written for the first {} of the {} legs (report --evidence-files)",
                        r.evidence_files, r.removal_legs.size())
          : "",
      evidence_command(r, r.removal_legs.empty() ? 0 : r.removal_legs.front()->leg->leg.id))));
  auto legs = table({"landed (UTC)", "aircraft", "type", "seats (typical / at most)", "trip",
                     "country", "evidence", "leg"},
                    {false, false, false, true, false, false, false, true});
  for (const auto* x : r.removal_legs) {
    const auto& h = *x->aircraft;
    const auto id = x->leg->leg.id;
    legs.table.rows.push_back(
        {landed(*x), fmt::format("{:06x} {} ({})", h.icao, registration(h), h.counted_as),
         h.who.record.type.empty() ? "?" : h.who.record.type, aircraft_seats(h), route(*x),
         fmt::format("{} {}{}", x->country, names.name(x->country),
                     x->inferred ? " (inferred)" : ""),
         x->evidence, fmt::to_string(id)});
    if (legs.table.rows.size() <= r.evidence_files) {
      legs.table.links.push_back(std::vector<std::string>(7));
      legs.table.links.back().push_back(evidence_stem(id) + ".txt");
    }
  }
  d.push_back(std::move(legs));
  if (!r.airports.empty()) {
    d.push_back(heading("Airports"));
    auto places = table({"code", "airport", "city", "country"}, {false, false, false, false});
    for (const auto& [code, a] : r.airports)
      places.table.rows.push_back({code, a.name, a.city.empty() ? "-" : a.city,
                                   fmt::format("{} {}", a.country, names.name(a.country))});
    d.push_back(std::move(places));
  }

  if (!timelines.empty()) {
    d.push_back(heading("Country timelines"));
    d.push_back(
        para("The last 12 months for each country flown to this month; "
             "`skywitness timeline --country CC` gives the whole history."));
    for (const auto& t : timelines) {
      d.push_back(heading(fmt::format("{} ({})", names.name(t.country), t.country), 3));
      std::vector<std::string> events;
      for (const auto& e : t.events) events.push_back(e.text);
      d.push_back(list(std::move(events)));
      d.push_back(chart(fmt::format("Removal flights to {} by month", names.name(t.country)),
                        fmt::format("chart-{}.svg", t.country),
                        svg_months(fmt::format("Removal flights to {}", names.name(t.country)),
                                   months_from(t, add_months(r.month, -11)))));
    }
  }

  if (!r.scope.starts_with("every")) {
    d.push_back(heading("Candidates to review"));
    if (r.candidates.empty()) {
      d.push_back(para("No aircraft off the watchlist flew like a removal charter this month."));
    } else {
      d.push_back(para(fmt::format(
          "{} aircraft not on the watchlist flew like removal charters this month (from the hubs "
          "to other countries, between hubs, to border cities). They are not in the counts above.",
          r.candidates_total)));
      auto c = table({"aircraft", "type", "score", "what it flew", "first legs"},
                     {false, false, true, false, false});
      for (const auto& x : r.candidates)
        c.table.rows.push_back(
            {fmt::format("{:06x} {}", x.facts.icao,
                         x.facts.registration.empty() ? "?" : x.facts.registration),
             x.facts.type.empty() ? "?" : x.facts.type, fmt::format("{:g}", x.score), x.summary,
             fmt::format("{}", fmt::join(x.evidence, "; "))});
      d.push_back(std::move(c));
    }
  }

  d.push_back(heading("Caveats"));
  d.push_back(list(r.caveats));
  d.push_back(heading("Tracing a number"));
  d.push_back(para(fmt::format(
      "Every leg above is in the database {1} with its positions. The leg column is the leg's "
      "id: `skywitness evidence --db {1} ID` lists the positions behind it and the input each "
      "came from, `skywitness flights --db {1} --leg ID` shows it with its guesses, and "
      "`skywitness itineraries --db {1} --aircraft HEX --from {0}-01` its trip and the reason "
      "for each role. legs.geojson and legs.kml beside this report hold the month's legs, and "
      "removal-legs.csv every removal with its names and the command that opens it.",
      r.month, r.db.empty() ? "DB" : r.db)));
  return d;
}

std::string render_json(const MonthlyReport& r, const std::vector<CountryTimeline>& timelines,
                        const geo::CountryNames& names) {
  Json j;
  j["month"] = r.month;
  j["profile"] = r.profile_name;
  j["scope"] = r.scope;
  j["data"] = data_json(r.data_first, r.data_last);
  j["coverage"] = coverage_name(r.coverage);
  j["covered_days"] = std::round(r.covered_days * 10) / 10;
  j["baseline_months"] = r.baseline;
  j["watched_aircraft"] = r.watched_aircraft;
  j["flying_aircraft"] = r.flying_aircraft;
  j["removals"] = {{"legs", r.removals.legs},
                   {"seats_typical", r.removals.seats},
                   {"seats_max", r.removals.seats_max},
                   {"seats_unknown_legs", r.removals.seats_unknown},
                   {"inferred_legs", r.removals.inferred},
                   {"baseline_average_legs", r.baseline_removals}};
  j["countries"] = rows_json(r.by_country, true);
  for (auto& [cc, v] : j["countries"].items()) {
    const auto e = r.encounters.find(cc);
    v["encounters"] = e == r.encounters.end() ? Json() : Json(e->second);
  }
  j["roles"] = rows_json(r.by_role, false);
  j["operators"] = rows_json(r.by_operator, true);
  j["hubs"] = rows_json(r.by_hub, true);
  Json legs = Json::array();
  for (const auto* x : r.removal_legs)
    legs.push_back(removal_json(*x, &r, legs.size() < r.evidence_files));
  j["removal_legs"] = std::move(legs);
  Json places = Json::object();
  for (const auto& [code, a] : r.airports)
    places[code] = {{"name", a.name},
                    {"city", a.city},
                    {"country", a.country},
                    {"lat", a.pos.lat},
                    {"lon", a.pos.lon}};
  j["airports"] = std::move(places);
  Json tl = Json::object();
  for (const auto& t : timelines) tl[t.country] = timeline_json(t, names);
  j["timelines"] = std::move(tl);
  Json cands = Json::array();
  for (const auto& c : r.candidates) cands.push_back(candidate_json(c));
  j["candidates"] = std::move(cands);
  j["legs_seen"] = {{"legs", r.legs},
                    {"legs_with_an_unseen_end", r.legs_unknown_end},
                    {"legs_with_an_inferred_end", r.legs_inferred_end},
                    {"unobserved_stops_guessed", r.unobserved_stops}};
  j["caveats"] = r.caveats;
  return j.dump(1) + "\n";
}

nlohmann::ordered_json candidate_json(const watchlist::Candidate& c) {
  return {{"icao", fmt::format("{:06x}", c.facts.icao)},
          {"registration", c.facts.registration},
          {"type", c.facts.type},
          {"callsigns", c.facts.callsigns},
          {"score", c.score},
          {"removals_from_hubs", c.removals_from_hubs},
          {"hub_transfers", c.hub_transfers},
          {"laterals", c.laterals},
          {"countries", c.countries},
          {"evidence", c.evidence}};
}

std::string render_csv_totals(const MonthlyReport& r) {
  // seats: the typical layouts'; seats_max (added later, last): the largest.
  std::string out =
      "table,key,label,legs,seats,seats_unknown,inferred,baseline_legs,baseline_seats,"
      "seats_max\n";
  auto quote = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  auto rows = [&](const char* table, const std::vector<Row>& v) {
    for (const auto& x : v)
      out += fmt::format("{},{},{},{},{},{},{},{:.3f},{:.3f},{}\n", table, quote(x.key),
                         quote(x.label), x.month.legs, x.month.seats, x.month.seats_unknown,
                         x.month.inferred, x.baseline_legs, x.baseline_seats, x.month.seats_max);
  };
  out += fmt::format("total,removal,removal flights,{},{},{},{},{:.3f},,{}\n", r.removals.legs,
                     r.removals.seats, r.removals.seats_unknown, r.removals.inferred,
                     r.baseline_removals, r.removals.seats_max);
  rows("country", r.by_country);
  rows("role", r.by_role);
  rows("operator", r.by_operator);
  rows("hub", r.by_hub);
  return out;
}

std::string render_csv_legs(const MonthlyReport& r) {
  // The columns of earlier versions first, those added since at the end.
  std::string out =
      "landing_time,icao,registration,type,seats,operator,country,inferred,origin,destination,"
      "takeoff_time,itinerary_base,route,evidence,leg_id,counted_as,counted_because,first_seen,"
      "takeoff_window,last_seen,landing_window,callsign,role,counted,reason,seats_max,"
      "operator_name,country_name,origin_name,origin_city,destination_name,destination_city,"
      "evidence_command\n";
  auto name_of = [](const std::map<std::string, std::string>& m, const std::string& k) {
    const auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
  };
  auto airport = [&](const std::string& code) -> std::pair<std::string, std::string> {
    const auto a = r.airports.find(code);
    if (a == r.airports.end()) return {};
    return {a->second.name, a->second.city};
  };
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  // An end not observed: no time, its sighting and its window ("from/to",
  // ISO 8601, seconds rounded outwards) in the last columns.
  auto unseen = [](const LegEnd& e) {
    if (e.observed()) return std::string(",");
    std::string text = output::iso_seconds(e.sighting()) + ",";
    if (e.window)
      text += output::iso_seconds(std::floor(e.window->first)) + "/" +
              output::iso_seconds(std::ceil(e.window->second));
    return text;
  };
  // The counted removals, then the removal-role legs that are not counted.
  std::vector<const RemovalLeg*> rows(r.removal_legs.begin(), r.removal_legs.end());
  for (const auto& x : r.uncounted_legs) rows.push_back(&x);
  for (const auto* x : rows) {
    const auto& h = *x->aircraft;
    const auto& l = x->leg->leg.leg;
    const auto op = h.operator_key();
    const auto [origin_name, origin_city] = airport(l.origin.airport);
    const auto [destination_name, destination_city] = airport(x->destination);
    out += fmt::format(
        "{},{:06x},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}"
        ","
        "{},{}\n",
        seconds_if_observed(l.destination), h.icao, quote(h.who.record.registration),
        quote(h.who.record.type), h.seats ? fmt::to_string(*h.seats) : "", quote(h.operator_name),
        x->country, x->inferred ? "true" : "false", l.origin.airport, x->destination,
        seconds_if_observed(l.origin), x->itinerary->base, quote(route(*x)), quote(x->evidence),
        x->leg->leg.id, h.counted_as, quote(h.watched_because), unseen(l.origin),
        unseen(l.destination), quote(l.callsign), roles::role_name(x->leg->role),
        x->leg->counted ? "true" : "false", quote(x->leg->reason),
        h.seats ? fmt::to_string(h.seats_max.value_or(*h.seats)) : "",
        quote(name_of(r.operator_names, op)), quote(name_of(r.country_names, x->country)),
        quote(origin_name), quote(origin_city), quote(destination_name), quote(destination_city),
        quote(evidence_command(r, x->leg->leg.id)));
  }
  return out;
}

Document timeline_document(const CountryTimeline& t, const geo::CountryNames& names) {
  Document d;
  const std::string name = names.name(t.country);
  d.push_back(heading(fmt::format("Removal flights to {} ({})", name, t.country), 1));
  d.push_back(para(timeline_scope(t) + " Times are UTC."));
  if (t.legs.empty()) {
    d.push_back(para(fmt::format("No removal flight to {} in the data.", name)));
  } else {
    d.push_back(para(fmt::format(
        "{} from {} to {}, with {} in all{}.", plural(t.flights, "flight"), format_date(t.first),
        format_date(t.last), seats_sentence(t.seats, t.seats_max, 0),
        t.usual_interval_days
            ? fmt::format("; the usual (median) interval between flights is {:.1f} days",
                          *t.usual_interval_days)
            : "")));
    d.push_back(heading("Events"));
    std::vector<std::string> events;
    for (const auto& e : t.events) events.push_back(e.text);
    d.push_back(list(std::move(events)));
  }
  d.push_back(chart(fmt::format("Removal flights to {} by month", name),
                    fmt::format("timeline-{}.svg", t.country),
                    svg_months(fmt::format("Removal flights to {}", name), t.months)));
  d.push_back(heading("By month"));
  auto months = table({"month", "data", "flights", "seats (typical)", "seats (at most)", "inferred",
                       "border encounters"},
                      {false, false, true, true, true, true, true});
  for (const auto& m : t.months)
    months.table.rows.push_back(
        {m.month, month_data(m),
         m.coverage == Coverage::kNone && m.flights == 0 ? "no data" : fmt::to_string(m.flights),
         m.seats_unknown ? fmt::format("{} (+{} unknown)", m.seats, m.seats_unknown)
                         : fmt::to_string(m.seats),
         fmt::to_string(m.seats_max), fmt::to_string(m.inferred),
         m.encounters ? fmt::to_string(*m.encounters) : "-"});
  d.push_back(std::move(months));
  d.push_back(heading("Flights"));
  auto legs = table({"landed (UTC)", "aircraft", "trip", "evidence"}, {false, false, false, false});
  for (const auto* x : t.legs)
    legs.table.rows.push_back(
        {landed(*x), fmt::format("{:06x} {}", x->aircraft->icao, registration(*x->aircraft)),
         route(*x), x->evidence});
  d.push_back(std::move(legs));
  return d;
}

std::string timeline_text(const CountryTimeline& t, const geo::CountryNames& names) {
  std::string out = fmt::format("Removal flights to {} ({}): ", names.name(t.country), t.country);
  if (t.legs.empty()) return out + "none in the data\n" + timeline_scope(t) + "\n";
  out +=
      fmt::format("{} from {} to {}, {}\n{}\n", plural(t.flights, "flight"), format_date(t.first),
                  format_date(t.last), seats_sentence(t.seats, t.seats_max, 0), timeline_scope(t));
  for (const auto& e : t.events)
    out += fmt::format("  {:<8} {}\n", event_kind_name(e.kind), e.text);
  out += "month    flights seats inferred encounters data\n";
  for (const auto& m : t.months) {
    // The table skips months with data and nothing in them; months without
    // data are named below, never shown as zero.
    if (m.flights == 0 && !m.encounters) continue;
    out += fmt::format("{}  {:>7} {:>5} {:>8} {:>10} {}\n", m.month, m.flights, m.seats, m.inferred,
                       m.encounters ? fmt::to_string(*m.encounters) : "-", month_data(m));
  }
  if (const auto gaps = months_without_data(t.months); !gaps.empty())
    out += fmt::format("no data: {}\n", gaps);
  for (const auto* x : t.legs)
    out += fmt::format("  {} {:06x} {:<8} {}{}\n", landed(*x), x->aircraft->icao,
                       registration(*x->aircraft), route(*x), x->inferred ? " (inferred)" : "");
  return out;
}

nlohmann::ordered_json timeline_json(const CountryTimeline& t, const geo::CountryNames& names) {
  Json months = Json::array();
  for (const auto& m : t.months)
    months.push_back({{"month", m.month},
                      {"coverage", coverage_name(m.coverage)},
                      {"covered_days", std::round(m.covered_days * 10) / 10},
                      {"flights", m.flights},
                      {"seats_typical", m.seats},
                      {"seats_max", m.seats_max},
                      {"seats_unknown_flights", m.seats_unknown},
                      {"inferred_flights", m.inferred},
                      {"encounters", m.encounters ? Json(*m.encounters) : Json()}});
  Json events = Json::array();
  for (const auto& e : t.events)
    events.push_back({{"kind", event_kind_name(e.kind)},
                      {"date", format_date(e.time)},
                      {"days", std::round(e.days)},
                      {"text", e.text}});
  Json legs = Json::array();
  for (const auto* x : t.legs) legs.push_back(removal_json(*x));
  return {{"country", t.country},
          {"name", names.name(t.country)},
          {"scope", t.scope},
          {"data", data_json(t.data_first, t.data_last)},
          {"flights", t.flights},
          {"seats_typical", t.seats},
          {"seats_max", t.seats_max},
          {"first", t.legs.empty() ? Json() : Json(format_date(t.first))},
          {"last", t.legs.empty() ? Json() : Json(format_date(t.last))},
          {"usual_interval_days", t.usual_interval_days ? Json(*t.usual_interval_days) : Json()},
          {"events", std::move(events)},
          {"months", std::move(months)},
          {"legs", std::move(legs)}};
}

std::string timeline_csv(const CountryTimeline& t) {
  // The columns added later (the largest layouts' seats, who is counted and
  // what the data cover, on every row) after the earlier ones.
  std::string out =
      "country,month,flights,seats_typical,seats_unknown_flights,inferred_flights,encounters,"
      "coverage,seats_max,counted,data_from,data_to\n";
  const std::string scope = output::csv_field(t.scope);
  const auto days =
      data_days(t.data_first, t.data_last).value_or(std::pair<std::string, std::string>{});
  const std::string &from = days.first, &to = days.second;
  for (const auto& m : t.months)
    out +=
        fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", t.country, m.month, m.flights, m.seats,
                    m.seats_unknown, m.inferred, m.encounters ? fmt::to_string(*m.encounters) : "",
                    coverage_name(m.coverage), m.seats_max, scope, from, to);
  return out;
}

}  // namespace skywitness::report
