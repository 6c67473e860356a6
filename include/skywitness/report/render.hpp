// The report and the timelines written out: Markdown, HTML (charts inline),
// CSV, JSON, SVG charts, and the month's legs as GeoJSON and KML.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "skywitness/geo/countries.hpp"
#include "skywitness/output/legs.hpp"
#include "skywitness/report/document.hpp"
#include "skywitness/report/monthly.hpp"
#include "skywitness/report/timeline.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::report {

// Bars of this month against the baseline average, one pair per row.
std::string svg_bars(const std::string& title, const std::vector<Row>& rows, std::size_t max_rows);
// Flights per month as bars (and encounters as a line when there are any).
std::string svg_months(const std::string& title, const std::vector<MonthCount>& months);

// `timelines`: one for each country with removals this month (the last 12
// months are shown). Written with to_markdown or to_html; its charts go to
// the files their blocks name.
Document report_document(const MonthlyReport& r, const std::vector<CountryTimeline>& timelines,
                         const geo::CountryNames& names);
std::string render_json(const MonthlyReport& r, const std::vector<CountryTimeline>& timelines,
                        const geo::CountryNames& names);
// Where an unobserved stop may have been, as report.json and `skywitness
// itineraries --format json` give it: the best airport, the country (null
// when the evidence does not decide it) and every candidate with its share
// of the evidence and the figures behind it.
nlohmann::ordered_json guess_json(const roles::StopGuess& g);
// A candidate to review, as `report.json` and `skywitness discover` give it.
nlohmann::ordered_json candidate_json(const watchlist::Candidate& c);
// Long format: table,key,label,legs,seats,seats_unknown,inferred,baseline_legs,baseline_seats
std::string render_csv_totals(const MonthlyReport& r);
// One row per removal leg of the month, with its evidence.
std::string render_csv_legs(const MonthlyReport& r);

// One country's timeline: the answer to "when did flights to X resume?".
Document timeline_document(const CountryTimeline& t, const geo::CountryNames& names);
std::string timeline_text(const CountryTimeline& t, const geo::CountryNames& names);
nlohmann::ordered_json timeline_json(const CountryTimeline& t, const geo::CountryNames& names);
std::string timeline_csv(const CountryTimeline& t);

// The watched aircraft's legs of [from, to), with tracks, by itinerary.
struct ExportedLeg {
  const AircraftHistory* aircraft = nullptr;
  const roles::Itinerary* itinerary = nullptr;
  const roles::RoledLeg* leg = nullptr;
  std::vector<TrackPoint> track;
};
// Legs overlapping [from, to), either end open when not given.
std::vector<ExportedLeg> legs_for_export(store::Store& db, const Fleet& fleet,
                                         std::optional<double> from, std::optional<double> to);
// What a role adds to a leg for the leg writer: role, country, counted,
// the guesses' airports, the reason (views into `r`).
output::LegExtras role_extras(const roles::RoledLeg& r);
// Written a leg at a time by the leg writer, as output::leg_fields::kExports (GeoJSON
// properties) and KML with a folder per itinerary, removals in red.
void write_legs(const std::vector<ExportedLeg>& legs, output::LegFormat format,
                const std::string& title, const output::LegWriter::Sink& out);
std::string legs_geojson(const std::vector<ExportedLeg>& legs);
// "a8f007-2024-03-29T14:05Z": the aircraft and its first takeoff's minute,
// which the KML folders, the dashboard's links and its API name it by.
std::string itinerary_id(const roles::Itinerary& it);
// One itinerary as `skywitness itineraries --format json` gives it: the
// aircraft, its seats and why it is counted, the base, and the legs with
// their roles (output::leg_fields::kItineraries) and guesses.
nlohmann::ordered_json itinerary_json(const roles::Itinerary& it, const AircraftHistory& h);
std::string legs_kml(const std::vector<ExportedLeg>& legs, const std::string& title);

// "Data from 2022-07-12 to 2024-03-31." for data over [first, last) (epoch
// seconds), "The database holds no data." when there is none.
std::string data_range_text(double first, double last);
// {"first": "2022-07-12", "last": "2024-03-31"}, null when there is no data:
// the range as every JSON output gives it.
nlohmann::ordered_json data_json(double first, double last);

// A few lines for a terminal: the month's removals, by country.
std::string report_summary(const MonthlyReport& r);

// The timelines of every country flown to in the report's month, with the
// encounters the store holds for each.
std::vector<CountryTimeline> report_timelines(const MonthlyReport& r,
                                              const std::vector<RemovalLeg>& removals,
                                              const Fleet& fleet, store::Store& db);

// Writes the report into `dir` (created): report.md and its charts, report.html,
// report.csv and removal-legs.csv, report.json, as `formats` ("md", "html",
// "csv", "json") ask, and always legs.geojson and legs.kml. `written` gets
// the file names. False with `error` when a file cannot be written.
bool write_report(const std::string& dir, const MonthlyReport& r,
                  const std::vector<CountryTimeline>& timelines, const geo::CountryNames& names,
                  store::Store& db, const Fleet& fleet, const std::set<std::string>& formats,
                  std::vector<std::string>& written, std::string& error);

}  // namespace skywitness::report
