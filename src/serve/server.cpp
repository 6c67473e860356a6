#include "skywitness/serve/server.hpp"

#include <sys/socket.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <shared_mutex>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace skywitness::serve {
namespace fs = std::filesystem;

namespace {

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

}  // namespace

std::string_view content_security_policy() {
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
         "form-action 'self'; frame-ancestors 'none'";
}

bool is_page(std::string_view path) {
  if (path == "/" || path == "/legs" || path == "/search") return true;
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

  Impl(Api& a, ServerOptions o) : api(a), options(std::move(o)) {
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
  impl_->http.stop();
}

}  // namespace skywitness::serve
