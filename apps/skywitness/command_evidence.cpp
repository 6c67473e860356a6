#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/report/evidence.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

// `skywitness evidence`: the positions behind one leg, each with the input it
// came from, so that every number of a report opens onto what was recorded
// (report/evidence.hpp).
class EvidenceCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database written by skywitness ingest")->required();
    app.add_option("leg", id_, "Leg id (the leg_id of report.json, removal-legs.csv, flights)")
        ->required();
    app.add_option("--format", format_, "text (summary and sources), csv, json or geojson")
        ->check(CLI::IsMember({"text", "csv", "json", "geojson"}))
        ->default_val("text");
    app.add_option("--around", around_min_,
                   "Minutes of positions before the takeoff and after the landing to list too")
        ->check(CLI::Range(0, 24 * 60))
        ->default_val(30);
  }

  int run() override {
    std::string error;
    auto db = store::Store::open(db_, error, store::Store::Access::kReadOnly);
    if (!db) {
      fmt::print(stderr, "skywitness evidence: {}\n", error);
      return 1;
    }
    const auto e = report::leg_evidence(*db, id_, around_min_ * 60.0);
    if (!e) {
      fmt::print(stderr, "skywitness evidence: no leg {} in {}\n", id_, db_);
      return 1;
    }
    const std::string text = format_ == "csv"       ? report::evidence_csv(*e)
                             : format_ == "json"    ? report::evidence_json(*e)
                             : format_ == "geojson" ? report::evidence_geojson(*e)
                                                    : report::evidence_text(*e, db_);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }

 private:
  std::string db_, format_ = "text";
  std::int64_t id_ = 0;
  int around_min_ = 30;
};

}  // namespace

std::unique_ptr<Command> make_evidence_command() {
  return std::make_unique<EvidenceCommand>();
}

}  // namespace skywitness::cli
