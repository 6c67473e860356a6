// `skywitness serve`: the dashboard over HTTP (cpp-httplib): the JSON API
// (serve/api.hpp) under /api/, the alerts of `live` as server-sent events at
// /api/alerts/stream, the built pages (web/) under /static/, and the page for
// every route a reader can cite (/, /month/2024-03, /country/CN,
// /aircraft/a8f007, /itinerary/ID, /leg/ID, /legs, /search, /live).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "skywitness/serve/api.hpp"

namespace skywitness::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (Server::port() says which)
  // The built pages (index.html, app.js, ...); empty: the API alone, and a
  // page that says how to build them.
  std::string web_root;
  std::string cors_origin;  // Access-Control-Allow-Origin, only when given
  int threads = 0;          // 0: the library's default
  // Event streams (/api/alerts/stream) open at once; past that, 503. Each
  // holds one of the threads, so at most half of them are given to streams.
  int max_streams = 32;
  double stream_poll_s = 1;         // how often a stream looks for new alerts
  double stream_keep_alive_s = 15;  // a comment line after this long without a write
  // One line per request ("GET /api/overview 200 1.2 ms"), when set.
  std::function<void(const std::string&)> log;
};

// The file under `root` that a URL path below /static/ names ("app.js"),
// or nullopt with `why`: a path that would leave the folder (.., an
// absolute path, a symbolic link out of it), a hidden file, a folder, or no
// such file. `relative` is already percent-decoded.
std::optional<std::filesystem::path> static_file(const std::filesystem::path& root,
                                                 std::string_view relative, std::string& why);

// Whether a path is one of the pages (index.html is sent for it).
bool is_page(std::string_view path);

// The Content-Security-Policy every response carries.
std::string_view content_security_policy();

class Server {
 public:
  Server(Api& api, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the address; false with `error` ("127.0.0.1:8080: address in use").
  bool bind(std::string& error);
  int port() const;
  // Serves until stop() (from another thread or a signal handler's thread).
  void run();
  // Async-signal-safe: sets flags and shuts the listening socket. Open
  // event streams end within a tenth of a second, so run() returns promptly.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skywitness::serve
