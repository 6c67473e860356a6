#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/replay/replay.hpp"

namespace skywitness::cli {
namespace {

replay::Server* running_replay = nullptr;

extern "C" void stop_replaying(int) {
  if (running_replay) running_replay->stop();
}

// "HOST:PORT" ("[::1]:30005" for IPv6) into its parts; false when it is not that.
bool parse_listen(const std::string& text, std::string& host, int& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  try {
    std::size_t used = 0;
    port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) return false;
  } catch (const std::exception&) {
    return false;
  }
  if (port < 0 || port > 65535) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return !host.empty();
}

// `skywitness replay`: files of frames served over TCP as a receiver's
// output port serves them, paced by their own clock (docs/replay.md).
class ReplayCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("files", files_,
                   "Input files, played one after another (any format decode reads; gzip and "
                   "zstd are detected; '-' is stdin)")
        ->required();
    app.add_option("--format", format_,
                   "What the port sends: beast (Beast binary), avr (AVR with the '@' clock), sbs "
                   "(SBS lines, from SBS input only)")
        ->check(CLI::IsMember({"beast", "avr", "sbs"}))
        ->required();
    app.add_option("--listen", listen_,
                   "HOST:PORT to listen on; default 127.0.0.1 and readsb's port (beast 30005, avr "
                   "30002, sbs 30003); port 0 for any free one");
    app.add_option("--speed", speed_,
                   "Playback speed against the frames' own clock; 0: as fast as the clients take "
                   "it")
        ->check(CLI::NonNegativeNumber)
        ->default_val(1);
    auto* now = app.add_flag("--now", now_,
                             "Start playing at once (default: when the first client connects)");
    app.add_option("--wait-clients", wait_clients_,
                   "Start playing when this many clients have connected")
        ->check(CLI::Range(1, 1000))
        ->default_val(1)
        ->excludes(now);
    app.add_option("--client-buffer", buffer_mib_,
                   "MiB a client may fall behind the playback point before it is dropped")
        ->check(CLI::Range(1, 4096))
        ->default_val(8);
    app.add_option("--drain", drain_s_,
                   "Seconds the clients may take to be sent the rest after the last frame")
        ->check(CLI::NonNegativeNumber)
        ->default_val(5);
    app.add_flag("--errors", errors_,
                 "Report every bad frame or line on stderr (default: the first 10)");
    app.add_flag("-q,--quiet", quiet_, "No lines on stderr for clients coming and going");
  }

  int run() override {
    replay::Output output{};
    framing::parse_format(format_, output);
    replay::ServerOptions o;
    o.port = framing::conventional_port(output);
    if (!listen_.empty() && !parse_listen(listen_, o.host, o.port)) {
      fmt::print(stderr, "skywitness replay: --listen '{}' is not HOST:PORT (127.0.0.1:{})\n",
                 listen_, framing::conventional_port(output));
      return 2;
    }
    o.speed = speed_;
    o.start_clients = now_ ? 0 : wait_clients_;
    o.client_buffer = buffer_mib_ << 20;
    o.drain_s = drain_s_;
    if (!quiet_) o.log = [](const std::string& line) { fmt::print(stderr, "replay: {}\n", line); };
    o.warn = [](const std::string& line) {
      fmt::print(stderr, "skywitness replay: warning: {}\n", line);
    };

    constexpr std::uint64_t kShown = 10;
    std::uint64_t bad = 0;
    FunctionReporter report([&](const Error& e) {
      if (e.kind == ErrorKind::kIo) {
        fmt::print(stderr, "skywitness: {}\n", e.to_string());
        return;
      }
      if (errors_ || ++bad <= kShown) fmt::print(stderr, "{}\n", e.to_string());
    });
    replay::Recording recording(output);
    std::size_t failed = 0;
    for (const auto& f : files_) {
      const Status st = recording.add_file(f, report);
      if (st.ok()) continue;
      fmt::print(stderr, "skywitness replay: {}\n", st.to_string());
      if (st.error().kind == ErrorKind::kUsage) return 2;
      ++failed;
    }
    if (!errors_ && recording.bad_records() > kShown)
      fmt::print(stderr,
                 "skywitness replay: {} bad frames or lines skipped in all ({} shown; --errors "
                 "lists them all)\n",
                 recording.bad_records(), kShown);
    // As decode: bad parts are skipped, and the run fails only when nothing could be read.
    if (failed == files_.size() || (recording.empty() && recording.bad_records() > 0)) {
      fmt::print(stderr, "skywitness replay: nothing to play\n");
      return 1;
    }

    replay::Server server(recording, o);
    // Before the address is printed: a script that reads it may signal at once.
    running_replay = &server;
    std::signal(SIGINT, stop_replaying);
    std::signal(SIGTERM, stop_replaying);
    std::string error;
    if (server.listen(error) < 0) {
      running_replay = nullptr;
      fmt::print(stderr, "skywitness replay: {}\n", error);
      return 1;
    }
    fmt::print("replay: serving {} on {}\n", format_, server.address());
    std::fflush(stdout);
    fmt::print(
        stderr, "skywitness replay: {} {} from {} file{}, {:.1f} s of recording{}\n",
        recording.size(), output == replay::Output::kSbs ? "lines" : "frames",
        files_.size() - failed, files_.size() - failed == 1 ? "" : "s", recording.duration_s(),
        speed_ > 0 ? fmt::format(" ({:.1f} s at speed {})", recording.duration_s() / speed_, speed_)
                   : std::string(" (unpaced: speed 0)"));
    const bool ok = server.run(error);
    running_replay = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    const auto& s = server.stats();
    fmt::print(stderr, "skywitness replay: {}{} of {} {} sent, {} client{} served, {} dropped\n",
               s.stopped ? "stopped: " : "", s.records_played, recording.size(),
               output == replay::Output::kSbs ? "lines" : "frames", s.clients,
               s.clients == 1 ? "" : "s", s.clients_dropped);
    if (!ok) {
      fmt::print(stderr, "skywitness replay: {}\n", error);
      return 1;
    }
    return 0;
  }

 private:
  std::vector<std::string> files_;
  std::string format_, listen_;
  double speed_ = 1, drain_s_ = 5;
  bool now_ = false, errors_ = false, quiet_ = false;
  std::size_t wait_clients_ = 1, buffer_mib_ = 8;
};

}  // namespace

std::unique_ptr<Command> make_replay_command() {
  return std::make_unique<ReplayCommand>();
}

}  // namespace skywitness::cli
