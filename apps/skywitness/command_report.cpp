#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis.hpp"
#include "command.hpp"
#include "skywitness/report/monthly.hpp"
#include "skywitness/report/render.hpp"

namespace skywitness::cli {
namespace {

namespace fs = std::filesystem;

bool write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    fmt::print(stderr, "skywitness report: {}: cannot write\n", path.string());
    return false;
  }
  return true;
}

// `skywitness report`: one month of removal flights, in Markdown, HTML, CSV
// and JSON, with charts and map exports (docs/report.md).
class ReportCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", in_.db, "SQLite database written by skywitness ingest")->required();
    app.add_option("--month", month_, "The month, YYYY-MM (UTC)")->required();
    app.add_option("--profile", in_.profile, "Profile TOML; default data/profiles/us-removal.toml");
    app.add_option("--watchlist", in_.watchlist,
                   "Watchlist file (docs/watchlists.md); without one every aircraft counts");
    app.add_option("--format", formats_, "md, html, csv, json (repeat or comma-separated)")
        ->delimiter(',')
        ->check(CLI::IsMember({"md", "html", "csv", "json"}));
    app.add_option("--out", out_, "Output folder; default report-YYYY-MM");
    app.add_option("--baseline-months", baseline_, "Months before to average over")
        ->check(CLI::Range(1, 60))
        ->default_val(6);
    app.add_flag("--quiet", in_.quiet, "No progress on stderr");
  }

  int run() override {
    if (!report::month_range(month_)) {
      fmt::print(stderr, "skywitness report: --month '{}' is not YYYY-MM\n", month_);
      return 2;
    }
    Analysis a;
    if (const int rc = load_analysis("report", in_, a)) return rc;
    report::ReportOptions opt;
    opt.month = month_;
    opt.baseline_months = baseline_;
    opt.profile_name = a.profile.name;
    opt.watchlist_name = in_.watchlist;
    const auto r = report::build_report(a.fleet, a.removals, a.profile, *a.names,
                                        a.db->encounters_by_country(month_), opt);
    // A timeline for each country flown to this month.
    std::set<std::string> countries;
    for (const auto* x : r.removal_legs) countries.insert(x->country);
    std::vector<report::CountryTimeline> timelines;
    for (const auto& cc : countries)
      timelines.push_back(
          report::build_timeline(a.removals, cc, a.fleet.last_time, a.db->encounters_by_month(cc)));

    const fs::path dir = out_.empty() ? fs::path("report-" + month_) : fs::path(out_);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      fmt::print(stderr, "skywitness report: {}: {}\n", dir.string(), ec.message());
      return 1;
    }
    const std::set<std::string> want =
        formats_.empty() ? std::set<std::string>{"md", "html", "csv", "json"}
                         : std::set<std::string>(formats_.begin(), formats_.end());
    std::vector<std::string> written;
    bool ok = true;
    auto write = [&](const std::string& name, const std::string& text) {
      ok = write_file(dir / name, text) && ok;
      written.push_back(name);
    };
    const auto doc = report::report_document(r, timelines, *a.names);
    if (want.contains("md")) {
      write("report.md", report::to_markdown(doc));
      for (const auto& b : doc)
        if (b.kind == report::Block::Kind::kChart) write(b.file, b.svg);
    }
    if (want.contains("html"))
      write("report.html", report::to_html(doc, "skywitness: removal flights, " + month_));
    if (want.contains("csv")) {
      write("report.csv", report::render_csv_totals(r));
      write("removal-legs.csv", report::render_csv_legs(r));
    }
    if (want.contains("json")) write("report.json", report::render_json(r, timelines, *a.names));
    const auto legs = report::legs_for_export(*a.db, a.fleet, r.from, r.to);
    write("legs.geojson", report::legs_geojson(legs));
    write("legs.kml",
          report::legs_kml(legs, "skywitness: legs of the watched aircraft, " + month_));

    fmt::print(
        "{}: {} removal flights to {} countries, at most {} seats{} (average of {} months "
        "before: {:.1f}, {})\n",
        month_, r.removals.legs, countries.size(), r.removals.seats,
        r.removals.inferred ? fmt::format(", {} inferred", r.removals.inferred) : "",
        r.baseline.size(), r.baseline_removals,
        report::change(r.removals.legs, r.baseline_removals));
    for (const auto& row : r.by_country)
      if (row.month.legs)
        fmt::print("  {} {:<24} {:>4} flights {:>6} seats{}\n", row.key, row.label, row.month.legs,
                   row.month.seats,
                   row.month.inferred ? fmt::format(" ({} inferred)", row.month.inferred) : "");
    if (r.candidates_total)
      fmt::print("  {} aircraft off the watchlist to review (see the report)\n",
                 r.candidates_total);
    fmt::print("written to {}/: {}\n", dir.string(), fmt::join(written, ", "));
    return ok ? 0 : 1;
  }

 private:
  AnalysisInputs in_;
  std::string month_, out_;
  std::vector<std::string> formats_;
  int baseline_ = 6;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
  return std::make_unique<ReportCommand>();
}

}  // namespace skywitness::cli
