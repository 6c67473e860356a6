#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "skywitness/core/time.hpp"
#include "skywitness/report/evidence.hpp"
#include "skywitness/report/render.hpp"

namespace skywitness::report {

namespace fs = std::filesystem;

std::string report_summary(const MonthlyReport& r) {
  // A month without data has no count to state.
  if (r.coverage == Coverage::kNone)
    return fmt::format("{}: no data ({})\n", r.month, r.coverage_note);
  std::set<std::string> countries;
  for (const auto* x : r.removal_legs) countries.insert(x->country);
  std::string out = fmt::format(
      "{}: {} removal flight{} to {} countr{}, {} seats in typical layouts, at most {}{} "
      "(average of {} months before: {:.1f}, {})\n",
      r.month, r.removals.legs, r.removals.legs == 1 ? "" : "s", countries.size(),
      countries.size() == 1 ? "y" : "ies", r.removals.seats, r.removals.seats_max,
      r.removals.inferred ? fmt::format(", {} inferred", r.removals.inferred) : "",
      r.baseline.size(), r.baseline_removals, change(r.removals.legs, r.baseline_removals));
  out += fmt::format("  counted: {}. {}\n", r.scope, data_range_text(r.data_first, r.data_last));
  std::size_t shown = 0;
  for (const auto& row : r.by_country)
    if (row.month.legs && ++shown <= 12)
      out += fmt::format(
          "  {} {:<24} {:>4} flight{} {:>6} seats, at most {:>6}{}\n", row.key, row.label,
          row.month.legs, row.month.legs == 1 ? " " : "s", row.month.seats, row.month.seats_max,
          row.month.inferred ? fmt::format(" ({} inferred)", row.month.inferred) : "");
  if (shown > 12) out += fmt::format("  ... and {} more countries\n", shown - 12);
  if (r.coverage == Coverage::kPartial)
    out += fmt::format(
        "  the data cover {:.0f} of the month's {:.0f} days: the counts are lower bounds\n",
        r.covered_days, r.month_days);
  if (r.candidates_total)
    out += fmt::format("  {} aircraft off the watchlist to review (see the report)\n",
                       r.candidates_total);
  return out;
}

std::vector<CountryTimeline> report_timelines(const MonthlyReport& r,
                                              const std::vector<RemovalLeg>& removals,
                                              const Fleet& fleet, store::Store& db) {
  std::set<std::string> countries;
  for (const auto* x : r.removal_legs) countries.insert(x->country);
  std::vector<CountryTimeline> out;
  for (const auto& cc : countries) {
    out.push_back(build_timeline(removals, cc, fleet.coverage, db.encounters_by_month(cc)));
    out.back().scope = r.scope;
    out.back().data_first = r.data_first;
    out.back().data_last = r.data_last;
  }
  return out;
}

bool write_report(const std::string& dir, const MonthlyReport& r,
                  const std::vector<CountryTimeline>& timelines, const geo::CountryNames& names,
                  store::Store& db, const Fleet& fleet, const std::set<std::string>& formats,
                  std::vector<std::string>& written, std::string& error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    error = fmt::format("{}: {}", dir, ec.message());
    return false;
  }
  auto write = [&](const std::string& name, const std::string& text) {
    if (!error.empty()) return;
    std::ofstream out(fs::path(dir) / name, std::ios::binary);
    out << text;
    out.close();
    if (!out)
      error = fmt::format("{}: cannot write", (fs::path(dir) / name).string());
    else
      written.push_back(name);
  };
  const auto doc = report_document(r, timelines, names);
  if (formats.contains("md")) {
    write("report.md", to_markdown(doc));
    for (const auto& b : doc)
      if (b.kind == Block::Kind::kChart) write(b.file, b.svg);
  }
  if (formats.contains("html"))
    write("report.html", to_html(doc, "skywitness: removal flights, " + r.month));
  if (formats.contains("csv")) {
    write("report.csv", render_csv_totals(r));
    write("removal-legs.csv", render_csv_legs(r));
  }
  if (formats.contains("json")) write("report.json", render_json(r, timelines, names));
  // The evidence of every removal leg, which the report's leg ids link to:
  // what `skywitness evidence` gives, as text and as CSV.
  {
    fs::create_directories(fs::path(dir) / "evidence", ec);
    if (ec) {
      error = fmt::format("{}: {}", (fs::path(dir) / "evidence").string(), ec.message());
      return false;
    }
    std::size_t files = 0;
    for (std::size_t i = 0; i < r.removal_legs.size() && i < r.evidence_files; ++i) {
      const auto* x = r.removal_legs[i];
      const auto e = leg_evidence(db, x->leg->leg.id, 600);
      if (!e) continue;
      const auto stem = evidence_stem(e->leg.id);
      const auto before = written.size();
      write(stem + ".txt", evidence_text(*e, r.db) +
                               fmt::format("  (beside this file: leg-{}.csv, every position "
                                           "from 10 minutes before the takeoff to 10 after the "
                                           "landing)\n",
                                           e->leg.id));
      write(stem + ".csv", evidence_csv(*e));
      files += written.size() - before;
      written.resize(before);  // listed as one entry below
    }
    if (error.empty() && files) written.push_back(fmt::format("evidence/ ({} files)", files));
  }
  const auto legs = legs_for_export(db, fleet, r.from, r.to);
  write("legs.geojson", legs_geojson(legs));
  write("legs.kml", legs_kml(legs, "skywitness: legs of the watched aircraft, " + r.month));
  return error.empty();
}

}  // namespace skywitness::report
