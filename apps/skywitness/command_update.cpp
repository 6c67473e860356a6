#include <cstdio>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/analysis/itineraries.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

// `skywitness update`: brings a database up to date, the one thing besides
// ingest that writes to it: its schema migrated to this version's, and the
// itineraries and leg roles of a profile stored for every aircraft that has
// none for it (report, timeline and the server then read them).
class UpdateCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database written by skywitness ingest")->required();
    app.add_option("--profile", profile_,
                   "Profile TOML whose itineraries to store; default "
                   "data/profiles/us-removal.toml");
    app.add_flag("-q,--quiet", quiet_, "No progress on stderr");
  }

  int run() override {
    std::string error;
    auto profile = profile_.empty() ? roles::load_default_profile(error)
                                    : roles::load_profile(profile_, error);
    if (!profile) {
      fmt::print(stderr, "skywitness update: {}\n", error);
      return 2;
    }
    const auto airports = geo::Airports::load_bundled(error);
    if (!airports) {
      fmt::print(stderr, "skywitness update: {}\n", error);
      return 1;
    }
    if (!std::filesystem::exists(db_)) {
      fmt::print(stderr, "skywitness update: {}: no such database (skywitness ingest writes one)\n",
                 db_);
      return 1;
    }
    auto db = store::Store::open(db_, error);
    if (!db) {
      fmt::print(stderr, "skywitness update: {}\n", error);
      return 1;
    }
    if (db->opened_schema_version() == db->schema_version())
      fmt::print(stderr, "{}: schema version {}, the latest\n", db_, db->schema_version());
    else
      fmt::print(stderr, "{}: schema brought up to version {}\n", db_, db->schema_version());
    const auto counts = analysis::refresh_itineraries(
        *db, *profile, *airports, [&](std::size_t done, std::size_t total) {
          if (!quiet_) fmt::print(stderr, "itineraries: {} of {} aircraft\n", done, total);
        });
    fmt::print(stderr,
               "{}: itineraries of profile {} stored for {} aircraft ({} of {} already were)\n",
               db_, profile->name, counts.built, counts.aircraft - counts.built, counts.aircraft);
    return 0;
  }

 private:
  std::string db_, profile_;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_update_command() {
  return std::make_unique<UpdateCommand>();
}

}  // namespace skywitness::cli
