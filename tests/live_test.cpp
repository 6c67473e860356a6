// skywitness live: the monitor against a scenario's ground truth, and the
// feeds over real loopback TCP: one feed, garbage and a dropped connection,
// two overlapping feeds, a restart half-way, a webhook that fails and recovers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/time.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/live/alert.hpp"
#include "skywitness/live/live.hpp"
#include "skywitness/live/monitor.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/pipeline/positions.hpp"
#include "skywitness/sim/simulator.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

using namespace test;
using nlohmann::json;

constexpr double kEpoch = 1709251200;  // 2024-03-01T00:00:00Z, the scenario's start
constexpr std::uint32_t kWatched = 0xa8f0f1;

// The scenario of tests/data/sim/live.json simulated once for every test.
struct Scenario {
  TempDir dir{"live"};
  sim::Plan plan;
  std::string beast, beast_bytes;
  watchlist::Watchlist watchlist;
  roles::Profile profile;
  Scenario() {
    plan = simulate_watched(std::string(SKYWITNESS_TEST_DATA) + "/sim/live.json", dir.path,
                            sim::kOutBeast);
    beast = dir.path + "/frames.beast";
    beast_bytes = read_file(beast);
    FunctionReporter none([](const Error& e) { ADD_FAILURE() << e.to_string(); });
    watchlist = watchlist::Watchlist::parse("address a8f0f1  # the watched one\n", none);
    std::string error;
    profile = *roles::load_default_profile(error);
  }
};

const Scenario& scenario() {
  static const Scenario s;
  return s;
}

struct Got {
  std::string type, airport, how;
  double time;
};

std::vector<Got> parse_alerts(const std::vector<std::string>& records) {
  std::vector<Got> out;
  for (const auto& r : records) {
    const auto j = json::parse(r);
    out.push_back({j["type"], j["airport"].is_null() ? "" : j["airport"].get<std::string>(),
                   j["how"], *parse_iso8601(j["time"].get<std::string>())});
  }
  return out;
}

std::vector<std::string> records_of(const std::vector<store::AlertRecord>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.record);
  return out;
}

// The frames of a Beast file through the decoder into a monitor, on the
// receiver's clock: the alerts it records.
std::vector<store::AlertRecord> monitor_file(store::Store& db, std::string_view bytes) {
  const auto& s = scenario();
  live::Monitor monitor(db, bundled_airports(), s.profile, &s.watchlist, {});
  bool started = false;
  double newest = 0, ticked = 0;
  pipeline::PositionOptions popt;
  popt.clock_epoch = kEpoch;
  pipeline::MessagePositions positions(popt, [&](const Position& p) {
    if (!started) monitor.start(p.t, "live:test");
    started = true;
    newest = std::max(newest, p.t);
    monitor.push(p);
    if (newest - ticked >= 1) monitor.tick(ticked = newest);
  });
  pipeline::DecodePipeline decoder({}, &positions);
  decoder.run_buffer(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(),
                     framing::Format::kBeast);
  monitor.finish(newest, true);
  return monitor.take_recorded();
}

const std::vector<store::AlertRecord>& reference_alerts() {
  static TempDir dir("live-ref");
  static const auto alerts = [] {
    auto db = open_db(dir.path + "/ref.db");
    return monitor_file(*db, scenario().beast_bytes);
  }();
  return alerts;
}

std::set<std::string> ids_of(const std::vector<std::string>& records) {
  std::set<std::string> ids;
  for (const auto& r : records) ids.insert(json::parse(r)["id"].get<std::string>());
  return ids;
}

TEST(LiveMonitor, AlertsFollowTheScenariosTruth) {
  const auto& s = scenario();
  const auto got = parse_alerts(records_of(reference_alerts()));
  // What the truth says should be alerted, leg by leg of the watched
  // aircraft: a takeoff (seen, or across the hole), a landing (seen, or
  // inferred where it fell in the hole, then confirmed by its reappearance)
  // and a landing abroad for a foreign field.
  std::multiset<std::string> want;
  std::size_t watched_legs = 0;
  for (const auto& l : s.plan.legs) {
    if (l.icao != kWatched) continue;
    ++watched_legs;
    const std::string to = l.landing_covered ? "observed" : "inferred";
    want.insert(
        fmt::format("takeoff {} {}", l.origin, l.takeoff_covered ? "observed" : "inferred"));
    if (l.landing_covered) {
      want.insert(fmt::format("landing {} observed", l.destination));
    } else {
      want.insert(fmt::format("landing_inferred {} inferred", l.destination));
      want.insert(fmt::format("landing_confirmed {} inferred", l.destination));
    }
    if (bundled_airports().find(l.destination)->country != "US")
      want.insert(fmt::format("landing_abroad {} {}", l.destination, to));
  }
  ASSERT_EQ(watched_legs, 2u);
  std::multiset<std::string> have;
  for (const auto& a : got) have.insert(fmt::format("{} {} {}", a.type, a.airport, a.how));
  EXPECT_EQ(have, want);
  // Seen ends at their true times; an inferred landing at the last sighting
  // before it, within the silence it was inferred from.
  for (const auto& l : s.plan.legs) {
    if (l.icao != kWatched) continue;
    for (const auto& a : got) {
      if (a.type == "takeoff" && a.airport == l.origin && a.how == "observed")
        EXPECT_NEAR(a.time, l.takeoff, 60) << l.origin;
      if (a.type == "landing" && a.airport == l.destination) EXPECT_NEAR(a.time, l.landing, 60);
      if (a.type == "landing_inferred" && a.airport == l.destination) {
        EXPECT_LT(a.time, l.landing);
        EXPECT_GT(a.time, l.landing - 900);
      }
    }
  }
}

