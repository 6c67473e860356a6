// Where alerts go: each sink on a thread of its own, given the alerts in the
// order recorded and trying each until it is taken (a line written and
// flushed, a webhook's 2xx), so that a slow or failing sink never holds up
// the feeds. What it acknowledges, the caller records in the store.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "skywitness/store/store.hpp"

namespace skywitness::live {

class Sink {
 public:
  virtual ~Sink() = default;
  // The name the store knows its deliveries by ("stdout", "file:/abs/path",
  // "webhook:URL").
  virtual const std::string& name() const = 0;
  // Delivers one alert; false (with `why`) when it was not taken, to be
  // tried again.
  virtual bool deliver(const store::AlertRecord& alert, std::string& why) = 0;
};

// JSON Lines to a file (appended, flushed and synced a line at a time) or
// to stdout ("-"). Throws std::runtime_error when the file cannot be opened.
std::unique_ptr<Sink> make_lines_sink(const std::string& path);
// An HTTP POST of each record (Content-Type application/json, with the
// alert's id in an Idempotency-Key header); a 2xx takes it.
std::unique_ptr<Sink> make_webhook_sink(const std::string& url);

class SinkWorker {
 public:
  using Log = std::function<void(const std::string&)>;
  SinkWorker(std::unique_ptr<Sink> sink, double backoff_min_s, double backoff_max_s, Log log);
  ~SinkWorker();
  SinkWorker(const SinkWorker&) = delete;
  SinkWorker& operator=(const SinkWorker&) = delete;

  const std::string& name() const { return sink_->name(); }
  void give(std::vector<store::AlertRecord> alerts);
  // The seqs delivered since the last call.
  std::vector<std::int64_t> take_acks();
  std::size_t owed();  // given and not yet delivered
  void stop();

 private:
  void run();

  std::unique_ptr<Sink> sink_;
  const double backoff_min_s_, backoff_max_s_;
  Log log_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<store::AlertRecord> queue_;
  std::vector<std::int64_t> acks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace skywitness::live
