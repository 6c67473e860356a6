#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis.hpp"
#include "arguments.hpp"
#include "command.hpp"
#include "skywitness/report/monthly.hpp"
#include "skywitness/report/render.hpp"

namespace skywitness::cli {
namespace {

namespace fs = std::filesystem;

// `skywitness report`: one month of removal flights, in Markdown, HTML, CSV
// and JSON, with charts and map exports (docs/report.md).
class ReportCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", in_.db, "SQLite database written by skywitness ingest")->required();
    app.add_option("--month", month_, "The month, YYYY-MM (UTC)")->required();
    add_counting_options(app, in_);
    app.add_option("--format", formats_, "md, html, csv, json (repeat or comma-separated)")
        ->delimiter(',')
        ->check(CLI::IsMember({"md", "html", "csv", "json"}));
    app.add_option("--out", out_,
                   "Output folder; default report-YYYY-MM. A file name ending .html, .md, "
                   ".json or .csv is that one page (with the map exports beside it), in the "
                   "format its extension names when --format is not given");
    app.add_option("--baseline-months", baseline_, "Months before to average over")
        ->check(CLI::Range(1, 60))
        ->default_val(6);
    app.add_option("--evidence-files", evidence_files_,
                   "Write the evidence (evidence/leg-ID.txt, .csv) of at most this many removal "
                   "legs, the first in time order; 0 for none")
        ->check(CLI::Range(0, 1000000))
        ->default_val(1000);
    app.add_flag("-q,--quiet", in_.quiet, "No progress on stderr");
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
    opt.evidence_files = static_cast<std::size_t>(evidence_files_);
    auto [r, timelines] = analysis::month_report(a, opt);
    if (r.coverage == Coverage::kNone && !in_.quiet)
      fmt::print(stderr, "skywitness report: warning: {}\n", r.coverage_note);
    // `--out march.html`: one page, named so, in the folder it names.
    const std::string page_format = format_of(out_, {"html", "md", "json", "csv"});
    const bool page = !page_format.empty() &&
                      (formats_.empty() || (formats_.size() == 1 && formats_[0] == page_format));
    std::string dir = out_.empty() ? "report-" + month_ : out_;
    if (page) dir = fs::path(out_).has_parent_path() ? fs::path(out_).parent_path().string() : ".";
    const std::set<std::string> want =
        page               ? std::set<std::string>{page_format}
        : formats_.empty() ? std::set<std::string>{"md", "html", "csv", "json"}
                           : std::set<std::string>(formats_.begin(), formats_.end());
    std::vector<std::string> written;
    std::string error;
    const bool ok =
        report::write_report(dir, r, timelines, *a.names, *a.db, a.fleet, want, written, error);
    if (!ok) {
      fmt::print(stderr, "skywitness report: {}\n", error);
      return 1;  // and no "written to" for what was not
    }
    if (page) {
      const std::string name = "report." + page_format;
      const std::string wanted = fs::path(out_).filename().string();
      std::error_code ec;
      if (wanted != name) fs::rename(fs::path(dir) / name, out_, ec);
      if (ec) {
        fmt::print(stderr, "skywitness report: {}: cannot write: {}\n", out_, ec.message());
        return 1;
      }
      std::replace(written.begin(), written.end(), name, wanted);
    }
    // The charts by name only when there are few of them.
    std::vector<std::string> files;
    std::size_t charts = 0;
    for (const auto& f : written) {
      if (f.starts_with("chart-") && f != "chart-countries.svg")
        ++charts;
      else
        files.push_back(f);
    }
    if (charts) files.push_back(fmt::format("{} (chart-CC.svg)", plural(charts, "country chart")));
    fmt::print("{}written to {}/: {}\n", report::report_summary(r), dir, fmt::join(files, ", "));
    return 0;
  }

 private:
  AnalysisInputs in_;
  std::string month_, out_;
  std::vector<std::string> formats_;
  int baseline_ = 6, evidence_files_ = 1000;
};

}  // namespace

std::unique_ptr<Command> make_report_command() {
  return std::make_unique<ReportCommand>();
}

}  // namespace skywitness::cli
