#include "skywitness/serve/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <fstream>
#include <limits>
#include <memory>
#include <shared_mutex>
#include <sstream>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace skywitness::serve {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kPages[] = {"/month/", "/country/", "/aircraft/", "/itinerary/",
                                       "/leg/"};

std::string_view mime_type(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt" || ext == ".map") return "text/plain; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return std::move(s).str();
}

// Shown at the pages' routes when the pages were not built.
constexpr std::string_view kNoPages = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>skywitness</title></head>
<body><h1>skywitness serve</h1>
<p>The API is at <a href="/api/overview">/api/overview</a> (described by
<a href="/api/openapi.json">/api/openapi.json</a>), but the pages were not
built: build the target <code>skywitness_web</code> (it needs node and npm),
or give <code>--web</code> the folder they were built into.</p></body></html>
)";

// Sends `body`, which `owner` keeps alive, without a copy of it: answers
// and files are shared by every request that sends them.
void send_shared(httplib::Response& res, std::shared_ptr<const void> owner, std::string_view body,
                 const std::string& type) {
  res.set_content_provider(body.size(), type,
                           [owner = std::move(owner), body](std::size_t offset, std::size_t length,
                                                            httplib::DataSink& sink) {
                             sink.write(body.data() + offset, length);
                             return true;
                           });
}

void send_error(httplib::Response& res, int status, const std::string& message,
                const std::string& parameter = {}) {
  res.status = status;
  const nlohmann::json j = {
      {"error", message},
      {"parameter", parameter.empty() ? nlohmann::json() : nlohmann::json(parameter)}};
  res.set_content(j.dump() + "\n", "application/json");
}

// ---- the alerts' event stream

// Alerts read from the store a poll at most: more are sent at once after.
constexpr std::size_t kStreamBatch = 500;

// A socket address's port and numeric host ("127.0.0.1", "::1"); -1 when
// it is neither IPv4 nor IPv6.
int port_of(const sockaddr_storage& a, std::string* host = nullptr) {
  char text[INET6_ADDRSTRLEN] = {};
  int port = -1;
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    port = ntohs(v4->sin_port);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
  } else if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    port = ntohs(v6->sin6_port);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
  }
  if (host) *host = text;
  return port;
}

// The socket of the connection a request came on, or -1. httplib 0.11 tells
// a content provider nothing of a client that went away until a write to it
// fails, which for a stream that writes every 15 s holds a thread and a
// stream's place for half a minute; with the socket, the stream looks every
// tenth of a second. Found once per stream among this process's sockets by
// its two ends, which httplib gives the request.
int connection_socket(const httplib::Request& req) {
  if (req.local_port <= 0 || req.remote_port <= 0) return -1;
  const std::string_view remote =
      std::string_view(req.remote_addr).substr(0, req.remote_addr.find('%'));
  std::vector<int> by_ports, by_ends;
  std::error_code ec;
  for (auto it = fs::directory_iterator("/proc/self/fd", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    int fd = -1;
    if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc()) continue;
    sockaddr_storage local{}, peer{};
    socklen_t n = sizeof local, m = sizeof peer;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &n) != 0 ||
        ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &m) != 0)
      continue;
    std::string host;
    if (port_of(local) != req.local_port || port_of(peer, &host) != req.remote_port) continue;
    by_ports.push_back(fd);
    if (host == remote) by_ends.push_back(fd);
  }
  if (by_ends.size() == 1) return by_ends.front();
  return by_ports.size() == 1 ? by_ports.front() : -1;
}

