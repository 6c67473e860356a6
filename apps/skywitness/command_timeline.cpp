#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "analysis.hpp"
#include "arguments.hpp"
#include "command.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/report/render.hpp"
#include "skywitness/report/timeline.hpp"

namespace skywitness::cli {
namespace {

namespace fs = std::filesystem;

// `skywitness timeline --country CC`: removal flights to one country, month by
// month, with the events (first flight, resumed, stopped).
class TimelineCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", in_.db, "SQLite database written by skywitness ingest")->required();
    app.add_option("--country", country_, "Destination country, ISO 3166-1 alpha-2 (CN)")
        ->required();
    add_counting_options(app, in_);
    format_option_ = app.add_option("--format", format_,
                                    "text, md, html, json or csv; default that of --out's "
                                    "extension (.html, .md, .json, .csv, .txt), else text")
                         ->check(CLI::IsMember({"text", "md", "html", "json", "csv"}));
    app.add_option("--out", out_, "Write to this file (and its chart beside it) instead of stdout");
    app.add_option("--resume-after", options_.resume_after_days,
                   "Days without a flight after which the next one is a resumption")
        ->check(CLI::Range(1.0, 3650.0))
        ->default_val(90);
    app.add_flag("-q,--quiet", in_.quiet, "No progress on stderr");
  }

  int run() override {
    if (!check_country("timeline", "--country", country_)) return 2;
    // `--out china.html` is a page: the name says the format when --format does not.
    if (format_option_->count() == 0) {
      format_ = format_of(out_, {"html", "md", "json", "csv", "txt"});
      if (format_.empty() || format_ == "txt") format_ = "text";
    }
    Analysis a;
    if (const int rc = load_analysis("timeline", in_, a)) return rc;
    const auto t = analysis::country_timeline(a, country_, options_);
    std::string text;
    auto doc = report::timeline_document(t, *a.names);
    if (format_ == "text") text = report::timeline_text(t, *a.names);
    if (format_ == "json") text = report::timeline_json(t, *a.names).dump(1) + "\n";
    if (format_ == "csv") text = report::timeline_csv(t);
    if (format_ == "html")
      text = report::to_html(doc, "skywitness: removal flights to " + a.names->name(country_));
    if (format_ == "md") {
      if (out_.empty())  // no file beside stdout for the chart
        std::erase_if(doc, [](const auto& b) { return b.kind == report::Block::Kind::kChart; });
      text = report::to_markdown(doc);
    }
    if (out_.empty()) {
      fmt::print("{}", text);
      return 0;
    }
    if (const auto parent = fs::path(out_).parent_path(); !parent.empty()) {
      std::error_code ec;
      fs::create_directories(parent, ec);
      if (ec) {
        fmt::print(stderr, "skywitness timeline: {}: cannot create the folder {}: {}\n", out_,
                   parent.string(), ec.message());
        return 1;
      }
    }
    // Every file named with its reason, the chart beside the page too.
    auto write = [](const fs::path& path, std::string_view bytes) {
      errno = 0;
      std::ofstream f(path, std::ios::binary);
      if (f) f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (f) f.close();
      if (f) return true;
      fmt::print(stderr, "skywitness timeline: {}: cannot write: {}\n", path.string(),
                 errno ? std::strerror(errno) : "write failed");
      return false;
    };
    if (!write(out_, text)) return 1;
    if (format_ == "md")
      for (const auto& b : doc)
        if (b.kind == report::Block::Kind::kChart &&
            !write(fs::path(out_).parent_path() / b.file, b.svg))
          return 1;
    fmt::print(stderr, "written: {}\n", out_);
    return 0;
  }

 private:
  AnalysisInputs in_;
  std::string country_, format_ = "text", out_;
  CLI::Option* format_option_ = nullptr;
  report::TimelineOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_timeline_command() {
  return std::make_unique<TimelineCommand>();
}

}  // namespace skywitness::cli
