// libFuzzer target for `skywitness live`: the feed and URL parsers on text,
// and the monitor on positions made from the bytes (aircraft, time steps,
// moves, altitudes, ground and climb) over a database in a temporary file,
// kept from one input to the next as a long session would be. Nothing may
// crash, and an alert recorded must be valid JSON with its id.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "skywitness/geo/airports.hpp"
#include "skywitness/live/alert.hpp"
#include "skywitness/live/live.hpp"
#include "skywitness/live/monitor.hpp"
#include "skywitness/roles/profile.hpp"
#include "skywitness/store/store.hpp"

namespace {

using namespace skywitness;

struct Session {
  std::string path;
  std::unique_ptr<store::Store> db;
  std::optional<geo::Airports> airports;
  std::optional<roles::Profile> profile;
  std::unique_ptr<live::Monitor> monitor;
  double t = 1709251200;  // 2024-03-01
  Session() {
    char name[] = "/tmp/skywitness-fuzz-live-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) std::abort();
    ::close(fd);
    ::unlink(name);
    path = name;
    std::string error;
    db = store::Store::open(path, error);
    airports = geo::Airports::load_bundled(error);
    profile = roles::load_default_profile(error);
    if (!db || !airports || !profile) std::abort();
    live::MonitorOptions o;
    o.all_aircraft = true;
    o.commit_s = 5;
    monitor = std::make_unique<live::Monitor>(*db, *airports, *profile, nullptr, o);
    monitor->start(t, "live:fuzz");
  }
  ~Session() {
    monitor.reset();
    db.reset();
    for (const char* s : {"", "-wal", "-shm"}) ::unlink((path + s).c_str());
  }
};

void parsers(std::string_view text) {
  std::string error;
  if (auto f = live::parse_connect(text, error)) {
    std::string again;
    if (!live::parse_connect(f->name(), again)) __builtin_trap();  // its name parses back
  }
  (void)live::parse_poll(text, 5, error);
  if (auto u = live::parse_url(text, error))
    if (u->path.empty() || u->path[0] != '/' || u->port <= 0) __builtin_trap();
  (void)live::parse_alert_type(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  if (data[0] & 1) {
    parsers(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    return 0;
  }
  static Session s;
  // Around San Antonio, so that fields are near: 8 bytes a position.
  for (std::size_t i = 1; i + 8 <= size; i += 8) {
    const std::uint8_t* b = data + i;
    Position p;
    p.icao = 0xa8f000 + (b[0] & 3);
    s.t += b[1] & 0x3f;
    if (b[1] & 0x40) s.t += 900;  // a gap
    p.t = s.t;
    p.lat = 29.53 + (static_cast<int>(b[2]) - 128) * 0.01;
    p.lon = -98.47 + (static_cast<int>(b[3]) - 128) * 0.01;
    p.alt_baro = (b[4] | (b[5] << 8)) % 45000;
    p.on_ground = (b[6] & 1) != 0;
    p.has = static_cast<std::uint8_t>(Position::kAlt | ((b[6] & 2) ? Position::kVrate : 0));
    p.vrate = (static_cast<int>(b[7]) - 128) * 40;
    s.monitor->push(p);
    s.monitor->tick(s.t);
  }
  for (const auto& a : s.monitor->take_recorded()) {
    const auto j = nlohmann::json::parse(a.record, nullptr, false);
    if (!j.is_object() || j["id"] != a.id) __builtin_trap();
  }
  return 0;
}
