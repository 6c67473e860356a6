#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/analysis/analysis.hpp"
#include "skywitness/core/text.hpp"
#include "skywitness/registry/address_blocks.hpp"
#include "skywitness/registry/aircraft_db.hpp"
#include "skywitness/registry/n_number.hpp"
#include "skywitness/registry/seats.hpp"
#include "skywitness/store/store.hpp"

namespace skywitness::cli {
namespace {

// `skywitness aircraft import|show`: aircraft databases into the store, and
// what is known of one aircraft.
class AircraftCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    auto* imp = app.add_subcommand(
        "import", "Import aircraft databases: FAA MASTER.txt, tar1090 aircraft.csv, OpenSky CSV");
    imp->add_option("--db", db_, "SQLite database (created when absent)")->required();
    imp->add_option("files", files_, "Database files (plain, gzip or zstd)")->required();
    imp->add_flag("--errors", errors_, "Print every bad row with its line");
    imp->callback([this] { mode_ = Mode::kImport; });
    auto* show = app.add_subcommand("show",
                                    "What is known of aircraft: address, State of "
                                    "registration, registration, type, seats, owner");
    show->add_option("--db", db_, "SQLite database");
    show->add_option("aircraft", names_, "Addresses (6 hex digits) or registrations")->required();
    show->callback([this] { mode_ = Mode::kShow; });
  }

  int run() override {
    std::string error;
    if (mode_ == Mode::kShow && !db_.empty() && !std::filesystem::exists(db_)) {
      fmt::print(stderr, "skywitness aircraft: {}: no such database\n", db_);
      return 1;
    }
    std::unique_ptr<store::Store> db;
    if (!db_.empty()) {
      db = store::Store::open(db_, error,
                              mode_ == Mode::kShow ? store::Store::Access::kReadOnly
                                                   : store::Store::Access::kReadWrite);
      if (!db) {
        fmt::print(stderr, "skywitness aircraft: {}\n", error);
        return 1;
      }
    }
    return mode_ == Mode::kImport ? import(*db) : show(db.get());
  }

 private:
  enum class Mode { kImport, kShow };

  int import(store::Store& db) {
    int failed = 0;
    for (const auto& file : files_) {
      std::uint64_t shown = 0;
      FunctionReporter report([&](const Error& e) {
        if (!errors_ && ++shown > 20) return;
        fmt::print(stderr, "{}\n", e.to_string());
      });
      registry::AircraftDbReader reader(
          [&](const AircraftRecord& r) { db.put_aircraft_record(r, file); }, report);
      db.begin();
      const bool ok = reader.read_file(file);
      db.commit();
      const auto& s = reader.stats();
      fmt::print(stderr, "{}: {} ({}: {} imported, {} skipped)\n", file,
                 registry::db_format_name(reader.format()), plural(s.rows, "row"),
                 plural(s.records, "aircraft"), plural(s.bad_rows, "bad row"));
      failed += ok ? 0 : 1;
    }
    return failed == static_cast<int>(files_.size()) ? 1 : 0;
  }

  int show(store::Store* db) {
    std::string error;
    const auto blocks = registry::AddressBlocks::load_bundled(error);
    const auto seats = blocks ? registry::SeatTable::load_bundled(error) : std::nullopt;
    if (!blocks || !seats) {
      fmt::print(stderr, "skywitness aircraft: {}\n", error);
      return 1;
    }
    int status = 0;
    for (const auto& name : names_) {
      std::optional<std::uint32_t> icao =
          db ? analysis::find_aircraft(*db, name) : parse_icao(name);
      if (!icao) icao = registry::n_number_to_icao(name);  // an N-number needs no database
      if (!icao) {
        fmt::print(stderr, "skywitness aircraft: '{}': no such address or known registration\n",
                   name);
        status = 1;
        continue;
      }
      AircraftDbEntry known;
      if (db) known = db->describe(*icao);
      auto& r = known.record;
      if (r.registration.empty())
        if (auto n = registry::icao_to_n_number(*icao)) r.registration = *n + " (from the address)";
      const auto* block = blocks->find(*icao);
      fmt::print("address       {:06x}\n", *icao);
      fmt::print(
          "registered in {}\n",
          block ? (block->country.empty() ? block->name
                                          : fmt::format("{} ({})", block->country, block->name))
                : "no ICAO block");
      fmt::print("registration  {}\n", r.registration.empty() ? "unknown" : r.registration);
      fmt::print("type          {}{}\n", r.type.empty() ? "unknown" : r.type,
                 r.description.empty() ? "" : " (" + r.description + ")");
      if (const auto* s = seats->find(r.type))
        fmt::print("seats         {} (layouts {}-{}; an upper bound on people aboard)\n", s->seats,
                   s->min, s->max);
      else
        fmt::print("seats         unknown\n");
      if (!r.operator_name.empty()) fmt::print("operator      {}\n", r.operator_name);
      if (!r.owner.empty()) fmt::print("owner         {}\n", r.owner);
      if (!known.source.empty()) fmt::print("source        {}\n", known.source);
      if (db) {
        store::LegQuery q;
        q.icao = *icao;
        fmt::print("legs          {}\n", db->legs(q).size());
      }
      fmt::print("\n");
    }
    return status;
  }

  Mode mode_ = Mode::kShow;
  std::string db_;
  std::vector<std::string> files_, names_;
  bool errors_ = false;
};

}  // namespace

std::unique_ptr<Command> make_aircraft_command() {
  return std::make_unique<AircraftCommand>();
}

}  // namespace skywitness::cli