TEST(LiveMonitor, StoresTheLegsIngestBuildsFromTheSameFrames) {
  TempDir dir("live-legs");
  const auto live_db = dir.path + "/live.db", ingest_db = dir.path + "/ingest.db";
  {
    auto db = open_db(live_db);
    monitor_file(*db, scenario().beast_bytes);
  }
  {
    auto db = open_db(ingest_db);
    ingest::IngestOptions opt;
    opt.clock_epoch = kEpoch;
    opt.progress_s = 0;
    const auto r = ingest::ingest(*db, bundled_airports(), {scenario().beast}, "test", opt);
    ASSERT_TRUE(r.fatal.empty()) << r.fatal;
  }
  const auto legs = {
      "SELECT icao, callsign, origin, destination, round(takeoff_time), round(landing_time), "
      "origin_how, destination_how, positions, track FROM legs ORDER BY icao, takeoff_time"};
  const auto rows = sqlite_rows(live_db, legs);
  EXPECT_EQ(rows, sqlite_rows(ingest_db, legs));
  // Every leg of the plan, and the end of the query.
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'),
            static_cast<std::ptrdiff_t>(scenario().plan.legs.size() + 1));
  // The alerts name the stored legs they end.
  for (const auto& r : reference_alerts()) {
    const auto j = json::parse(r.record);
    if (j["type"] == "landing") EXPECT_TRUE(j["leg_id"].is_number()) << r.record;
  }
}

TEST(LiveMonitor, AnAlertAlreadyRecordedIsNotRecordedAgain) {
  TempDir dir("live-again");
  auto db = open_db(dir.path + "/db");
  const auto first = monitor_file(*db, scenario().beast_bytes);
  ASSERT_FALSE(first.empty());
  // The same frames again (a second session of the same traffic): nothing new.
  EXPECT_TRUE(monitor_file(*db, scenario().beast_bytes).empty());
  EXPECT_EQ(db->alerts(0, 1000).size(), first.size());
}

TEST(LiveAlerts, IdsAreStableAndRecordsCarryEveryField) {
  EXPECT_EQ(live::alert_id(live::AlertType::kLandingAbroad, 0xa8f007, 1711780811.4),
            "landing_abroad-a8f007-20240330T064011Z");
  live::Alert a;
  a.type = live::AlertType::kLandingInferred;
  a.icao = 0xa8f007;
  a.airport = "ZYTX";
  a.candidates = {"ZYTX", "ZYYY"};
  a.time = 1711780811;
  a.observed = false;
  a.id = live::alert_id(a.type, a.icao, a.time);
  const auto j = json::parse(live::alert_json(a));
  for (const char* k : {"id", "type", "icao", "registration", "callsign", "airport", "country",
                        "time", "how", "leg_id", "reason"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["how"], "inferred");
  EXPECT_EQ(j["time"], "2024-03-30T06:40:11Z");
  EXPECT_TRUE(j["leg_id"].is_null());
  EXPECT_EQ(j["candidates"].size(), 2u);
  EXPECT_EQ(live::parse_alert_type("country_resumed"), live::AlertType::kCountryResumed);
  EXPECT_FALSE(live::parse_alert_type("crash"));
}

TEST(LiveAlerts, TheStoreOwesEachSinkWhatItHasNotAcknowledged) {
  TempDir dir("live-store");
  auto db = open_db(dir.path + "/db");
  store::AlertRecord a{0, "takeoff-a8f007-20240330T000000Z", "takeoff", 0xa8f007, 1711756800, "{}"};
  db->add_alert_sink("stdout");
  ASSERT_TRUE(db->put_alert(a));
  EXPECT_GT(a.seq, 0);
  store::AlertRecord again = a;
  EXPECT_FALSE(db->put_alert(again));  // the same id: not twice
  EXPECT_TRUE(db->find_alert(0xa8f007, "takeoff", 1711756700, 1711756900));
  EXPECT_FALSE(db->find_alert(0xa8f007, "landing", 0, 2e9));
  db->add_alert_sink("webhook:http://127.0.0.1:1/");  // new: owed only what comes next
  EXPECT_EQ(db->alerts_pending("stdout").size(), 1u);
  EXPECT_TRUE(db->alerts_pending("webhook:http://127.0.0.1:1/").empty());
  db->ack_alert(a.seq, "stdout");
  EXPECT_TRUE(db->alerts_pending("stdout").empty());
  EXPECT_EQ(db->alerts(0, 10).size(), 1u);
}

// ---------------------------------------------------------------- loopback

// A receiver's output on a loopback port: connection i is sent parts[i],
// then closed; after the last part it listens no more.
class FakeReceiver {
 public:
  explicit FakeReceiver(std::vector<std::string> parts) : parts_(std::move(parts)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (const auto& part : parts_) {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::size_t at = 0;
        while (at < part.size()) {
          const auto n = ::send(c, part.data() + at, part.size() - at, MSG_NOSIGNAL);
          if (n <= 0) break;
          at += static_cast<std::size_t>(n);
        }
        ::close(c);
      }
      ::close(fd_);
      done_ = true;
    });
  }
  ~FakeReceiver() {
    if (!done_) ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
  }
  int port() const { return port_; }
  bool done() const { return done_; }

 private:
  std::vector<std::string> parts_;
  int fd_ = -1, port_ = 0;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

