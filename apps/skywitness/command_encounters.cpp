#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/encounters/cbp.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

// `skywitness encounters import`: US CBP Nationwide Encounters tables into the
// store, by month and citizenship, for the timelines and the report.
class EncountersCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    auto* imp = app.add_subcommand(
        "import", "Import US CBP Nationwide Encounters CSV files (Title Case or snake_case)");
    imp->add_option("--db", db_, "SQLite database (created when absent)")->required();
    imp->add_option("files", files_, "Encounter tables (plain, gzip or zstd)")->required();
    imp->add_flag("--errors", errors_, "Print every bad row with its line");
  }

  int run() override {
    std::string error;
    const auto names = encounters::CitizenshipMap::load_bundled(error);
    if (!names) {
      fmt::print(stderr, "skywitness encounters: {}\n", error);
      return 1;
    }
    auto db = store::Store::open(db_, error);
    if (!db) {
      fmt::print(stderr, "skywitness encounters: {}\n", error);
      return 1;
    }
    int failed = 0;
    for (const auto& file : files_) {
      std::uint64_t shown = 0;
      FunctionReporter report([&](const Error& e) {
        if (!errors_ && ++shown > 20) return;
        fmt::print(stderr, "{}\n", e.to_string());
      });
      encounters::CbpReader reader(*names, report);
      if (!reader.read_file(file)) {
        ++failed;
        continue;
      }
      const auto counts = reader.counts();
      db->begin();
      db->replace_encounters(counts, std::filesystem::absolute(file).string());
      db->commit();
      const auto& s = reader.stats();
      std::string months = counts.empty()
                               ? "no months"
                               : fmt::format("{} to {}", counts.front().month, counts.back().month);
      std::uint64_t unmapped = 0;
      for (const auto& [k, v] : s.unmapped) unmapped += v;
      fmt::print(stderr,
                 "{}: {}, {}, {}; {} skipped; {} ({}) with a citizenship that is no country\n",
                 file, plural(s.rows, "row"), plural(s.encounters, "encounter"), months,
                 plural(s.bad_rows, "bad row"), plural(s.unmapped_rows, "row"),
                 plural(unmapped, "encounter"));
      for (const auto& [name, n] : s.unmapped)
        if (name != "OTHER") fmt::print(stderr, "  unmapped citizenship '{}': {}\n", name, n);
    }
    return failed == static_cast<int>(files_.size()) ? 1 : 0;
  }

 private:
  std::string db_;
  std::vector<std::string> files_;
  bool errors_ = false;
};

}  // namespace

std::unique_ptr<Command> make_encounters_command() {
  return std::make_unique<EncountersCommand>();
}

}  // namespace skywitness::cli
