// libFuzzer targets for the dashboard, on a database of the hole scenario's
// China itineraries (simulated and ingested once, at start; the schedules
// are left out, so that the start takes a second, not the fuzzing's time):
//   serve_api   the API's routing and parameters: the input is a path on its
//               first line and a parameter `key=value` on each line after;
//               every answer is 200, 400 or 404 with a JSON body.
//   serve_http  raw bytes sent to a real server on a loopback port (the
//               request parser, the router, the static files): any answer
//               is an HTTP/1.1 status line, and the server lives on.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "skywitness/analysis/analysis.hpp"
#include "skywitness/ingest/ingest.hpp"
#include "skywitness/serve/api.hpp"
#include "skywitness/serve/server.hpp"
#include "skywitness/sim/simulator.hpp"

namespace {

using namespace skywitness;

serve::Api& api() {
  static serve::Api* made = [] {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("skywitness-fuzz-serve-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string error;
    auto airports = geo::Airports::load_bundled(error);
    auto sc = sim::load_scenario("seed-2024-03-hole", error);
    if (!airports || !sc) __builtin_trap();
    sc->background.flights_per_day = 0;
    sc->schedules.clear();
    std::erase_if(sc->itineraries, [](const sim::ItinerarySpec& it) {
      return it.label.find("China") == std::string::npos;
    });
    sim::SimOptions opt;
    opt.out_dir = dir.string();
    opt.formats = sim::kOutTrace;
    sim::SimSummary sum;
    if (!sim::simulate(*sc, *airports, opt, sum, error)) __builtin_trap();
    const std::string db = (dir / "db.sqlite").string();
    {
      auto store = store::Store::open(db, error);
      if (!store) __builtin_trap();
      ingest::ingest(*store, *airports, {(dir / "traces").string()}, "fuzz", {});
    }
    analysis::Inputs in;
    in.db = db;
    analysis::Analysis a;
    if (!analysis::load(in, a).ok()) __builtin_trap();
    return new serve::Api(std::move(a));
  }();
  return *made;
}

#ifdef SKYWITNESS_FUZZ_HTTP
int server_port() {
  static const int port = [] {
    const auto web = std::filesystem::temp_directory_path() /
                     ("skywitness-fuzz-web-" + std::to_string(::getpid()));
    std::filesystem::create_directories(web / "sub");
    std::ofstream(web / "index.html") << "<!doctype html><title>skywitness</title>";
    std::ofstream(web / "sub" / "app.js") << "1";
    serve::ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.web_root = web.string();
    auto* s = new serve::Server(api(), o);
    std::string error;
    if (!s->bind(error)) __builtin_trap();
    std::thread([s] { s->run(); }).detach();
    return s->port();
  }();
  return port;
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
#ifndef SKYWITNESS_FUZZ_HTTP
  serve::Request req;
  std::size_t at = input.find('\n');
  req.path = "/api/" + input.substr(0, at);
  while (at != std::string::npos) {
    const std::size_t next = input.find('\n', at + 1);
    const std::string line = input.substr(at + 1, next == std::string::npos ? next : next - at - 1);
    const auto eq = line.find('=');
    req.params.emplace(line.substr(0, eq), eq == std::string::npos ? "" : line.substr(eq + 1));
    at = next;
  }
  const auto r = api().handle(req);
  if (r.status != 200 && r.status != 400 && r.status != 404) __builtin_trap();
  if (r.content_type == "application/json") {
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded()) __builtin_trap();
    if (r.status != 200 && (!j.contains("error") || !j.contains("parameter"))) __builtin_trap();
  }
#else
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) __builtin_trap();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server_port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) __builtin_trap();
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::size_t sent = 0;
  while (sent < input.size()) {
    const auto n = ::send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close on a bad request before reading it all
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string answer;
  char buf[4096];
  for (;;) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!answer.empty() && !answer.starts_with("HTTP/1.1 ")) __builtin_trap();
#endif
  return 0;
}
