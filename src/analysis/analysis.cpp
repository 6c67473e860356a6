#include "skywitness/analysis/analysis.hpp"

#include <fmt/format.h>
#include <tuple>

#include "skywitness/core/text.hpp"
#include "skywitness/report/render.hpp"

namespace skywitness::analysis {

std::optional<std::uint32_t> find_aircraft(store::Store& db, std::string_view name) {
  if (const auto a = parse_icao(name)) return a;
  return db.find_aircraft(name);
}

Status load(const Inputs& in, Analysis& out) {
  std::string error;
  // The loaders' messages name their file and line already.
  auto usage = [&] { return Status::failure(ErrorKind::kUsage, {}, error); };
  auto profile = in.profile.empty() ? roles::load_default_profile(error)
                                    : roles::load_profile(in.profile, error);
  if (!profile) return usage();
  out.profile = std::move(*profile);
  if (!in.watchlist.empty() && in.all_aircraft) {
    error = "give --watchlist or --all-aircraft, not both";
    return usage();
  }
  if (!in.watchlist.empty()) {
    out.watchlist = watchlist::Watchlist::load(in.watchlist, error);
    if (!out.watchlist) return usage();
  }
  out.airports = geo::Airports::load_bundled(error);
  if (out.airports) out.seats = registry::SeatTable::load_bundled(error);
  if (out.seats) out.airlines = registry::Airlines::load_bundled(error);
  if (out.airlines) out.names = geo::CountryNames::load_bundled(error);
  if (!out.names) return Status::failure(ErrorKind::kIo, {}, error);
  out.db = store::Store::open(in.db, error, store::Store::Access::kReadOnly);
  if (!out.db) return Status::failure(ErrorKind::kDatabase, {}, error);
  std::optional<std::uint32_t> only;
  if (!in.aircraft.empty()) {
    only = find_aircraft(*out.db, in.aircraft);
    if (!only) {
      // Well formed, and in no record: not a usage error (exit 2), a finding.
      error = fmt::format("no aircraft '{}' in {}", in.aircraft, in.db);
      return Status::failure(ErrorKind::kBadInput, {}, error);
    }
  }
  out.fleet = load_fleet(*out.db, out.profile, *out.airports, *out.seats,
                         out.watchlist ? &*out.watchlist : nullptr, in.progress, only,
                         in.all_aircraft, &out.sources);
  out.removals = report::counted_removals(out.fleet);
  out.db_path = in.db;
  out.watchlist_path = in.watchlist;
  if (out.watchlist) {
    std::size_t watched = 0;
    for (const auto& h : out.fleet.aircraft) watched += h.watched_because.empty() ? 0 : 1;
    if (watched == 0)
      out.warnings.push_back(fmt::format("no aircraft in {} matches the watchlist {} ({} rules)",
                                         in.db, in.watchlist, out.watchlist->rules().size()));
    // A rule that matches nothing is most often a typing error; with one
    // aircraft asked for, the others' rules are not expected to match.
    else if (!only)
      for (const auto& r : out.fleet.unmatched_rules)
        out.warnings.push_back(fmt::format("{}:{}: {} {} matches no aircraft in {}", in.watchlist,
                                           r.line, watchlist::rule_kind_name(r.kind), r.value,
                                           in.db));
  }
  return {};
}

MonthReport month_report(Analysis& a, report::ReportOptions options) {
  options.profile_name = a.profile.name;
  options.watchlist_name = a.watchlist_path;
  if (options.db.empty()) options.db = a.db_path;
  options.airports = &*a.airports;
  options.airlines = a.airlines ? &*a.airlines : nullptr;
  MonthReport out;
  out.report = report::build_report(a.fleet, a.removals, a.profile, *a.names,
                                    a.db->encounters_by_country(options.month), options);
  out.timelines = report::report_timelines(out.report, a.removals, a.fleet, *a.db);
  return out;
}

report::CountryTimeline country_timeline(Analysis& a, const std::string& country,
                                         const report::TimelineOptions& options) {
  auto t = report::build_timeline(a.removals, country, a.fleet.coverage,
                                  a.db->encounters_by_month(country), options);
  t.scope = report::scope_text(a.fleet, a.profile, a.watchlist_path);
  std::tie(t.data_first, t.data_last) = report::data_range(a.fleet);
  return t;
}

}  // namespace skywitness::analysis