// Whether the client closed its end (or the connection broke).
bool peer_gone(int fd) {
  if (fd < 0) return false;
  char c = 0;
  const auto n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

// Where to start: Last-Event-ID (a browser reconnecting) before ?after=;
// nullopt after a 400 is set.
std::optional<std::int64_t> stream_start(const httplib::Request& req, httplib::Response& res) {
  for (const auto& [k, v] : req.params) {
    if (k != "after") {
      send_error(
          res, 400,
          fmt::format("unknown parameter '{}' (this endpoint takes: after)", k.substr(0, 40)),
          k.substr(0, 40));
      return std::nullopt;
    }
    if (req.params.count(k) > 1) {
      send_error(res, 400, "'after' is given twice", "after");
      return std::nullopt;
    }
  }
  const bool resumed = req.has_header("Last-Event-ID");
  const std::string name = resumed ? "Last-Event-ID" : "after";
  const std::string text = resumed ? req.get_header_value("Last-Event-ID")
                                   : (req.has_param("after") ? req.get_param_value("after") : "0");
  std::int64_t after = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), after);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || after < 0) {
    send_error(res, 400,
               fmt::format("'{}' must be a whole number from 0 to {} (an alert's seq)", name,
                           std::numeric_limits<std::int64_t>::max()),
               name);
    return std::nullopt;
  }
  return after;
}

}  // namespace

std::string_view content_security_policy() {
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
         "form-action 'self'; frame-ancestors 'none'";
}

bool is_page(std::string_view path) {
  if (path == "/" || path == "/legs" || path == "/search" || path == "/live") return true;
  for (const auto p : kPages)
    if (path.starts_with(p) && path.size() > p.size() && path.find('/', p.size()) == path.npos)
      return true;
  return false;
}

std::optional<fs::path> static_file(const fs::path& root, std::string_view relative,
                                    std::string& why) {
  if (relative.empty() || relative.size() > 200) {
    why = "no such file";
    return std::nullopt;
  }
  if (relative.find('\0') != relative.npos || relative.find('\\') != relative.npos ||
      relative.front() == '/') {
    why = "not a file name";
    return std::nullopt;
  }
  const fs::path rel(relative);
  for (const auto& part : rel) {
    const std::string s = part.string();
    if (s == ".." || s == "." || s.empty() || s.front() == '.') {
      why = "not a file name";
      return std::nullopt;
    }
  }
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) {
    why = "the pages' folder cannot be read";
    return std::nullopt;
  }
  // Symbolic links are followed only when they stay inside the folder.
  const fs::path file = fs::canonical(base / rel, ec);
  if (ec) {
    why = "no such file";
    return std::nullopt;
  }
  const auto [end, at] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (end != base.end() || at == file.end()) {
    why = "outside the pages' folder";
    return std::nullopt;
  }
  if (!fs::is_regular_file(file, ec)) {
    why = "no such file";
    return std::nullopt;
  }
  return file;
}

struct Server::Impl {
  Api& api;
  ServerOptions options;
  httplib::Server http;
  int port = 0;
  int listening = -1;  // the listening socket, seen as httplib makes it
  // Set by stop(): open streams end. Lock-free, so stop() is signal-safe.
  std::atomic<bool> stopping{false};
  std::atomic<int> streams{0};  // open now
  int max_streams = 0;

  // One client's event stream: owned by its content provider, which httplib
  // drops when the response ends, however it ends.
  struct AlertStream {
    Impl& impl;
    std::int64_t after = 0;
    int socket = -1;
    bool started = false, behind = false;  // behind: the last read was a full batch
    Clock::time_point last_write;
    AlertStream(Impl& i, std::int64_t a, int s) : impl(i), after(a), socket(s) {}
    ~AlertStream() { --impl.streams; }
    AlertStream(const AlertStream&) = delete;
    AlertStream& operator=(const AlertStream&) = delete;
  };

