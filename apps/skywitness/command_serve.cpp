#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "analysis.hpp"
#include "command.hpp"
#include "skywitness/core/data.hpp"
#include "skywitness/serve/api.hpp"
#include "skywitness/serve/server.hpp"

namespace skywitness::cli {
namespace {

namespace fs = std::filesystem;

serve::Server* running_server = nullptr;

extern "C" void stop_serving(int) {
  // httplib's stop() only sets a flag and shuts the listening socket.
  if (running_server) running_server->stop();
}

// The built pages: beside the program (the build folder's web/), else with
// the installed data (<prefix>/share/skywitness/web, skywitness/core/data.hpp).
std::string default_web_root() {
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  for (const auto& dir : {ec ? fs::path() : exe.parent_path() / "web", fs::path(data_path("web"))})
    if (!dir.empty() && fs::is_regular_file(dir / "index.html", ec)) return dir.string();
  return {};
}

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

// `skywitness serve`: the dashboard and its JSON API, from the database
// opened read-only (docs/serve.md).
class ServeCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--db", in_.db, "SQLite database written by skywitness ingest")->required();
    app.add_option("--listen", listen_,
                   "HOST:PORT to listen on; 127.0.0.1 unless told otherwise, port 0 for any "
                   "free one")
        ->default_val("127.0.0.1:8080");
    add_counting_options(app, in_);
    app.add_option("--web", web_,
                   "Folder of the built pages (default: web/ beside the program, or "
                   "share/skywitness/web installed)");
    app.add_option("--cors", cors_,
                   "Allow this origin (https://example.org) to call the API from its pages; none "
                   "by default");
    app.add_option("--threads", threads_,
                   "Threads answering requests; each keeps one connection while it is open, so "
                   "this many clients at once are answered without waiting")
        ->check(CLI::Range(1, 1024))
        ->default_val(256);
    app.add_flag("--log", log_, "One line on stderr per request");
    app.add_flag("-q,--quiet", in_.quiet, "No progress on stderr");
  }

  int run() override {
    serve::ServerOptions o;
    const auto colon = listen_.rfind(':');
    int port = -1;
    if (colon != std::string::npos && colon > 0) {
      try {
        std::size_t used = 0;
        port = std::stoi(listen_.substr(colon + 1), &used);
        if (used != listen_.size() - colon - 1) port = -1;
      } catch (const std::exception&) {
        port = -1;
      }
    }
    if (port < 0 || port > 65535) {
      fmt::print(stderr, "skywitness serve: --listen '{}' is not HOST:PORT (127.0.0.1:8080)\n",
                 listen_);
      return 2;
    }
    o.host = listen_.substr(0, colon);
    if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']')
      o.host = o.host.substr(1, o.host.size() - 2);
    o.port = port;
    o.cors_origin = cors_;
    o.threads = threads_;
    o.web_root = web_.empty() ? default_web_root() : web_;
    if (!web_.empty() && !fs::is_regular_file(fs::path(web_) / "index.html")) {
      fmt::print(stderr,
                 "skywitness serve: --web {}: no index.html there (build the target "
                 "skywitness_web)\n",
                 web_);
      return 2;
    }
    if (log_) o.log = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
    Analysis a;
    if (const int rc = load_analysis("serve", in_, a)) return rc;
    serve::Api api(std::move(a));
    serve::Server server(api, o);
    std::string error;
    if (!server.bind(error)) {
      fmt::print(stderr, "skywitness serve: {}\n", error);
      return 1;
    }
    const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    fmt::print("skywitness serve: http://{}:{}/ ({}; {} read-only){}\n", host, server.port(),
               api.summary(), in_.db, o.web_root.empty() ? "; the pages were not built" : "");
    if (!loopback(o.host))
      fmt::print(stderr,
                 "skywitness serve: warning: listening on {}, not only on this machine: anyone "
                 "who reaches it can read the database\n",
                 o.host);
    std::fflush(stdout);
    running_server = &server;
    std::signal(SIGINT, stop_serving);
    std::signal(SIGTERM, stop_serving);
    server.run();
    running_server = nullptr;
    if (!in_.quiet) fmt::print(stderr, "skywitness serve: stopped\n");
    return 0;
  }

 private:
  AnalysisInputs in_;
  std::string listen_, web_, cors_;
  int threads_ = 256;
  bool log_ = false;
};

}  // namespace

std::unique_ptr<Command> make_serve_command() {
  return std::make_unique<ServeCommand>();
}

}  // namespace skywitness::cli
