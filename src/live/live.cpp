#include "skywitness/live/live.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <httplib.h>

#include "sinks.hpp"
#include "skywitness/core/time.hpp"
#include "skywitness/pipeline/decode_pipeline.hpp"
#include "skywitness/pipeline/positions.hpp"
#include "skywitness/tracks/aircraft_json.hpp"

namespace skywitness::live {

std::string FeedSpec::name() const {
  if (kind == Kind::kPoll) return url;
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}{}{}:{}/{}", v6 ? "[" : "", host, v6 ? "]" : "", port,
                     framing::format_name(format));
}

namespace {

bool parse_port(std::string_view s, int& port) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
  return ec == std::errc{} && end == s.data() + s.size() && port > 0 && port < 65536;
}

// "host:port" or "[v6]:port" -> host and port.
bool split_host_port(std::string_view hp, std::string& host, int& port, bool port_optional) {
  std::string_view h = hp, p;
  if (hp.starts_with('[')) {
    const auto close = hp.find(']');
    if (close == std::string_view::npos) return false;
    h = hp.substr(1, close - 1);
    const auto rest = hp.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return false;
      p = rest.substr(1);
    }
  } else if (const auto colon = hp.rfind(':'); colon != std::string_view::npos) {
    h = hp.substr(0, colon);
    p = hp.substr(colon + 1);
  }
  if (h.empty()) return false;
  host = h;
  if (p.empty()) return port_optional;
  return parse_port(p, port);
}

double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::optional<FeedSpec> parse_connect(std::string_view text, std::string& error) {
  const auto slash = text.rfind('/');
  if (slash == std::string_view::npos) {
    error = fmt::format("'{}': expected HOST:PORT/FORMAT, with FORMAT beast, avr or sbs", text);
    return std::nullopt;
  }
  FeedSpec f;
  const auto fmt_name = text.substr(slash + 1);
  if (!framing::parse_format(fmt_name, f.format) || !framing::is_receiver_output(f.format)) {
    error = fmt::format("'{}': unknown feed format '{}' (beast, avr or sbs)", text, fmt_name);
    return std::nullopt;
  }
  if (!split_host_port(text.substr(0, slash), f.host, f.port, false)) {
    error =
        fmt::format("'{}': expected HOST:PORT before /{} (a port from 1 to 65535)", text, fmt_name);
    return std::nullopt;
  }
  return f;
}

std::string Url::origin() const {
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", scheme, v6 ? "[" : "", host, v6 ? "]" : "", port);
}

std::optional<Url> parse_url(std::string_view text, std::string& error) {
  Url u;
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    error = "not a URL (expected http://HOST[:PORT]/PATH)";
    return std::nullopt;
  }
  u.scheme = text.substr(0, sep);
  if (u.scheme != "http" && u.scheme != "https") {
    error = fmt::format("scheme '{}' is not http or https", u.scheme);
    return std::nullopt;
  }
  auto rest = text.substr(sep + 3);
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  u.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  u.port = u.scheme == "https" ? 443 : 80;
  if (authority.find('@') != std::string_view::npos) {
    error = "credentials in the URL are not supported";
    return std::nullopt;
  }
  if (!split_host_port(authority, u.host, u.port, true)) {
    error = "no host, or a bad port";
    return std::nullopt;
  }
  return u;
}

std::optional<FeedSpec> parse_poll(std::string_view url, double every_s, std::string& error) {
  if (!parse_url(url, error)) {
    error = fmt::format("'{}': {}", url, error);
    return std::nullopt;
  }
  if (!(every_s >= 0.5)) {
    error = fmt::format("--every {}: poll at most twice a second", every_s);
    return std::nullopt;
  }
  FeedSpec f;
  f.kind = FeedSpec::Kind::kPoll;
  f.url = url;
  f.every_s = every_s;
  return f;
}

