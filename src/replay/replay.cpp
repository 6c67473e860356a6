#include "skywitness/replay/replay.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "skywitness/core/frame.hpp"
#include "skywitness/core/message.hpp"
#include "skywitness/framing/formats.hpp"
#include "skywitness/framing/framer.hpp"
#include "skywitness/io/source.hpp"

namespace skywitness::replay {

namespace {

constexpr std::uint64_t kClockMask = (std::uint64_t{1} << 48) - 1;
constexpr char kHex[] = "0123456789ABCDEF";

// dBFS back to the Beast signal byte (the inverse of the Beast framer's
// 20 * log10(byte / 255)), so that a Beast input's signal byte comes out as
// it went in.
std::uint8_t signal_byte(float rssi) {
  if (std::isnan(rssi)) return kDefaultSignal;
  const double v = std::round(255.0 * std::pow(10.0, static_cast<double>(rssi) / 20.0));
  return static_cast<std::uint8_t>(std::clamp(v, 1.0, 255.0));
}

void append_beast(std::string& out, const Frame& f, std::uint64_t clock, std::uint8_t signal) {
  char buf[2 + 2 * (6 + 1 + 14)];
  std::size_t n = 0;
  buf[n++] = 0x1a;
  buf[n++] = f.len == 2 ? '1' : f.len == 7 ? '2' : '3';
  auto put = [&](std::uint8_t b) {
    buf[n++] = static_cast<char>(b);
    if (b == 0x1a) buf[n++] = static_cast<char>(b);
  };
  for (int i = 5; i >= 0; --i) put(static_cast<std::uint8_t>(clock >> (8 * i)));
  put(signal);
  for (unsigned i = 0; i < f.len; ++i) put(f.bytes[i]);
  out.append(buf, n);
}

// `clock` 0: no clock, "*HEX;".
void append_avr(std::string& out, const Frame& f, std::uint64_t clock) {
  char buf[1 + 12 + 28 + 2];
  std::size_t n = 0;
  if (clock != 0) {
    buf[n++] = '@';
    for (int i = 11; i >= 0; --i) buf[n++] = kHex[(clock >> (4 * i)) & 15];
  } else {
    buf[n++] = '*';
  }
  for (unsigned i = 0; i < f.len; ++i) {
    buf[n++] = kHex[f.bytes[i] >> 4];
    buf[n++] = kHex[f.bytes[i] & 15];
  }
  buf[n++] = ';';
  buf[n++] = '\n';
  out.append(buf, n);
}

}  // namespace

// Reads one file into a Recording: the framers' sink, encoding each frame
// (or taking each SBS line) as it is handed over.
class Loader final : public framing::FrameSink {
 public:
  Loader(Recording& r, std::string name, ErrorReporter& errors)
      : r_(r), name_(std::move(name)), errors_(errors), last_t_(r.end_t_) {}

  Frame& begin_frame() override {
    frame_ = Frame{};
    return frame_;
  }

  void end_frame() override {
    if (failed()) return;
    if (r_.output_ == Output::kSbs) {
      fail(ErrorKind::kUsage, fmt::format("{} cannot be replayed as SBS (SBS output passes SBS "
                                          "lines through; frames carry no decoded fields); "
                                          "replay them as beast or avr",
                                          kind_));
      return;
    }
    const Frame& f = frame_;
    const double t = due(clock_value(f));
    std::uint64_t clock = f.ticks & kClockMask;
    if (f.mlat) {
      clock = framing::kMlatMagicTimestamp;
    } else if (clock == 0 && !std::isnan(f.t)) {
      if (!r_.have_wall_first_) {
        r_.have_wall_first_ = true;
        r_.wall_first_ = f.t;
      }
      const double ticks = std::round((f.t - r_.wall_first_) * 12e6);
      clock = ticks <= 0
                  ? 1
                  : std::min<std::uint64_t>(static_cast<std::uint64_t>(ticks) + 1, kClockMask);
    }
    if (r_.output_ == Output::kBeast)
      append_beast(r_.data_, f, clock, signal_byte(f.rssi));
    else
      append_avr(r_.data_, f, clock);
    r_.records_.push_back({t, r_.data_.size()});
  }

