#include <algorithm>
#include <charconv>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "skywitness/core/text.hpp"
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
    {"serve", "The dashboard: web pages and a JSON API over a database, read-only",
     &skywitness::cli::make_serve_command},
    {"replay", "Serve files of frames over TCP as a receiver's Beast, AVR or SBS port, paced",
     &skywitness::cli::make_replay_command},
    {"live", "Follow receiver feeds and aggregator APIs; alerts as watched aircraft fly",
     &skywitness::cli::make_live_command},
};

// The command the arguments name: "aircraft import" for `skywitness aircraft
// import --erors`, the program itself when they name none.
CLI::App* named_command(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with('-')) continue;
    for (CLI::App* sub : at->get_subcommands([](CLI::App*) { return true; }))
      if (sub->get_name() == arg) {
        at = sub;
        break;
      }
  }
  return at;
}

// The names nearest to `typed`, within 2 edits, or the one it begins
// ("--baseline"): "'--from' or '--format'" for "--form"; empty when none is
// near. One-letter options are too short for a guess to mean anything.
std::string nearest(std::string_view typed, const std::vector<std::string>& names) {
  std::size_t best = 3;
  std::vector<std::string> found;
  for (const auto& n : names) {
    const bool option = n.starts_with("--");
    if (!option && n.starts_with('-')) continue;
    const auto d = skywitness::edit_distance(typed, n);
    if (d >= n.size() - (option ? 2 : 0) || d > best) continue;
    if (d < best) found.clear();
    best = d;
    if (std::find(found.begin(), found.end(), n) == found.end()) found.push_back(n);
  }
  if (found.empty() && typed.size() >= 4 && typed.starts_with("--"))
    for (const auto& n : names)
      if (n.starts_with(typed) && std::find(found.begin(), found.end(), n) == found.end())
        found.push_back(n);
  std::string out;
  for (std::size_t i = 0; i < found.size(); ++i)
    out += (i == 0 ? "'" : i + 1 == found.size() ? " or '" : ", '") + found[i] + "'";
  return out;
}

// CLI11 says what it did not expect; this says what was probably meant, for
// each option the command does not have and for a command name mistyped:
// "skywitness ingest: unknown option '--stirct'; did you mean '--strict'?".
void suggest(CLI::App& app, int argc, char** argv) {
  CLI::App* command = named_command(app, argc, argv);
  std::vector<std::string> options, commands;
  for (CLI::App* a = command; a != nullptr; a = a->get_parent())
    for (const CLI::Option* o : a->get_options()) {
      for (const auto& n : o->get_lnames()) options.push_back("--" + n);
      for (const auto& n : o->get_snames()) options.push_back("-" + n);
    }
  for (CLI::App* sub : command->get_subcommands([](CLI::App*) { return true; }))
    commands.push_back(sub->get_name());
  std::string name;
  for (CLI::App* a = command; a != nullptr; a = a->get_parent())
    name = a->get_parent() ? " " + a->get_name() + name : "skywitness" + name;
  bool after_command = command == &app;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!after_command) {
      after_command = arg == command->get_name();
      continue;
    }
    double number = 0;
    if (arg == "-" || arg == "--" ||
        std::from_chars(arg.data(), arg.data() + arg.size(), number).ec == std::errc{})
      continue;  // stdin, the end of options, a negative number
    std::string near;
    if (arg.starts_with('-')) {
      arg = arg.substr(0, arg.find('='));
      if (std::find(options.begin(), options.end(), arg) != options.end()) continue;
      near = nearest(arg, options);
      std::fprintf(
          stderr, "%s: unknown option '%.*s'%s\n", name.c_str(), static_cast<int>(arg.size()),
          arg.data(),
          near.empty() ? "; --help lists the options" : ("; did you mean " + near + "?").c_str());
    } else if (!commands.empty()) {
      // A command that has commands of its own, and none of them named.
      near = nearest(arg, commands);
      std::fprintf(
          stderr, "%s: unknown command '%.*s'%s\n", name.c_str(), static_cast<int>(arg.size()),
          arg.data(),
          near.empty() ? "; --help lists the commands" : ("; did you mean " + near + "?").c_str());
      return;  // what follows belongs to the command meant
    }
  }
}

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
    if (rc != 0) suggest(app, argc, argv);
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
