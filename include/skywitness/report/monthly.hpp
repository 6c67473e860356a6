// The monthly report: what the watched aircraft did in one calendar month,
// totals by leg role, destination country, operator and hub, each beside the
// average of the months before; every removal leg with its evidence;
// candidates to review; encounters; caveats. docs/report.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "skywitness/core/coverage.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/geo/countries.hpp"
#include "skywitness/registry/airlines.hpp"
#include "skywitness/report/fleet.hpp"
#include "skywitness/report/timeline.hpp"
#include "skywitness/watchlist/discover.hpp"

namespace skywitness::report {

struct Count {
  int legs = 0;
  long seats = 0;         // sum of the types' typical layouts, where known
  long seats_max = 0;     // sum of their largest layouts: an upper bound on people
  int seats_unknown = 0;  // legs whose aircraft has no seat count
  int inferred = 0;       // legs whose destination is a guess
};

struct Row {
  std::string key;    // role name, ISO code, operator, hub
  std::string label;  // words for it ("China")
  Count month;
  double baseline_legs = 0, baseline_seats = 0;  // averages over the baseline months
};

struct ReportOptions {
  std::string month;  // YYYY-MM
  int baseline_months = 6;
  std::string profile_name, watchlist_name;  // as shown in the report
  std::size_t max_candidates = 20;
  std::string db;  // the database's path, for the commands the report gives
  // Evidence files (evidence/leg-ID.txt, .csv) for at most this many removal
  // legs, the first in time order: a report of every aircraft can count tens
  // of thousands, each a few hundred kB of positions.
  std::size_t evidence_files = 1000;
  // For plain names: airports' names and cities, operators' names.
  const geo::Airports* airports = nullptr;
  const registry::Airlines* airlines = nullptr;
};

struct MonthlyReport {
  std::string month;
  double from = 0, to = 0;  // the month as epoch seconds
  std::string profile_name, scope;
  // The months before this one that the average is over: those, of the last
  // `baseline_months`, in which a watched aircraft flew at least one leg.
  std::vector<std::string> baseline;
  std::size_t watched_aircraft = 0, flying_aircraft = 0;
  Count removals;  // every counted removal leg
  double baseline_removals = 0;
  std::vector<Row> by_role, by_country, by_operator, by_hub;
  std::vector<const RemovalLeg*> removal_legs;  // this month's, in time order
  // This month's removal-role legs that are not counted (a further removal
  // on the same trip, a second landing in a country): for removal-legs.csv.
  std::vector<RemovalLeg> uncounted_legs;
  std::string db;                  // ReportOptions::db
  std::size_t evidence_files = 0;  // ReportOptions::evidence_files
  // The airports the report names (trips, hubs, guesses), by code.
  std::map<std::string, geo::Airport> airports;
  // The countries and operators of this month's removal legs, by name.
  std::map<std::string, std::string> country_names, operator_names;
  std::vector<watchlist::Candidate> candidates;
  std::size_t candidates_total = 0;
  std::map<std::string, std::uint64_t> encounters;  // country -> this month ("" unmapped)
  std::uint64_t legs = 0, legs_unknown_end = 0, legs_inferred_end = 0, unobserved_stops = 0;
  std::vector<std::string> caveats;
  // What the data cover: from the first to the last covered time (0 and 0
  // for a database without data), and how much of this month.
  double data_first = 0, data_last = 0;
  Coverage coverage = Coverage::kNone;
  double covered_days = 0, month_days = 0;
  // The sentence that says so when the data cover less than the month (it
  // heads the caveats); empty when they cover all of it.
  std::string coverage_note;
};

// `removals` from counted_removals(fleet); the report points into both.
MonthlyReport build_report(const Fleet& fleet, const std::vector<RemovalLeg>& removals,
                           const roles::Profile& profile, const geo::CountryNames& names,
                           const std::map<std::string, std::uint64_t>& encounters,
                           const ReportOptions& options);

}  // namespace skywitness::report