live::LiveOptions options_for(const std::vector<int>& ports, const std::string& alerts) {
  live::LiveOptions o;
  for (int port : ports) {
    std::string error;
    auto f = live::parse_connect(fmt::format("127.0.0.1:{}/beast", port), error);
    EXPECT_TRUE(f) << error;
    o.feeds.push_back(*f);
  }
  o.clock = live::ClockMode::kReceiver;
  o.clock_epoch = kEpoch;
  o.once = true;
  o.alerts = alerts;
  o.backoff_min_s = 0.05;
  o.backoff_max_s = 0.2;
  o.status_s = 0;
  return o;
}

live::LiveStats run(store::Store& db, const live::LiveOptions& o, const std::atomic<bool>& stop) {
  const auto& s = scenario();
  return live::run_live(db, bundled_airports(), s.profile, &s.watchlist, o, stop);
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

TEST(LiveFeeds, ABeastFeedOverLoopbackGivesTheMonitorsAlerts) {
  TempDir dir("live-feed");
  FakeReceiver rx({scenario().beast_bytes});
  auto db = open_db(dir.path + "/db");
  std::atomic<bool> stop{false};
  const auto stats = run(*db, options_for({rx.port()}, dir.path + "/alerts.jsonl"), stop);
  EXPECT_EQ(stats.bytes, scenario().beast_bytes.size());
  const auto lines = lines_of(dir.path + "/alerts.jsonl");
  EXPECT_EQ(lines, records_of(reference_alerts()));
  EXPECT_EQ(stats.alerts_delivered, lines.size());
  EXPECT_TRUE(db->alerts_pending("file:" + dir.path + "/alerts.jsonl").empty());
}

TEST(LiveFeeds, GarbageAndADroppedConnectionLoseAndDoubleNothing) {
  TempDir dir("live-drop");
  const auto& bytes = scenario().beast_bytes;
  const std::size_t cut = bytes.size() / 2 + 7;  // inside a frame
  std::string garbage = "\x1a\x39\xff\xfe garbage \x1a\x1a\x1a";
  for (int i = 0; i < 200; ++i) garbage += static_cast<char>((i * 37) & 0xff);
  // The first connection ends in garbage half-way; the second sends on from
  // the frame after the cut, as a receiver's output does to a new client.
  std::size_t resume = cut;
  while (resume < bytes.size() && bytes[resume] != '\x1a') ++resume;
  FakeReceiver rx({bytes.substr(0, cut) + garbage, bytes.substr(resume)});
  auto db = open_db(dir.path + "/db");
  auto o = options_for({rx.port()}, dir.path + "/alerts.jsonl");
  o.once = false;  // connected again when it drops
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    while (!rx.done()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    stop = true;
  });
  const auto stats = run(*db, o, stop);
  stopper.join();
  EXPECT_GE(stats.connects, 2u);
  EXPECT_GT(stats.input_errors, 0u);  // the garbage, reported
  const auto lines = lines_of(dir.path + "/alerts.jsonl");
  // Stopped, not ended: the last landing's minute on the ground was heard,
  // so every alert of the whole file is there, each once.
  EXPECT_EQ(ids_of(lines), ids_of(records_of(reference_alerts())));
  EXPECT_EQ(lines.size(), ids_of(lines).size());
}