namespace {

// What the feed threads hand the decoder: bytes read, a poll's body, or
// word that a feed connected or ended.
struct Item {
  enum class Kind : std::uint8_t {
    kBytes,
    kSnapshot,
    kConnected,
    kEnded,
    kPollFailed
  } kind = Kind::kBytes;
  std::size_t feed = 0;
  double arrival = 0;
  std::string data;
};

// Bounded by bytes; a push never waits: what does not fit is dropped and counted.
class Queue {
 public:
  explicit Queue(std::size_t limit) : limit_(limit) {}
  bool push(Item item) {
    {
      std::lock_guard lock(mu_);
      if (item.kind == Item::Kind::kBytes || item.kind == Item::Kind::kSnapshot) {
        if (bytes_ + item.data.size() > limit_) {
          dropped_ += item.data.size();
          return false;
        }
        bytes_ += item.data.size();
      }
      items_.push_back(std::move(item));
    }
    cv_.notify_one();
    return true;
  }
  // Waits up to `timeout_s` for items; takes every one there is.
  std::deque<Item> take(double timeout_s) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] { return !items_.empty(); });
    bytes_ = 0;
    return std::exchange(items_, {});
  }
  std::uint64_t dropped() {
    std::lock_guard lock(mu_);
    return dropped_;
  }

 private:
  const std::size_t limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> items_;
  std::size_t bytes_ = 0;
  std::uint64_t dropped_ = 0;
};

// Sleeps up to `s` seconds, waking when `stop` is set.
void nap(double s, const std::atomic<bool>& stop) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(s);
  while (!stop && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// A TCP connection to host:port within `timeout_s`; -1 with `why`.
int connect_to(const std::string& host, int port, double timeout_s, std::string& why) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    why = ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (auto* ai = found; ai; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    if (errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, static_cast<int>(timeout_s * 1000)) == 1) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err == 0) break;
        why = std::strerror(err);
      } else {
        why = "timed out";
      }
    } else {
      why = std::strerror(errno);
    }
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  return fd;
}

// One receiver feed: connect, read, hand over; again, after a pause that
// doubles, when it drops (or, with `once`, not).
void follow_feed(std::size_t id, const FeedSpec& spec, const LiveOptions& opt, Queue& queue,
                 const std::atomic<bool>& stop) {
  double backoff = opt.backoff_min_s;
  const std::string name = spec.name();
  auto log = [&](const std::string& s) {
    if (opt.log) opt.log(s);
  };
  while (!stop) {
    std::string why;
    const int fd = connect_to(spec.host, spec.port, opt.connect_timeout_s, why);
    if (fd < 0) {
      log(fmt::format("{}: cannot connect ({}); trying again in {:.1f} s", name, why, backoff));
      nap(backoff, stop);
      backoff = std::min(backoff * 2, opt.backoff_max_s);
      continue;
    }
    log(fmt::format("{}: connected", name));
    queue.push({Item::Kind::kConnected, id, wall_now(), {}});
    backoff = opt.backoff_min_s;
    std::string buf(1 << 16, '\0');
    auto last_data = std::chrono::steady_clock::now();
    std::string ended = "closed by the peer";
    while (!stop) {
      pollfd p{fd, POLLIN, 0};
      const int rc = ::poll(&p, 1, 200);
      if (rc < 0 && errno != EINTR) {
        ended = std::strerror(errno);
        break;
      }
      if (rc <= 0) {
        if (std::chrono::steady_clock::now() - last_data >
            std::chrono::duration<double>(opt.stall_s)) {
          ended = fmt::format("silent for {:.0f} s", opt.stall_s);
          break;
        }
        continue;
      }
      const auto n = ::recv(fd, buf.data(), buf.size(), 0);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        ended = std::strerror(errno);
        break;
      }
      last_data = std::chrono::steady_clock::now();
      queue.push({Item::Kind::kBytes, id, wall_now(), buf.substr(0, static_cast<std::size_t>(n))});
    }
    ::close(fd);
    queue.push({Item::Kind::kEnded, id, wall_now(), {}});
    if (stop) break;
    if (opt.once) {
      log(fmt::format("{}: ended ({})", name, ended));
      break;
    }
    log(fmt::format("{}: disconnected ({}); connecting again in {:.1f} s", name, ended, backoff));
    nap(backoff, stop);
    backoff = std::min(backoff * 2, opt.backoff_max_s);
  }
}

