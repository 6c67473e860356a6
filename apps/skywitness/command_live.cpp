#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/live/live.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::cli {
namespace {

std::atomic<bool> stopping{false};

extern "C" void stop_live(int) {
  stopping = true;
}

// `skywitness live`: receiver feeds and aggregator polls followed as they
// come, legs to the store as they close, alerts for the watched aircraft
// (docs/live.md).
class LiveCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", db_, "SQLite database (made when missing), as ingest writes it")
        ->required();
    app.add_option("--connect", connect_,
                   "A receiver's output to follow: HOST:PORT/beast, /avr or /sbs (readsb's "
                   "30005, 30002, 30003); several allowed");
    app.add_option("--poll", poll_,
                   "An aircraft.json or v2 API URL to poll (http:// or https://); several allowed");
    app.add_option("--every", every_, "Seconds between polls")->default_val(5);
    app.add_option("--watchlist", watchlist_,
                   "Aircraft to alert on (without it: the profile's operators and those that fly "
                   "like them)");
    app.add_option("--profile", profile_, "Profile TOML (default: data/profiles/us-removal.toml)");
    app.add_flag("--all-aircraft", options_.monitor.all_aircraft, "Alert on every aircraft");
    app.add_option("--alerts", options_.alerts, "Alerts as JSON Lines to FILE, or - for stdout");
    app.add_option("--webhook", options_.webhook,
                   "POST each alert to this URL (retried until it answers 2xx)");
    app.add_option("--clock", clock_,
                   "Frame times: wall (when they arrive) or receiver (the Beast or AVR @ clock "
                   "from --clock-epoch, for replays)")
        ->check(CLI::IsMember({"wall", "receiver"}))
        ->default_val("wall");
    app.add_option("--clock-epoch", clock_epoch_,
                   "With --clock receiver: the UTC time of receiver clock tick 1");
    app.add_flag("--once", options_.once,
                 "Do not connect again to a feed that ends; stop when every feed has ended");
    app.add_option("--lost-after", options_.monitor.lost_after_s,
                   "Seconds of silence before a landing is inferred for an aircraft lost low "
                   "near a field")
        ->default_val(300);
    app.add_option("--first-seen-days", options_.monitor.first_seen_days,
                   "first_seen: heard again after this many days")
        ->default_val(30);
    app.add_option("--quiet-days", options_.monitor.quiet_days,
                   "country_resumed: no landing there by a watched aircraft for this many days")
        ->default_val(30);
    app.add_option("--commit-every", options_.monitor.commit_s,
                   "Seconds between commits of the positions heard")
        ->default_val(30);
    app.add_option("--status-every", options_.status_s,
                   "Seconds between status lines on stderr (0: none)")
        ->default_val(60);
    app.add_flag("-q,--quiet", quiet_, "Nothing on stderr but errors");
  }

  int run() override {
    auto fail = [](const std::string& what, int rc) {
      fmt::print(stderr, "skywitness live: {}\n", what);
      return rc;
    };
    std::string error;
    for (const auto& c : connect_) {
      auto f = live::parse_connect(c, error);
      if (!f) return fail("--connect " + error, 2);
      options_.feeds.push_back(*f);
    }
    for (const auto& u : poll_) {
      auto f = live::parse_poll(u, every_, error);
      if (!f) return fail("--poll " + error, 2);
      options_.feeds.push_back(*f);
    }
    if (options_.feeds.empty()) return fail("nothing to follow: give --connect or --poll", 2);
    if (!options_.webhook.empty() && !live::parse_url(options_.webhook, error))
      return fail(fmt::format("--webhook {}: {}", options_.webhook, error), 2);
    if (clock_ == "receiver") {
      options_.clock = live::ClockMode::kReceiver;
      const auto t = parse_iso8601(clock_epoch_);
      if (!t)
        return fail(fmt::format("--clock receiver needs --clock-epoch TIME (ISO 8601 UTC){}",
                                clock_epoch_.empty() ? "" : ", not '" + clock_epoch_ + "'"),
                    2);
      options_.clock_epoch = *t;
    } else if (!clock_epoch_.empty()) {
      return fail("--clock-epoch is for --clock receiver", 2);
    }
    auto profile = profile_.empty() ? roles::load_default_profile(error)
                                    : roles::load_profile(profile_, error);
    if (!profile) return fail(error, 2);
    std::optional<watchlist::Watchlist> watchlist;
    if (!watchlist_.empty()) {
      watchlist = watchlist::Watchlist::load(watchlist_, error);
      if (!watchlist) return fail(error, 2);
    }
    auto airports = geo::Airports::load_bundled(error);
    if (!airports) return fail(error, 1);
    auto db = store::Store::open(db_, error);
    if (!db) return fail(error, 1);

    std::mutex log_mu;
    if (!quiet_)
      options_.log = [&log_mu](const std::string& line) {
        std::lock_guard lock(log_mu);
        fmt::print(stderr, "{}\n", line);
      };
    std::uint64_t errors_shown = 0;
    FunctionReporter errors([&](const Error& e) {
      // A noisy feed: the first hundred, then a count at the end.
      if (errors_shown++ >= 100) return;
      std::lock_guard lock(log_mu);
      fmt::print(stderr, "{}\n", e.to_string());
    });
    options_.errors = &errors;
    std::signal(SIGINT, stop_live);
    std::signal(SIGTERM, stop_live);
    std::signal(SIGPIPE, SIG_IGN);
    try {
      const auto s = live::run_live(*db, *airports, *profile, watchlist ? &*watchlist : nullptr,
                                    options_, stopping);
      if (!quiet_)
        fmt::print(stderr,
                   "live: {} frames ({} duplicates from other feeds, {} bad), {} positions, {} "
                   "aircraft, {} legs closed, {} alerts ({} met again), {} delivered, {} owed; "
                   "{} bytes dropped\n",
                   s.frames, s.duplicates, s.input_errors, s.monitor.positions, s.monitor.aircraft,
                   s.monitor.legs_closed, s.monitor.alerts, s.monitor.alerts_met_again,
                   s.alerts_delivered, s.alerts_undelivered, s.bytes_dropped);
      return 0;
    } catch (const std::exception& e) {
      return fail(e.what(), 1);
    }
  }

 private:
  std::string db_, watchlist_, profile_, clock_, clock_epoch_;
  std::vector<std::string> connect_, poll_;
  double every_ = 5;
  bool quiet_ = false;
  live::LiveOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_live_command() {
  return std::make_unique<LiveCommand>();
}

}  // namespace skywitness::cli