TEST(LiveFeeds, TwoOverlappingFeedsGiveTheAlertsOfOne) {
  TempDir dir("live-two");
  FakeReceiver a({scenario().beast_bytes}), b({scenario().beast_bytes});
  auto db = open_db(dir.path + "/db");
  std::atomic<bool> stop{false};
  const auto stats = run(*db, options_for({a.port(), b.port()}, dir.path + "/alerts.jsonl"), stop);
  EXPECT_GT(stats.duplicates, 0u);
  const auto lines = lines_of(dir.path + "/alerts.jsonl");
  EXPECT_EQ(ids_of(lines), ids_of(records_of(reference_alerts())));
  EXPECT_EQ(lines.size(), ids_of(lines).size());
}

TEST(LiveFeeds, ARestartHalfWayNeitherLosesNorDoubles) {
  TempDir dir("live-restart");
  const auto& bytes = scenario().beast_bytes;
  std::size_t cut = bytes.size() / 2;
  while (cut < bytes.size() && bytes[cut] != '\x1a') ++cut;
  auto db = open_db(dir.path + "/db");
  const std::string alerts = dir.path + "/alerts.jsonl";
  {
    // The first session is stopped (as a kill would, but cleanly) after
    // the first half; its open legs stay open.
    FakeReceiver rx({bytes.substr(0, cut)});
    auto o = options_for({rx.port()}, alerts);
    o.once = false;
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
      while (!rx.done()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      stop = true;
    });
    run(*db, o, stop);
    stopper.join();
  }
  const auto after_first = lines_of(alerts).size();
  EXPECT_GT(after_first, 0u);
  EXPECT_LT(after_first, reference_alerts().size());
  {
    FakeReceiver rx({bytes.substr(cut)});
    std::atomic<bool> stop{false};
    run(*db, options_for({rx.port()}, alerts), stop);
  }
  const auto lines = lines_of(alerts);
  EXPECT_EQ(ids_of(lines), ids_of(records_of(reference_alerts())));
  EXPECT_EQ(lines.size(), ids_of(lines).size());
}

TEST(LiveWebhook, AReceiverThatFailsThenRecoversGetsEveryAlertOnce) {
  TempDir dir("live-hook");
  httplib::Server hook;
  std::mutex mu;
  std::map<std::string, int> taken;
  int refused = 0;
  hook.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    if (refused < 3) {  // down at first
      ++refused;
      res.status = 503;
      return;
    }
    const auto j = json::parse(req.body);
    EXPECT_EQ(req.get_header_value("Idempotency-Key"), j["id"].get<std::string>());
    ++taken[j["id"].get<std::string>()];
    res.status = 204;
  });
  const int port = hook.bind_to_any_port("127.0.0.1");
  std::thread server([&] { hook.listen_after_bind(); });
  FakeReceiver rx({scenario().beast_bytes});
  auto db = open_db(dir.path + "/db");
  auto o = options_for({rx.port()}, "");
  o.webhook = fmt::format("http://127.0.0.1:{}/hook", port);
  std::atomic<bool> stop{false};
  const auto stats = run(*db, o, stop);
  hook.stop();
  server.join();
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(stats.alerts_undelivered, 0u);
  std::set<std::string> ids;
  for (const auto& [id, n] : taken) {
    EXPECT_EQ(n, 1) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids, ids_of(records_of(reference_alerts())));
}

TEST(LiveFeeds, SpecsAreParsedWithClearErrors) {
  std::string error;
  auto f = live::parse_connect("127.0.0.1:30005/beast", error);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->port, 30005);
  EXPECT_EQ(f->name(), "127.0.0.1:30005/beast");
  EXPECT_EQ(live::parse_connect("[::1]:30002/avr", error)->host, "::1");
  EXPECT_FALSE(live::parse_connect("127.0.0.1:30005", error));
  EXPECT_NE(error.find("HOST:PORT/FORMAT"), std::string::npos);
  EXPECT_FALSE(live::parse_connect("127.0.0.1:99999/beast", error));
  EXPECT_FALSE(live::parse_connect("127.0.0.1:30005/json", error));
  EXPECT_NE(error.find("beast, avr or sbs"), std::string::npos);
  EXPECT_TRUE(live::parse_poll("https://api.adsb.lol/v2/mil", 5, error));
  EXPECT_FALSE(live::parse_poll("ftp://x/", 5, error));
  EXPECT_FALSE(live::parse_poll("http://x/", 0.1, error));
  const auto u = live::parse_url("http://127.0.0.1:8080/a?b=1", error);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->path, "/a?b=1");
  EXPECT_EQ(u->origin(), "http://127.0.0.1:8080");
}

}  // namespace
}  // namespace skywitness