// One aggregator URL, polled every spec.every_s.
void poll_feed(std::size_t id, const FeedSpec& spec, const LiveOptions& opt, Queue& queue,
               const std::atomic<bool>& stop) {
  std::string error;
  const auto url = parse_url(spec.url, error);
  httplib::Client client(url->origin());
  client.set_connection_timeout(static_cast<time_t>(opt.connect_timeout_s), 0);
  client.set_read_timeout(30, 0);
  client.set_decompress(true);
  double backoff = opt.backoff_min_s;
  bool up = false;
  while (!stop) {
    auto res = client.Get(url->path, {{"User-Agent", "skywitness-live"}});
    std::string why;
    if (!res) {
      why = httplib::to_string(res.error());
    } else if (res->status != 200) {
      why = fmt::format("HTTP {}", res->status);
    } else {
      if (!up && opt.log) opt.log(fmt::format("{}: polling every {:g} s", spec.url, spec.every_s));
      if (!up) queue.push({Item::Kind::kConnected, id, wall_now(), {}});
      up = true;
      backoff = opt.backoff_min_s;
      queue.push({Item::Kind::kSnapshot, id, wall_now(), std::move(res->body)});
      nap(spec.every_s, stop);
      continue;
    }
    if (up) queue.push({Item::Kind::kEnded, id, wall_now(), {}});
    up = false;
    queue.push({Item::Kind::kPollFailed, id, wall_now(), {}});
    if (opt.log)
      opt.log(fmt::format("{}: poll failed ({}); trying again in {:.1f} s", spec.url, why,
                          std::max(backoff, spec.every_s)));
    nap(std::max(backoff, spec.every_s), stop);
    backoff = std::min(backoff * 2, opt.backoff_max_s);
  }
}

// The same frame from two receivers that hear the same aircraft: dropped
// the second time, within 2 s (or, on receiver clocks, with the same clock).
class Dedup {
 public:
  explicit Dedup(bool by_clock) : by_clock_(by_clock) {}
  bool seen(std::size_t feed, const Frame& f, double when) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned i = 0; i < f.len; ++i) {
      h ^= f.bytes[i];
      h *= 1099511628211ULL;
    }
    if (by_clock_) h ^= f.ticks * 0x9E3779B97F4A7C15ULL;
    if (when - pruned_ > 1) {
      std::erase_if(recent_, [&](const auto& kv) { return when - kv.second.when > window(); });
      pruned_ = when;
    }
    auto [it, fresh] = recent_.try_emplace(h, Entry{when, feed});
    if (fresh) return false;
    if (it->second.feed == feed || when - it->second.when > window()) {
      it->second = Entry{when, feed};
      return false;
    }
    return true;
  }

 private:
  struct Entry {
    double when;
    std::size_t feed;
  };
  double window() const { return by_clock_ ? 10.0 : 2.0; }
  bool by_clock_;
  std::unordered_map<std::uint64_t, Entry> recent_;
  double pruned_ = 0;
};

// One feed's framer hands its frames to the shared decoder, timed and with
// duplicates from other feeds dropped; its errors are named by the feed.
class FeedFrames final : public framing::FrameSink {
 public:
  FeedFrames(std::size_t id, std::string name, pipeline::DecodePipeline& decoder, Dedup* dedup,
             bool wall, LiveStats& stats, ErrorReporter* errors)
      : id_(id),
        name_(std::move(name)),
        decoder_(decoder),
        dedup_(dedup),
        wall_(wall),
        stats_(stats),
        errors_(errors) {}

  void arrived(double when) { when_ = when; }
  Frame& begin_frame() override {
    frame_ = &decoder_.begin_frame();
    return *frame_;
  }
  void end_frame() override {
    ++stats_.frames;
    if (wall_) frame_->t = when_;
    if (dedup_ && dedup_->seen(id_, *frame_, when_)) {
      ++stats_.duplicates;
      return;
    }
    decoder_.end_frame();
  }
  void on_message(const Message& message) override {
    ++stats_.frames;
    if (!wall_) {
      decoder_.on_message(message);
      return;
    }
    Message m = message;
    m.frame.t = when_;
    m.set(Field::kTime);
    decoder_.on_message(m);
  }
  void on_error(const Error& e) override {
    ++stats_.input_errors;
    if (!errors_) return;
    Error located = e;
    located.where.file = name_;
    errors_->report(located);
  }

 private:
  std::size_t id_;
  std::string name_;
  pipeline::DecodePipeline& decoder_;
  Dedup* dedup_;
  bool wall_;
  LiveStats& stats_;
  ErrorReporter* errors_;
  Frame* frame_ = nullptr;
  double when_ = 0;
};

