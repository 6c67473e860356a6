// libFuzzer target for the whole ingest job on one input file of any kind:
// content sniffing, tar archives (libarchive), gzip, trace JSON, OpenSky CSV,
// decode JSON Lines and raw frames, into an in-memory database. Whatever the
// bytes, the run ends without a fatal error and the stored legs are sane.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "skywitness/ingest/ingest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace skywitness;
  static const auto airports = [] {
    std::string error;
    auto a = geo::Airports::load_bundled(error);
    if (!a) __builtin_trap();
    return *a;
  }();
  static const std::string dir = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("skywitness-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  const std::string path = dir + "/input";
  std::filesystem::remove(path);
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::string error;
  auto db = store::Store::open(":memory:", error);
  if (!db) __builtin_trap();
  ingest::IngestOptions opt;
  opt.clock_epoch = 1.7e9;
  const auto r = ingest::ingest(*db, airports, {path}, "fuzz", opt);
  if (!r.fatal.empty()) __builtin_trap();
  for (const auto& rec : db->legs({})) {
    if (!std::isfinite(rec.leg.origin.time) || !std::isfinite(rec.leg.destination.time))
      __builtin_trap();
  }
  return 0;
}
