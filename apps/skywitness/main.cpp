#include <cstdio>
#include <exception>
#include <vector>

#include "command.hpp"
#include "skywitness/core/version.hpp"

namespace {

using skywitness::cli::CommandEntry;

// Every subcommand, in the order `--help` lists them.
const CommandEntry kCommands[] = {
    {"decode", "Decode Mode S / ADS-B frames (AVR, Beast, SBS, hex, CSV) to JSON Lines or CSV",
     &skywitness::cli::make_decode_command},
    {"simulate",
     "Simulate traffic from a scenario, with exact ground truth, in every format skywitness reads",
     &skywitness::cli::make_simulate_command},
    {"demo", "Simulate the bundled scenario and run every stage on it",
     &skywitness::cli::make_demo_command},
    {"legs", "Rebuild legs (airports, times, how each end is known) from readsb trace files",
     &skywitness::cli::make_legs_command},
    {"ingest", "Read traces, archives, OpenSky CSV or frames into a database and rebuild legs",
     &skywitness::cli::make_ingest_command},
    {"flights", "List the legs in a database by aircraft, time, airport or country",
     &skywitness::cli::make_flights_command},
    {"aircraft", "Import aircraft databases, and show what is known of an aircraft",
     &skywitness::cli::make_aircraft_command},
    {"itineraries", "Chain legs into itineraries from base to base, each leg with its role",
     &skywitness::cli::make_itineraries_command},
    {"discover", "Rank aircraft off the watchlist that fly like removal charters",
     &skywitness::cli::make_discover_command},
    {"timeline", "Removal flights to one country by month: first, resumed, stopped",
     &skywitness::cli::make_timeline_command},
    {"encounters", "Import US CBP Nationwide Encounters tables",
     &skywitness::cli::make_encounters_command},
    {"report", "The monthly report: Markdown, HTML, CSV, JSON, charts, GeoJSON and KML",
     &skywitness::cli::make_report_command},
    {"evidence", "The positions behind one leg, each with the input it came from",
     &skywitness::cli::make_evidence_command},
    {"status", "What a database holds: the times it has data for and the gaps, inputs, legs",
     &skywitness::cli::make_status_command},
    {"update", "Bring a database up to date: its schema, and a profile's stored itineraries",
     &skywitness::cli::make_update_command},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "skywitness: an auditable record of removal flights from public ADS-B / Mode S data"};
  app.set_version_flag("--version", "skywitness " + std::string(skywitness::version));
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, std::unique_ptr<skywitness::cli::Command>>> commands;
  for (const auto& entry : kCommands) {
    CLI::App* sub = app.add_subcommand(entry.name, entry.summary);
    auto cmd = entry.make();
    cmd->setup(*sub);
    commands.emplace_back(sub, std::move(cmd));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  for (auto& [sub, cmd] : commands) {
    if (!sub->parsed()) continue;
    // An error that ends a command (a database that cannot be written, say)
    // is one line and exit 1, never an abort.
    try {
      return cmd->run();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "skywitness %s: %s\n", sub->get_name().c_str(), e.what());
      return 1;
    }
  }
  return 2;
}