  void on_message(const Message& m) override {
    if (failed()) return;
    if (r_.output_ != Output::kSbs) {
      fail(ErrorKind::kUsage,
           fmt::format("SBS lines cannot be replayed as {} (SBS carries decoded fields, not "
                       "frames); replay them as sbs",
                       framing::format_name(r_.output_)));
      return;
    }
    const std::optional<double> v =
        m.has_field(Field::kTime) ? std::optional<double>(m.frame.t) : std::nullopt;
    const double t = due(v);
    // The line as it came, terminator and all; the last one given a '\n'.
    const std::size_t at = std::min<std::size_t>(m.frame.offset, text_.size());
    const std::size_t eol = text_.find('\n', at);
    if (eol == std::string_view::npos) {
      r_.data_.append(text_.substr(at));
      r_.data_ += '\n';
    } else {
      r_.data_.append(text_.substr(at, eol + 1 - at));
    }
    r_.records_.push_back({t, r_.data_.size()});
  }

  void on_error(const Error& e) override {
    if (failed()) return;
    if (e.kind == ErrorKind::kFormat) {  // the detecting framer found no format
      fail(e.kind, e.message);
      return;
    }
    ++r_.bad_records_;
    error_ = e;
    error_.where.file = name_;
    errors_.report(error_);
  }

  // Reads the file through its framer; the Status of the file as a whole.
  Status run(const std::string& path) {
    auto opened = io::open_source(path);
    if (!opened.source) return Status::failure(ErrorKind::kIo, Location{}, opened.error);
    io::ByteSource& src = *opened.source;
    constexpr std::size_t kChunk = 1 << 18;
    std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[kChunk]);
    // The first bytes, enough to tell the format (a plain file's first read
    // may hold only the 4 bytes sniffed for compression).
    std::string head;
    while (head.size() < framing::kDetectBytes) {
      const std::size_t n = src.read(buf.get(), kChunk);
      if (n == 0) break;
      head.append(reinterpret_cast<const char*>(buf.get()), n);
    }
    if (head.empty()) {
      read_error(src);
      return {};  // an empty input is not an error
    }
    framing::Format format{};
    if (!framing::detect_format(reinterpret_cast<const std::uint8_t*>(head.data()), head.size(),
                                format))
      return Status::failure(ErrorKind::kFormat, Location{name_},
                             "cannot tell the input format from its first bytes (not AVR, Beast, "
                             "SBS, hex or CSV)");
    kind_ = format == framing::Format::kBeast ? "Beast frames"
            : format == framing::Format::kAvr ? "AVR frames"
            : format == framing::Format::kHex ? "hex frames"
            : format == framing::Format::kCsv ? "CSV frames"
                                              : "frames";
    auto framer = framing::make_framer(format);
    if (format == framing::Format::kSbs || format == framing::Format::kDetect) {
      // SBS lines are passed through as they are: the text is kept whole.
      // (kDetect: the whole input is in `head` already, fewer bytes than
      // detection needs.)
      src.read_all(head);
      text_ = head;
      framer->feed(reinterpret_cast<const std::uint8_t*>(head.data()), head.size(), *this);
    } else {
      framer->feed(reinterpret_cast<const std::uint8_t*>(head.data()), head.size(), *this);
      while (!failed()) {
        const std::size_t n = src.read(buf.get(), kChunk);
        if (n == 0) break;
        framer->feed(buf.get(), n, *this);
      }
    }
    if (!failed()) framer->finish(*this);
    if (failed()) return std::move(*failure_);
    read_error(src);
    r_.end_t_ = last_t_;
    return {};
  }

 private:
  bool failed() const { return failure_.has_value(); }

  void fail(ErrorKind kind, std::string message) {
    failure_ = Status::failure(kind, Location{name_}, std::move(message));
  }