std::string session_input(double now) {
  return "live:" + format_iso8601(std::floor(now));
}

}  // namespace

LiveStats run_live(store::Store& db, const geo::Airports& airports, const roles::Profile& profile,
                   const watchlist::Watchlist* watchlist, const LiveOptions& opt,
                   const std::atomic<bool>& stop) {
  LiveStats stats;
  const bool wall = opt.clock == ClockMode::kWall;
  auto log = [&](const std::string& s) {
    if (opt.log) opt.log(s);
  };

  // The sinks first: an alerts file that cannot be opened stops the run
  // before it connects anywhere.
  std::vector<std::unique_ptr<SinkWorker>> sinks;
  {
    std::vector<std::unique_ptr<Sink>> made;
    if (!opt.alerts.empty()) made.push_back(make_lines_sink(opt.alerts));
    if (!opt.webhook.empty()) made.push_back(make_webhook_sink(opt.webhook));
    for (auto& s : made) {
      db.begin();
      db.add_alert_sink(s->name());
      db.commit();
      auto owed = db.alerts_pending(s->name());
      if (!owed.empty()) log(fmt::format("{}: {} alerts owed from before", s->name(), owed.size()));
      sinks.push_back(std::make_unique<SinkWorker>(std::move(s), opt.backoff_min_s,
                                                   opt.backoff_max_s, opt.log));
      sinks.back()->give(std::move(owed));
    }
  }

  Monitor monitor(db, airports, profile, watchlist, opt.monitor);
  double stream_now = wall ? wall_now() : 0;
  bool started = false;
  auto start = [&](double now) {
    if (started) return;
    started = true;
    monitor.start(now, session_input(wall ? now : wall_now()));
  };
  if (wall) start(stream_now);

  pipeline::PositionOptions popt;
  if (!wall) popt.clock_epoch = opt.clock_epoch;
  double newest = 0;  // the newest position time: the stream's clock on receiver time
  double ticked = 0;
  std::size_t connected = 0, ended = 0;
  // Since when the feeds are covering (on receiver time: from the first
  // position after a feed connected).
  double covered_from = std::numeric_limits<double>::quiet_NaN();
  // On receiver time the stream's clock is its positions': it moves a
  // second at a time however fast they come (a replay at full speed).
  auto push = [&](const Position& p) {
    if (!started) start(p.t);
    newest = std::max(newest, p.t);
    if (connected > 0 && std::isnan(covered_from)) covered_from = p.t;
    monitor.push(p);
    if (!wall && newest - ticked >= 1) {
      ticked = newest;
      monitor.tick(newest);
    }
  };
  pipeline::MessagePositions positions(popt, push);
  pipeline::DecodePipeline decoder(pipeline::DecodeConfig{}, &positions);
  std::optional<Dedup> dedup;
  if (opt.feeds.size() > 1) dedup.emplace(!wall);

  ErrorReporter* errors = opt.errors;
  struct FeedState {
    std::unique_ptr<FeedFrames> sink;
    std::unique_ptr<framing::Framer> framer;
    std::unique_ptr<tracks::AircraftJsonReader> reader;
    bool connected = false, ended = false;
  };
  std::vector<FeedState> feeds(opt.feeds.size());
  for (std::size_t i = 0; i < opt.feeds.size(); ++i) {
    const auto& spec = opt.feeds[i];
    auto& f = feeds[i];
    if (spec.kind == FeedSpec::Kind::kConnect) {
      f.sink = std::make_unique<FeedFrames>(i, spec.name(), decoder, dedup ? &*dedup : nullptr,
                                            wall, stats, errors);
    } else {
      static FunctionReporter null_errors([](const Error&) {});
      f.reader = std::make_unique<tracks::AircraftJsonReader>(
          push, errors ? *errors : null_errors,
          [&](std::uint32_t icao, std::string_view reg, std::string_view type) {
            monitor.set_info(icao, reg, type);
          });
    }
  }

  Queue queue(opt.queue_bytes);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < opt.feeds.size(); ++i) {
    const auto& spec = opt.feeds[i];
    threads.emplace_back([&, i] {
      if (spec.kind == FeedSpec::Kind::kConnect)
        follow_feed(i, spec, opt, queue, stop);
      else
        poll_feed(i, spec, opt, queue, stop);
    });
  }

  auto last_status = std::chrono::steady_clock::now();
  std::uint64_t frames_at_status = 0;
  auto deliver = [&] {
    auto fresh = monitor.take_recorded();
    for (auto& s : sinks) s->give(fresh);
    bool any = false;
    for (auto& s : sinks) {
      const auto acks = s->take_acks();
      if (acks.empty()) continue;
      if (!any) db.begin();
      any = true;
      for (auto seq : acks) db.ack_alert(seq, s->name());
      stats.alerts_delivered += acks.size();
    }
    if (any) db.commit();
  };

  while (!stop && !(opt.once && ended == opt.feeds.size())) {
    for (auto& item : queue.take(0.2)) {
      auto& f = feeds[item.feed];
      const auto& spec = opt.feeds[item.feed];
      switch (item.kind) {
        case Item::Kind::kConnected:
          ++stats.connects;
          if (!f.connected && connected++ == 0)
            covered_from = wall ? item.arrival : std::numeric_limits<double>::quiet_NaN();
          f.connected = true;
          if (f.sink) {
            f.framer = framing::make_framer(spec.format);
          }
          break;
        case Item::Kind::kPollFailed:
          ++stats.polls_failed;
          break;
        case Item::Kind::kEnded:
          if (f.framer) f.framer->finish(*f.sink);
          f.framer.reset();
          if (f.connected) {
            ++stats.disconnects;
            if (--connected == 0 && started && !std::isnan(covered_from))
              monitor.covered(covered_from, wall ? item.arrival : newest);
          }
          f.connected = false;
          if (opt.once && !f.ended) {
            f.ended = true;
            ++ended;
          }
          break;
        case Item::Kind::kBytes:
          stats.bytes += item.data.size();
          if (!f.framer) break;
          f.sink->arrived(item.arrival);
          f.framer->feed(reinterpret_cast<const std::uint8_t*>(item.data.data()), item.data.size(),
                         *f.sink);
          break;
        case Item::Kind::kSnapshot:
          ++stats.polls;
          stats.bytes += item.data.size();
          f.reader->read_text(item.data, spec.url);
          break;
      }
    }
    if (wall)
      stream_now = wall_now();
    else
      stream_now = newest;
    if (started) {
      if (connected > 0 && !std::isnan(covered_from)) monitor.covered(covered_from, stream_now);
      monitor.tick(stream_now);
    }
    deliver();
    if (opt.status_s > 0 && std::chrono::steady_clock::now() - last_status >
                                std::chrono::duration<double>(opt.status_s)) {
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - last_status).count();
      last_status = std::chrono::steady_clock::now();
      const auto& m = monitor.stats();
      log(fmt::format("live: {} of {} feeds up, {:.0f} frames/s, {} aircraft, {} alerts", connected,
                      opt.feeds.size(), static_cast<double>(stats.frames - frames_at_status) / s,
                      m.aircraft, m.alerts));
      frames_at_status = stats.frames;
    }
  }
  for (auto& t : threads) t.join();
  // What was read and not yet decoded.
  for (auto& item : queue.take(0)) {
    auto& f = feeds[item.feed];
    if (item.kind == Item::Kind::kBytes && f.framer) {
      f.sink->arrived(item.arrival);
      f.framer->feed(reinterpret_cast<const std::uint8_t*>(item.data.data()), item.data.size(),
                     *f.sink);
    }
  }
  for (auto& f : feeds)
    if (f.framer) f.framer->finish(*f.sink);
  if (started) {
    stream_now = wall ? wall_now() : newest;
    if (connected > 0 && !std::isnan(covered_from)) monitor.covered(covered_from, stream_now);
    monitor.finish(stream_now, opt.once && ended == opt.feeds.size() && !stop);
  }
  deliver();
  // The sinks catch up, for a while.
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(opt.drain_s);
  while (std::chrono::steady_clock::now() < until) {
    std::size_t owed = 0;
    for (auto& s : sinks) owed += s->owed();
    if (owed == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& s : sinks) s->stop();
  deliver();
  for (auto& s : sinks) stats.alerts_undelivered += s->owed();
  stats.bytes_dropped = queue.dropped();
  stats.monitor = monitor.stats();
  return stats;
}

}  // namespace skywitness::live
