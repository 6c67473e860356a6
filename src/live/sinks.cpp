#include "sinks.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unordered_set>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "skywitness/live/live.hpp"

namespace skywitness::live {
namespace {

class LinesSink final : public Sink {
 public:
  explicit LinesSink(const std::string& path) {
    if (path == "-") {
      name_ = "stdout";
      file_ = stdout;
      return;
    }
    std::error_code ec;
    const auto abs = std::filesystem::absolute(path, ec).lexically_normal().string();
    name_ = "file:" + abs;
    // The ids already in the file: a line written by a session killed
    // before it recorded the delivery is not written again.
    if (std::FILE* in = std::fopen(path.c_str(), "r")) {
      char line[1 << 14];
      while (std::fgets(line, sizeof line, in)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.contains("id") && j["id"].is_string())
          written_.insert(j["id"].get<std::string>());
      }
      std::fclose(in);
    }
    file_ = std::fopen(path.c_str(), "a");
    if (!file_)
      throw std::runtime_error(
          fmt::format("{}: cannot open for the alerts: {}", path, std::strerror(errno)));
    own_ = true;
  }
  ~LinesSink() override {
    if (own_) std::fclose(file_);
  }
  const std::string& name() const override { return name_; }
  bool deliver(const store::AlertRecord& a, std::string& why) override {
    if (written_.contains(a.id)) return true;
    if (std::fprintf(file_, "%s\n", a.record.c_str()) < 0 || std::fflush(file_) != 0) {
      why = std::strerror(errno);
      std::clearerr(file_);
      return false;
    }
    // A line is delivered once it is on the disk, not in a cache.
    if (own_ && ::fsync(fileno(file_)) != 0 && errno != EINVAL) {
      why = std::strerror(errno);
      return false;
    }
    return true;
  }

 private:
  std::string name_;
  std::FILE* file_ = nullptr;
  bool own_ = false;
  std::unordered_set<std::string> written_;
};

class WebhookSink final : public Sink {
 public:
  explicit WebhookSink(const std::string& url) {
    std::string error;
    auto u = parse_url(url, error);
    if (!u) throw std::runtime_error(fmt::format("--webhook {}: {}", url, error));
    url_ = *u;
    name_ = "webhook:" + url;
    client_ = std::make_unique<httplib::Client>(url_.origin());
    client_->set_connection_timeout(5, 0);
    client_->set_read_timeout(10, 0);
    client_->set_write_timeout(10, 0);
  }
  const std::string& name() const override { return name_; }
  bool deliver(const store::AlertRecord& a, std::string& why) override {
    httplib::Headers headers = {{"Idempotency-Key", a.id}, {"User-Agent", "skywitness-live"}};
    auto res = client_->Post(url_.path, headers, a.record, "application/json");
    if (!res) {
      why = httplib::to_string(res.error());
      return false;
    }
    if (res->status < 200 || res->status > 299) {
      why = fmt::format("HTTP {}", res->status);
      return false;
    }
    return true;
  }

 private:
  Url url_;
  std::string name_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace

std::unique_ptr<Sink> make_lines_sink(const std::string& path) {
  return std::make_unique<LinesSink>(path);
}

std::unique_ptr<Sink> make_webhook_sink(const std::string& url) {
  return std::make_unique<WebhookSink>(url);
}

SinkWorker::SinkWorker(std::unique_ptr<Sink> sink, double backoff_min_s, double backoff_max_s,
                       Log log)
    : sink_(std::move(sink)),
      backoff_min_s_(backoff_min_s),
      backoff_max_s_(backoff_max_s),
      log_(std::move(log)),
      thread_([this] { run(); }) {}

SinkWorker::~SinkWorker() {
  stop();
}

void SinkWorker::give(std::vector<store::AlertRecord> alerts) {
  if (alerts.empty()) return;
  {
    std::lock_guard lock(mu_);
    for (auto& a : alerts) queue_.push_back(std::move(a));
  }
  cv_.notify_one();
}

std::vector<std::int64_t> SinkWorker::take_acks() {
  std::lock_guard lock(mu_);
  return std::exchange(acks_, {});
}

std::size_t SinkWorker::owed() {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void SinkWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SinkWorker::run() {
  double backoff = backoff_min_s_;
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    const store::AlertRecord a = queue_.front();
    lock.unlock();
    std::string why;
    const bool ok = sink_->deliver(a, why);
    lock.lock();
    if (ok) {
      queue_.pop_front();
      acks_.push_back(a.seq);
      if (backoff > backoff_min_s_ && log_) log_(fmt::format("{}: delivering again", name()));
      backoff = backoff_min_s_;
      continue;
    }
    if (log_)
      log_(fmt::format("{}: alert {} not delivered ({}); trying again in {:.1f} s", name(), a.id,
                       why, backoff));
    cv_.wait_for(lock, std::chrono::duration<double>(backoff), [&] { return stopping_; });
    backoff = std::min(backoff * 2, backoff_max_s_);
  }
}

}  // namespace skywitness::live