  void read_error(const io::ByteSource& src) {
    if (src.error().empty()) return;
    // What came before the fault is played; say what stopped the rest.
    error_ = Error{ErrorKind::kIo, Location{name_},
                   framing::fault_name(framing::Fault::kInputError), src.error()};
    errors_.report(error_);
  }

  // The frame's own time on its file's clock: the 12 MHz clock when the
  // file's first timed frame had one, else the wall-clock time.
  std::optional<double> clock_value(const Frame& f) {
    if (basis_ == Basis::kNone) {
      if (f.ticks != 0)
        basis_ = Basis::kTicks;
      else if (!std::isnan(f.t))
        basis_ = Basis::kWall;
    }
    if (basis_ == Basis::kTicks && f.ticks != 0) return static_cast<double>(f.ticks) / 12e6;
    if (basis_ == Basis::kWall && !std::isnan(f.t)) return f.t;
    return std::nullopt;
  }

  // When a record with this clock value is due: relative to the file's
  // first, after the previous file's end, never before the record before.
  // A clock that goes back by more than kClockReset (a receiver restarted,
  // files concatenated) goes on from the point reached; frames a little
  // out of order are due with the frame before them.
  double due(std::optional<double> v) {
    static constexpr double kClockReset = 1;
    if (v) {
      if (!have_first_) {
        have_first_ = true;
        first_ = *v;
      }
      const double t = r_.end_t_ + (*v - first_);
      if (t < last_t_ - kClockReset) first_ = *v - (last_t_ - r_.end_t_);
      last_t_ = std::max(last_t_, t);
    }
    return last_t_;
  }

  enum class Basis : std::uint8_t { kNone, kTicks, kWall };

  Recording& r_;
  std::string name_;
  ErrorReporter& errors_;
  Frame frame_;
  Error error_;  // reused from one bad record to the next
  std::optional<Status> failure_;
  std::string_view text_;  // SBS: the whole input
  const char* kind_ = "frames";
  Basis basis_ = Basis::kNone;
  bool have_first_ = false;
  double first_ = 0;
  double last_t_;
};

Status Recording::add_file(const std::string& path, ErrorReporter& errors) {
  const std::size_t bytes = data_.size(), records = records_.size();
  const double end_t = end_t_, wall_first = wall_first_;
  const bool have_wall_first = have_wall_first_;
  Loader loader(*this, path == "-" ? "<stdin>" : path, errors);
  Status st = loader.run(path);
  if (!st.ok()) {
    // The file is left out as a whole.
    data_.resize(bytes);
    records_.resize(records);
    end_t_ = end_t;
    wall_first_ = wall_first;
    have_wall_first_ = have_wall_first;
  }
  return st;
}

std::size_t Recording::end_due_by(double t) const {
  const auto it = std::upper_bound(records_.begin(), records_.end(), t,
                                   [](double v, const Record& r) { return v < r.t; });
  return it == records_.begin() ? 0 : static_cast<std::size_t>(std::prev(it)->end);
}

std::size_t Recording::records_before(std::size_t offset) const {
  const auto it = std::upper_bound(records_.begin(), records_.end(), offset,
                                   [](std::size_t v, const Record& r) { return v < r.end; });
  return static_cast<std::size_t>(it - records_.begin());
}

std::size_t Recording::boundary_at_or_after(std::size_t offset) const {
  if (offset == 0) return 0;
  const auto it = std::lower_bound(records_.begin(), records_.end(), offset,
                                   [](const Record& r, std::size_t v) { return r.end < v; });
  return it == records_.end() ? data_.size() : static_cast<std::size_t>(it->end);
}

// ---------------------------------------------------------------- serving

namespace {

using SteadyClock = std::chrono::steady_clock;

std::string address_text(const sockaddr* sa) {
  char host[NI_MAXHOST] = "?", port[NI_MAXSERV] = "?";
  const socklen_t len = sa->sa_family == AF_INET6 ? sizeof(sockaddr_in6)
                                                  : static_cast<socklen_t>(sizeof(sockaddr_in));
  ::getnameinfo(sa, len, host, sizeof host, port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV);
  return sa->sa_family == AF_INET6 ? fmt::format("[{}]:{}", host, port)
                                   : fmt::format("{}:{}", host, port);
}

// At speed 0, how far the playback point runs ahead of the fastest client:
// what one write may send it.
std::size_t window(std::size_t client_buffer) {
  return std::max<std::size_t>(1, std::min<std::size_t>(client_buffer / 2, std::size_t{4} << 20));
}

}  // namespace