  Impl(Api& a, ServerOptions o) : api(a), options(std::move(o)) {
    const int threads =
        options.threads > 0 ? options.threads : static_cast<int>(CPPHTTPLIB_THREAD_POOL_COUNT);
    max_streams = std::min(options.max_streams, std::max(1, threads / 2));
    if (options.threads > 0) {
      const int n = options.threads;
      http.new_task_queue = [n] { return new httplib::ThreadPool(static_cast<std::size_t>(n)); };
    }
    httplib::Headers headers = {{"Content-Security-Policy", std::string(content_security_policy())},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"},
                                {"Cross-Origin-Resource-Policy", "same-origin"}};
    if (!options.cors_origin.empty())
      headers.emplace("Access-Control-Allow-Origin", options.cors_origin);
    http.set_default_headers(std::move(headers));
    http.set_payload_max_length(64 * 1024);  // nothing here takes a body
    http.set_keep_alive_max_count(1000);
    // Headers and body go out in two writes: without this, Nagle's algorithm
    // and the client's delayed ACK hold the body back 40 ms.
    http.set_tcp_nodelay(true);
    // httplib listens with a backlog of 5: a burst of clients overflows the
    // accept queue, and those whose handshake the kernel then drops wait a
    // retransmission (a second and more). bind() listens again with more.
    http.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      listening = sock;
    });

    // Every method but GET and HEAD: 405. httplib answers unknown methods 400.
    auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", "GET, HEAD");
      send_error(res, 405, "only GET and HEAD are served");
    };
    http.Post(".*", not_allowed);
    http.Put(".*", not_allowed);
    http.Patch(".*", not_allowed);
    http.Delete(".*", not_allowed);
    http.Options(".*", [this](const httplib::Request&, httplib::Response& res) {
      res.status = 204;
      res.set_header("Allow", "GET, HEAD");
      if (!options.cors_origin.empty()) res.set_header("Access-Control-Allow-Methods", "GET, HEAD");
    });

    // Before /api/.*: the first handler that matches answers.
    http.Get(R"(/api/alerts/stream)", [this](const httplib::Request& req, httplib::Response& res) {
      open_stream(req, res);
    });
    http.Get(R"(/api/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      Request r;
      r.path = req.path;
      for (const auto& [k, v] : req.params) r.params.emplace(k, v);
      const auto out = api.answer(r);
      res.status = out->status;
      res.set_header("Cache-Control", "no-cache");
      if (!out->filename.empty())
        res.set_header("Content-Disposition",
                       fmt::format("attachment; filename=\"{}\"", out->filename));
      send_shared(res, out, out->body, out->content_type);
    });
    http.Get(R"(/static/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      serve_static(req.path.substr(8), res);
    });
    http.Get(R"(/favicon\.ico)",
             [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
    http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      if (!is_page(req.path)) {
        res.status = 404;
        res.set_content(
            "<!doctype html><title>Not found</title><p>No such page. <a "
            "href=\"/\">The overview</a>.</p>\n",
            "text/html; charset=utf-8");
        return;
      }
      serve_page(res);
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          send_error(res, 500, "the server failed on this request");
        });
    if (options.log)
      http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        options.log(fmt::format("{} {} {}", req.method, req.path, res.status));
      });
  }

  // GET /api/alerts/stream: the alerts recorded after Last-Event-ID (or
  // ?after=, else from the first), then each as it is recorded.
  void open_stream(const httplib::Request& req, httplib::Response& res) {
    const auto after = stream_start(req, res);
    if (!after) return;
    const bool stopped = stopping;
    if (stopped || ++streams > max_streams) {
      if (!stopped) --streams;
      res.set_header("Retry-After", "10");
      send_error(res, 503,
                 stopped ? std::string("the server is stopping")
                         : fmt::format("{} alert streams are open, as many as this server "
                                       "holds: try again shortly, or poll /api/alerts",
                                       max_streams));
      return;
    }
    auto stream = std::make_shared<AlertStream>(*this, *after, connection_socket(req));
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");  // a proxy in front: pass each event on
    res.set_chunked_content_provider("text/event-stream",
                                     [this, stream](std::size_t, httplib::DataSink& sink) {
                                       return stream_step(*stream, sink);
                                     });
  }

  // One call of the stream's content provider: waits for the next poll
  // (ending the stream when the server stops or the client has gone), then
  // sends what was recorded since, or a keep-alive comment when due. False
  // ends the response.
  bool stream_step(AlertStream& s, httplib::DataSink& sink) {
    using std::chrono::duration;
    using std::chrono::milliseconds;
    auto now = Clock::now();
    if (!s.started) {
      s.started = true;
      s.last_write = now;
      const std::string hello = fmt::format(": skywitness alerts after seq {}\n\n", s.after);
      if (!sink.write(hello.data(), hello.size())) return false;
    } else if (!s.behind) {
      const auto until = now + std::chrono::duration_cast<Clock::duration>(
                                   duration<double>(options.stream_poll_s));
      for (;;) {
        if (stopping || peer_gone(s.socket)) return false;
        now = Clock::now();
        if (now >= until) break;
        std::this_thread::sleep_for(std::min<Clock::duration>(until - now, milliseconds(100)));
      }
    }
    if (stopping) return false;
    std::vector<store::AlertRecord> got;
    try {
      got = api.alerts(s.after, kStreamBatch);
    } catch (const std::exception& e) {
      if (options.log) options.log(fmt::format("alerts stream: {}", e.what()));
      return false;  // the client reconnects, from Last-Event-ID
    }
    s.behind = got.size() == kStreamBatch;
    now = Clock::now();
    if (!got.empty()) {
      std::string text;
      for (const auto& a : got)
        text += fmt::format("id: {}\nevent: alert\ndata: {}\n\n", a.seq, Api::alert_json(a));
      s.after = got.back().seq;
      s.last_write = now;
      return sink.write(text.data(), text.size());
    }
    if (now - s.last_write >= std::chrono::duration_cast<Clock::duration>(
                                  duration<double>(options.stream_keep_alive_s))) {
      s.last_write = now;
      constexpr std::string_view kComment = ": keep-alive\n\n";
      return sink.write(kComment.data(), kComment.size());
    }
    return true;
  }

  // A file of the pages, read once: the folder is taken as it is when first
  // asked (a rebuilt folder is served after a restart).
  struct File {
    std::string body, type;
  };
  std::shared_mutex files_mutex;
  std::unordered_map<std::string, std::shared_ptr<const File>> files;

  // The file `relative` names in the pages' folder; null with `why`.
  std::shared_ptr<const File> file(const std::string& relative, std::string& why) {
    if (options.web_root.empty()) {
      why = "the pages were not built";
      return nullptr;
    }
    {
      std::shared_lock lock(files_mutex);
      if (const auto it = files.find(relative); it != files.end()) return it->second;
    }
    const auto path = static_file(options.web_root, relative, why);
    auto text = path ? read_file(*path) : std::nullopt;
    if (!text) {
      if (path) why = "cannot be read";
      return nullptr;
    }
    auto f = std::make_shared<const File>(File{std::move(*text), std::string(mime_type(*path))});
    std::unique_lock lock(files_mutex);
    return files.emplace(relative, std::move(f)).first->second;
  }

  void serve_page(httplib::Response& res) {
    res.set_header("Cache-Control", "no-cache");
    std::string why;
    const auto f = file("index.html", why);
    if (!f) {
      res.set_content(std::string(kNoPages), "text/html; charset=utf-8");
      return;
    }
    send_shared(res, f, f->body, f->type);
  }

  void serve_static(const std::string& relative, httplib::Response& res) {
    std::string why;
    const auto f = file(relative, why);
    if (!f) {
      res.status = 404;
      res.set_content(fmt::format("Not found: {}\n", why), "text/plain; charset=utf-8");
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    send_shared(res, f, f->body, f->type);
  }
};

Server::Server(Api& api, ServerOptions options)
    : impl_(std::make_unique<Impl>(api, std::move(options))) {}

Server::~Server() = default;

bool Server::bind(std::string& error) {
  auto& o = impl_->options;
  bool bound = false;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
    bound = impl_->port > 0;
  } else if (impl_->http.bind_to_port(o.host, o.port)) {
    impl_->port = o.port;
    bound = true;
  }
  if (bound) {
    if (impl_->listening >= 0) ::listen(impl_->listening, SOMAXCONN);
    return true;
  }
  error = fmt::format("{}:{}: cannot listen there (in use, or not an address of this machine)",
                      o.host, o.port);
  return false;
}

int Server::port() const {
  return impl_->port;
}

void Server::run() {
  impl_->http.listen_after_bind();
}

void Server::stop() {
  impl_->stopping = true;
  impl_->http.stop();
}

}  // namespace skywitness::serve
