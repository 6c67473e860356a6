// `skywitness live`: follows receiver feeds (Beast, AVR, SBS over TCP, as
// readsb and dump1090 serve them) and aggregator JSON (aircraft.json, the v2
// API's {"ac": [...]}), merged into one track per aircraft, through the
// Monitor (monitor.hpp), with the alerts sent to their sinks (JSON Lines,
// webhook) until each acknowledges them. docs/live.md.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/core/status.hpp"
#include "skywitness/framing/framer.hpp"
#include "skywitness/geo/airports.hpp"
#include "skywitness/live/monitor.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"
#include "skywitness/watchlist/watchlist.hpp"

namespace skywitness::live {

struct FeedSpec {
  enum class Kind : std::uint8_t { kConnect, kPoll };
  Kind kind = Kind::kConnect;
  std::string host;  // kConnect
  int port = 0;
  framing::Format format = framing::Format::kBeast;
  std::string url;  // kPoll
  double every_s = 5;

  std::string name() const;  // "127.0.0.1:30005/beast", or the URL
};

// "HOST:PORT/beast|avr|sbs" ("[::1]:30005/beast" for IPv6); nullopt with
// `error` saying what is wrong.
std::optional<FeedSpec> parse_connect(std::string_view text, std::string& error);
// "http://HOST[:PORT]/PATH" (https:// where the build has TLS).
std::optional<FeedSpec> parse_poll(std::string_view url, double every_s, std::string& error);

// A URL as the webhook and the poller take it apart.
struct Url {
  std::string scheme, host, path;  // path with its query, "/" at least
  int port = 0;
  std::string origin() const;  // "http://host:port"
};
std::optional<Url> parse_url(std::string_view text, std::string& error);

enum class ClockMode : std::uint8_t {
  kWall,      // a frame's time is when it arrived
  kReceiver,  // the Beast 12 MHz counter or the AVR "@" clock, from clock_epoch (replays)
};

struct LiveOptions {
  std::vector<FeedSpec> feeds;
  ClockMode clock = ClockMode::kWall;
  std::optional<double> clock_epoch;  // kReceiver: the wall-clock time of tick 1
  // A feed that ends is not connected again, and the run ends when every
  // feed has ended (a replay); otherwise feeds are reconnected for ever.
  bool once = false;
  double backoff_min_s = 0.5, backoff_max_s = 30;  // between connection attempts
  double connect_timeout_s = 5;
  double stall_s = 60;  // a connected feed silent this long is dropped and connected again
  // Bytes read and not yet decoded, over every feed; past this a feed's
  // reads are dropped (and counted) rather than the feed held up.
  std::size_t queue_bytes = std::size_t{64} << 20;
  std::string alerts;    // JSON Lines to this file, or "-" for stdout; empty: none
  std::string webhook;   // POSTed to this URL; empty: none
  double drain_s = 10;   // at the end, how long the sinks may take to catch up
  double status_s = 60;  // seconds between status lines (0: none)
  MonitorOptions monitor;
  ErrorReporter* errors = nullptr;              // bad input, located by feed and byte offset
  std::function<void(const std::string&)> log;  // feeds and sinks coming and going
};

struct LiveStats {
  std::uint64_t bytes = 0, bytes_dropped = 0;
  std::uint64_t frames = 0, duplicates = 0, input_errors = 0;
  std::uint64_t connects = 0, disconnects = 0, polls = 0, polls_failed = 0;
  std::uint64_t alerts_delivered = 0;    // acknowledged by a sink, every sink counted
  std::uint64_t alerts_undelivered = 0;  // still owed to a sink at the end
  MonitorStats monitor;
};

// Runs until `stop` is set (a signal) or, with `once`, every feed has ended.
// Throws std::runtime_error on a database error, or when a sink cannot be
// opened (the alerts file).
LiveStats run_live(store::Store& db, const geo::Airports& airports, const roles::Profile& profile,
                   const watchlist::Watchlist* watchlist, const LiveOptions& options,
                   const std::atomic<bool>& stop);

}  // namespace skywitness::live