Server::Server(const Recording& recording, ServerOptions options)
    : recording_(recording), options_(std::move(options)) {}

Server::~Server() {
  for (auto& c : clients_) close_client(c);
  for (int fd : {listen_fd_, wake_[0], wake_[1]})
    if (fd >= 0) ::close(fd);
}

int Server::listen(std::string& error) {
  if (options_.host.empty()) {
    error = "no host to listen on (127.0.0.1 for this machine only)";
    return -1;
  }
  if (options_.port < 0 || options_.port > 65535) {
    error = fmt::format("port {} is not 0..65535", options_.port);
    return -1;
  }
  const std::string wanted = options_.host.find(':') != std::string::npos
                                 ? fmt::format("[{}]:{}", options_.host, options_.port)
                                 : fmt::format("{}:{}", options_.host, options_.port);
  if (wake_[0] < 0 && ::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) {
    error = fmt::format("{}: cannot make a pipe: {}", wanted, std::strerror(errno));
    return -1;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  if (const int rc = ::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    error = fmt::format("{}: {}", wanted, ::gai_strerror(rc));
    return -1;
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  int last_errno = 0;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd =
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // "::" is IPv6 only: nothing but what was asked is listened on.
    if (a->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 64) != 0) {
      last_errno = errno;
      ::close(fd);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = fd;
    address_ = address_text(reinterpret_cast<const sockaddr*>(&bound));
    return bound.ss_family == AF_INET6
               ? ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port)
               : ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
  }
  error = fmt::format("{}: {}", wanted, std::strerror(last_errno ? last_errno : EADDRNOTAVAIL));
  return -1;
}

void Server::stop() {
  stop_.store(true);
  if (wake_[1] >= 0) {
    const char b = 1;
    // Async-signal-safe; a full pipe already says it.
    [[maybe_unused]] const ssize_t n = ::write(wake_[1], &b, 1);
  }
}

void Server::close_client(Client& c) {
  if (c.fd < 0) return;
  // The peer gets what was sent, then the end of the stream.
  ::shutdown(c.fd, SHUT_WR);
  ::close(c.fd);
  c.fd = -1;
}

void Server::drop(Client& c, const std::string& why) {
  if (c.fd < 0) return;
  ++stats_.clients_dropped;
  if (options_.warn) options_.warn(fmt::format("dropped client {}: {}", c.name, why));
  close_client(c);
}

void Server::accept_clients(bool started, std::size_t played) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN: none left; anything else: tried again at the next poll
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    Client c;
    c.fd = fd;
    // A client joins at the current point, at a record's start, as it would
    // a receiver's port; before playback starts, at the beginning.
    c.pos = started ? recording_.boundary_at_or_after(played) : 0;
    c.name = address_text(reinterpret_cast<const sockaddr*>(&peer));
    ++stats_.clients;
    if (options_.log) options_.log(fmt::format("client {} connected", c.name));
    clients_.push_back(std::move(c));
  }
}

