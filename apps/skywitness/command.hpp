// One subcommand: setup() declares its options (no I/O), run() does the work
// and returns the exit code (0 ok, 1 processing error, 2 bad arguments).
#pragma once

#include <memory>

#include <CLI/CLI.hpp>

namespace skywitness::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run() = 0;
};

struct CommandEntry {
  const char* name;
  const char* summary;
  std::unique_ptr<Command> (*make)();
};

std::unique_ptr<Command> make_decode_command();
std::unique_ptr<Command> make_simulate_command();
std::unique_ptr<Command> make_demo_command();
std::unique_ptr<Command> make_legs_command();
std::unique_ptr<Command> make_ingest_command();
std::unique_ptr<Command> make_flights_command();
std::unique_ptr<Command> make_aircraft_command();
std::unique_ptr<Command> make_itineraries_command();
std::unique_ptr<Command> make_discover_command();
std::unique_ptr<Command> make_timeline_command();
std::unique_ptr<Command> make_encounters_command();
std::unique_ptr<Command> make_report_command();
std::unique_ptr<Command> make_update_command();
std::unique_ptr<Command> make_status_command();
std::unique_ptr<Command> make_evidence_command();
std::unique_ptr<Command> make_serve_command();
std::unique_ptr<Command> make_replay_command();
std::unique_ptr<Command> make_live_command();

}  // namespace skywitness::cli