bool Server::run(std::string& error) {
  if (listen_fd_ < 0) {
    error = "run() before listen()";
    return false;
  }
  const std::string_view data = recording_.bytes();
  const std::size_t end = data.size();
  const std::size_t ahead = window(options_.client_buffer);
  const double speed = std::max(0.0, options_.speed);
  bool started = options_.start_clients == 0;
  SteadyClock::time_point t0 = SteadyClock::now(), drain_until{};
  bool at_end = false;
  std::size_t played = 0;  // the playback point: a byte offset into `data`
  std::vector<pollfd> fds;
  char sink[4096];
  bool ok = true;

  for (;;) {
    if (stop_.load()) {
      stats_.stopped = true;
      break;
    }
    const auto now = SteadyClock::now();
    if (started) {
      if (speed > 0) {
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        played = std::max(played, recording_.end_due_by(elapsed * speed));
      } else {
        std::size_t fastest = 0;
        bool any = false;
        for (const auto& c : clients_)
          if (c.fd >= 0) {
            any = true;
            fastest = std::max(fastest, c.pos);
          }
        // No client to take it: nothing holds playback up.
        played = any ? std::max(played, std::min(end, fastest + ahead)) : end;
      }
    }
    for (auto& c : clients_)
      if (c.fd >= 0 && played > c.pos && played - c.pos > options_.client_buffer)
        drop(c, fmt::format("it is {} bytes behind (more than its buffer of {}): it does not read "
                            "fast enough",
                            played - c.pos, options_.client_buffer));
    std::erase_if(clients_, [](const Client& c) { return c.fd < 0; });

    if (started && played == end) {
      if (!at_end) {
        at_end = true;
        drain_until = now + std::chrono::duration_cast<SteadyClock::duration>(
                                std::chrono::duration<double>(std::max(0.0, options_.drain_s)));
      }
      const bool drained = std::all_of(clients_.begin(), clients_.end(),
                                       [&](const Client& c) { return c.pos == end; });
      if (drained) break;
      if (now >= drain_until) {
        for (auto& c : clients_)
          if (c.pos != end)
            drop(c, fmt::format("{} bytes not taken when the drain time ended", end - c.pos));
        break;
      }
    }

    // How long to wait: for a client, the next record's time, or the drain's end.
    int timeout_ms = -1;
    if (started) {
      double wait_s = 1;
      if (at_end) {
        wait_s = std::chrono::duration<double>(drain_until - now).count();
      } else if (speed > 0) {
        const std::size_t next = recording_.records_before(played);
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        if (next < recording_.size()) wait_s = recording_.due(next) / speed - elapsed;
      }
      timeout_ms = static_cast<int>(std::ceil(std::clamp(wait_s, 0.0, 1.0) * 1000));
    }

    fds.clear();
    fds.push_back({wake_[0], POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const auto& c : clients_)
      fds.push_back({c.fd, static_cast<short>(POLLIN | (c.pos < played ? POLLOUT : 0)), 0});
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("poll: {}", std::strerror(errno));
      ok = false;
      break;
    }
    if (fds[0].revents & POLLIN)
      while (::read(wake_[0], sink, sizeof sink) > 0) {
      }
    for (std::size_t i = 0; i < clients_.size(); ++i) {
      Client& c = clients_[i];
      const short ev = fds[i + 2].revents;
      if (ev == 0) continue;
      if (ev & (POLLIN | POLLHUP | POLLERR)) {
        // Clients have nothing to say: what they send is read and dropped
        // (unread bytes would make the close a reset).
        for (;;) {
          const ssize_t n = ::recv(c.fd, sink, sizeof sink, MSG_DONTWAIT);
          if (n > 0) continue;
          if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            if (options_.log) options_.log(fmt::format("client {} left", c.name));
            close_client(c);
          }
          break;
        }
        if (c.fd < 0) continue;
      }
      if ((ev & POLLOUT) && c.pos < played) {
        const ssize_t n =
            ::send(c.fd, data.data() + c.pos, played - c.pos, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
          c.pos += static_cast<std::size_t>(n);
          stats_.bytes_sent += static_cast<std::uint64_t>(n);
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
          if (options_.log)
            options_.log(fmt::format("client {} left ({})", c.name, std::strerror(errno)));
          close_client(c);
        }
      }
    }
    std::erase_if(clients_, [](const Client& c) { return c.fd < 0; });
    if (fds[1].revents & POLLIN) {
      accept_clients(started, played);
      if (!started && clients_.size() >= options_.start_clients) {
        started = true;
        t0 = SteadyClock::now();
      }
    }
  }
  stats_.records_played = recording_.records_before(played);
  for (auto& c : clients_) close_client(c);
  clients_.clear();
  return ok;
}

}  // namespace skywitness::replay
